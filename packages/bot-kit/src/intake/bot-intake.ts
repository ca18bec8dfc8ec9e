import type { HttpRoutes, Logger } from '@booking/core';
import type { Redis } from 'ioredis';
import type { Bot } from '../bot.js';
import type { AnyBotContext } from '../context.js';
import { LeasedPoller } from './leased-poller.js';
import { registerTelegramWebhooks, webhookSecrets } from './webhook-server.js';

/** Options of {@link startBotIntake}. */
export interface BotIntakeOptions<C extends AnyBotContext> {
  bot: Bot<C>;
  /**
   * The bot's name in its webhook path `/tg/<name>/<secret path>` and in logs: a tenant's
   * slug, or `sales` / `master` for the platform's bots.
   */
  name: string;
  /** The decrypted token (it seeds the webhook secrets; never logged). */
  token: string;
  redis: Redis;
  logger: Logger;
  /** This replica's id, for the polling lease. */
  instanceId: string;
  /** The platform key the webhook secrets are derived from. */
  encryptionKey: Buffer;
  /** Webhook mode: the public base URL, and the process's HTTP routes. Polling when absent. */
  webhook?: { publicUrl: string; http: HttpRoutes };
  pollTimeoutSeconds?: number;
  leaseMs?: number;
}

/** A bot taking updates. */
export interface BotIntake {
  /** Resolves while the bot can take updates; rejects naming the trouble. For `/ready`. */
  ready(): Promise<void>;
  /** Stops intake and finishes the updates in hand (releasing the polling lease). */
  stop(): Promise<void>;
}

/**
 * Feeds one bot its updates: by long polling under a Redis lease (one replica polls the
 * token, another takes over when it dies), or, given a public URL, by a webhook on the
 * process's one HTTP server. For a process that serves a single bot, such as the sales
 * and master bots.
 */
export async function startBotIntake<C extends AnyBotContext>(
  options: BotIntakeOptions<C>,
): Promise<BotIntake> {
  const { bot, runner, botKeyPrefix } = options.bot;
  const log = options.logger.child({ bot: options.name });
  if (options.webhook) {
    const secrets = webhookSecrets(options.encryptionKey, options.name, options.token);
    const base = options.webhook.publicUrl.replace(/\/$/, '');
    await bot.telegram
      .setWebhook(`${base}/tg/${options.name}/${secrets.path}`, {
        secret_token: secrets.token,
        allowed_updates: ['message', 'callback_query'],
      })
      .catch((error: unknown) => {
        // The call's error holds its payload, the webhook's secret path and token; what
        // leaves here must not, whoever prints it.
        throw new Error(`setWebhook failed: ${error instanceof Error ? error.message : error}`);
      });
    const route = { secrets, runner };
    const unregister = registerTelegramWebhooks(options.webhook.http, {
      logger: log,
      route: (name) => (name === options.name ? route : undefined),
    });
    log.info('webhook set');
    return {
      // Telegram calls in; whether an update can be taken is Postgres's and Redis's
      // readiness, which the runtime checks.
      ready: async () => undefined,
      stop: async () => {
        unregister();
        await runner.drain();
      },
    };
  }
  const poller = new LeasedPoller({
    telegram: bot.telegram,
    redis: options.redis,
    keyPrefix: botKeyPrefix,
    instanceId: options.instanceId,
    runner,
    logger: log,
    pollTimeoutSeconds: options.pollTimeoutSeconds,
    leaseMs: options.leaseMs,
  });
  poller.start();
  return { ready: () => poller.ready(), stop: () => poller.stop() };
}
