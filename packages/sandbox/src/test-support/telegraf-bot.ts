import { Telegraf } from 'telegraf';
import type { Sandbox } from '../sandbox.js';
import type { SandboxBot } from '../telegram/transcript.js';

/** A telegraf bot pointed at the sandbox, launched in polling mode. */
export interface RunningBot {
  readonly bot: Telegraf;
  /** Settles when polling ends; rejects with the error that ended it (e.g. a 409). */
  readonly polling: Promise<void>;
  stop(): Promise<void>;
}

/** Builds a telegraf bot against the sandbox; `setup` registers handlers before launch. */
export function createTelegraf(sandbox: Sandbox, bot: SandboxBot): Telegraf {
  const telegraf = new Telegraf(bot.token, { telegram: { apiRoot: sandbox.telegram.apiRoot } });
  telegraf.catch((error) => {
    console.error('bot error', error);
  });
  return telegraf;
}

/** Launches long polling and resolves once the bot polls. */
export async function launch(
  sandbox: Sandbox,
  bot: SandboxBot,
  telegraf: Telegraf,
): Promise<RunningBot> {
  const polling = telegraf.launch();
  polling.catch(() => undefined);
  await Promise.race([sandbox.telegram.waitForPolling(bot), polling]);
  return {
    bot: telegraf,
    polling,
    stop: async () => {
      try {
        telegraf.stop('test');
      } catch {
        // Already stopped (for instance by a 409).
      }
      await polling.catch(() => undefined);
    },
  };
}
