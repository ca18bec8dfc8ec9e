import { Telegraf, TelegramError } from 'telegraf';
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

/** The error payload (`{ ok: false, error_code, description, parameters }`) of a Bot API call that must fail. */
export async function botApiError(
  call: Promise<unknown>,
): Promise<{ error_code: number; description: string; parameters?: { retry_after?: number } }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TelegramError) {
      return error.response as { error_code: number; description: string };
    }
    throw error;
  }
  throw new Error('The Bot API call succeeded but was expected to fail');
}
