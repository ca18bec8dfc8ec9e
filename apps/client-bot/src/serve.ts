import {
  BOT_LOCALES,
  callbackCodecFor,
  LeasedPoller,
  type RateLimit,
  type TelegramPool,
  type TelegramRateLimits,
  type TelegramRetryPolicy,
  type UpdateHandledHook,
  type WebhookRoute,
  webhookSecrets,
} from '@booking/bot-kit';
import { type Database, getTenant, getTenantBotToken, type Logger, tenantDb } from '@booking/core';
import type { Redis } from 'ioredis';
import { createClientBot } from './bot.js';
import type { ClientBotServices } from './context.js';
import { reconcileTenantJobs } from './jobs/reconciler.js';
import { i18n } from './texts/index.js';

/** What serving one tenant needs. */
export interface ServeTenantOptions {
  slug: string;
  db: Database;
  redis: Redis;
  logger: Logger;
  encryptionKey: Buffer;
  apiRoot: string;
  instanceId: string;
  services: Omit<ClientBotServices, 'codec'>;
  telegrams: TelegramPool;
  /** Webhook mode: the public base URL; polling when absent. */
  publicUrl?: string;
  limits?: TelegramRateLimits;
  antiFlood?: RateLimit;
  /** Duration of each handled update, in milliseconds. */
  onUpdateHandled?: UpdateHandledHook;
  /** How often jobs are re-created from Postgres. Default 5 minutes. */
  reconcileEveryMs?: number;
  /** How often the tenant's status is re-read (suspension takes effect). Default 15 s. */
  statusRefreshMs?: number;
  pollTimeoutSeconds?: number;
  leaseMs?: number;
  /** Time limit of one update, in milliseconds. */
  updateTimeLimitMs?: number;
  /** How failed Bot API calls are retried; bot-kit's default policy when absent. */
  telegramRetry?: Partial<TelegramRetryPolicy>;
}

/** A tenant being served. */
export interface ServedTenant {
  /** The webhook route, in webhook mode. */
  route?: WebhookRoute;
  /** Resolves while the intake can take updates; rejects naming the trouble. For `/ready`. */
  ready(): Promise<void>;
  /** Stops intake, finishes the updates in hand, releases the polling lease. */
  stop(): Promise<void>;
}

/**
 * Serves one tenant's bot: builds it, registers its commands, re-creates its jobs from
 * Postgres, and takes updates by long polling (leased across replicas) or, with a
 * public URL, by webhook. The tenant's status is re-read periodically, so a suspension
 * or resumption takes effect without a restart.
 */
export async function serveTenant(options: ServeTenantOptions): Promise<ServedTenant> {
  const { db, redis, logger, slug } = options;
  const tenant = await getTenant(db, slug);
  const token = await getTenantBotToken({ db, encryptionKey: options.encryptionKey }, slug);
  const services: ClientBotServices = {
    ...options.services,
    codec: callbackCodecFor(options.encryptionKey, slug),
  };
  const tenantBot = createClientBot({
    tenant,
    token,
    db,
    redis,
    logger,
    apiRoot: options.apiRoot,
    services,
    limits: options.limits,
    antiFlood: options.antiFlood,
    onUpdateHandled: options.onUpdateHandled,
    updateTimeLimitMs: options.updateTimeLimitMs,
    retry: options.telegramRetry,
  });
  const { bot, runner } = tenantBot;
  options.telegrams.register(slug, bot.telegram);
  const log = logger.child({ tenant: slug });

  // The command menu in every language the bot speaks; English is also the default.
  for (const locale of BOT_LOCALES) {
    const translate = i18n.translator(locale);
    const commands = (['start', 'book', 'my', 'help'] as const).map((command) => ({
      command,
      description: translate(`commands.${command}`),
    }));
    await bot.telegram
      .setMyCommands(commands, locale === 'en' ? {} : { language_code: locale })
      .catch((error: unknown) => log.warn({ err: error, locale }, 'setMyCommands failed'));
  }

  const reconcileEveryMs = options.reconcileEveryMs ?? 5 * 60_000;
  const reconcile = () =>
    reconcileTenantJobs(tenantDb(db, tenant.schema), slug, services.jobs, services.now(), {
      recheckWindowMs: 2 * reconcileEveryMs,
    });
  log.info(await reconcile(), 'jobs reconciled from Postgres');
  // Again every few minutes: a Redis that lost its data while the bot ran loses no
  // reminder either. Existing jobs keep their ids, so this adds nothing in normal times.
  // Each run also releases the days joined in the last two intervals again for the
  // waitlist pass (see recheckRecentJoins).
  const reconciler = setInterval(() => {
    reconcile().catch((error: unknown) => log.warn({ err: error }, 'job reconciliation failed'));
  }, reconcileEveryMs);
  // A Redis that restarted may have lost every job: reminders due before the next timed
  // run would come late, so reconcile as soon as it is back.
  const stopWatchingRedis = services.jobs.onReconnect(() => {
    reconcile().then(
      (result) => log.info(result, 'jobs reconciled after Redis reconnected'),
      (error: unknown) => log.warn({ err: error }, 'job reconciliation failed'),
    );
  });

  // The bot's scope holds the tenant row; refreshing it in place makes a suspension
  // visible to the next update.
  const refresh = setInterval(() => {
    getTenant(db, slug).then(
      (fresh) => {
        Object.assign(tenant, fresh);
      },
      (error: unknown) => log.warn({ err: error }, 'could not refresh the tenant'),
    );
  }, options.statusRefreshMs ?? 15_000);

  if (options.publicUrl) {
    const secrets = webhookSecrets(options.encryptionKey, slug, token);
    const url = `${options.publicUrl.replace(/\/$/, '')}/tg/${slug}/${secrets.path}`;
    await bot.telegram
      .setWebhook(url, {
        secret_token: secrets.token,
        allowed_updates: ['message', 'callback_query'],
      })
      .catch((error: unknown) => {
        // The call's error holds its payload, the webhook's secret path and token; what
        // leaves here must not, whoever prints it.
        throw new Error(`setWebhook failed: ${error instanceof Error ? error.message : error}`);
      });
    log.info('webhook set');
    return {
      route: { secrets, runner },
      // Telegram calls in; whether an update can be taken is Postgres's and Redis's
      // readiness, which the runtime checks.
      ready: async () => undefined,
      stop: async () => {
        clearInterval(refresh);
        clearInterval(reconciler);
        stopWatchingRedis();
        await runner.drain();
      },
    };
  }
  const poller = new LeasedPoller({
    telegram: bot.telegram,
    redis,
    keyPrefix: tenantBot.botKeyPrefix,
    instanceId: options.instanceId,
    runner,
    logger: log,
    pollTimeoutSeconds: options.pollTimeoutSeconds,
    leaseMs: options.leaseMs,
  });
  poller.start();
  return {
    ready: () => poller.ready(),
    stop: async () => {
      clearInterval(refresh);
      clearInterval(reconciler);
      stopWatchingRedis();
      await poller.stop();
    },
  };
}
