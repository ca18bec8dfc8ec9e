import { createHash } from 'node:crypto';
import {
  BOT_LOCALES,
  callbackCodecFor,
  LeasedPoller,
  type RateLimit,
  type TelegramPool,
  type TelegramRateLimits,
  type TelegramRetryPolicy,
  telegramErrorCode,
  type UpdateHandledHook,
  type WebhookRoute,
  webhookSecrets,
} from '@booking/bot-kit';
import {
  type Database,
  getTenant,
  getTenantBotToken,
  type Logger,
  type Tenant,
  tenantDb,
} from '@booking/core';
import type { Redis } from 'ioredis';
import type { Telegram } from 'telegraf';
import { createClientBot } from './bot.js';
import type { ClientBotServices } from './context.js';
import { reconcileTenantJobs } from './jobs/reconciler.js';
import { i18n } from './texts/index.js';

/** What serving one tenant needs. */
export interface ServeTenantOptions {
  slug: string;
  /** The tenant and its decrypted token, when the caller read them already (a fleet). */
  known?: { tenant: Tenant; token: string };
  /**
   * False: the caller re-reads the tenant (`ServedTenant.refresh`) and re-creates its
   * jobs (`ServedTenant.reconcile`), as a fleet does for all its tenants at once.
   * Default true: this tenant does both on its own timers.
   */
  ownTimers?: boolean;
  /**
   * Told once when Telegram refuses the bot token (401 revoked, 404 bot deleted); polling
   * has stopped by then. Absent: the poller keeps asking, backing off.
   */
  onTokenRejected?: (code: 401 | 404, token: string) => void;
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
  /** The tenant row the bot reads; {@link refresh} changes it in place. */
  tenant: Tenant;
  /** Applies a fresh read of the tenant (a suspension takes effect at the next update). */
  refresh(fresh: Tenant): void;
  /** Re-creates the tenant's missing jobs from Postgres; resolves to what it did. */
  reconcile(): Promise<object>;
  /** The webhook route, in webhook mode. */
  route?: WebhookRoute;
  /** Resolves while the intake can take updates; rejects naming the trouble. For `/ready`. */
  ready(): Promise<void>;
  /** Polling mode: whether this process holds the tenant's lease and polls it now. */
  isPolling?(): boolean;
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
  const ownTimers = options.ownTimers ?? true;
  const tenant = options.known?.tenant ?? (await getTenant(db, slug));
  const token =
    options.known?.token ??
    (await getTenantBotToken({ db, encryptionKey: options.encryptionKey }, slug));
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

  const setCommands = async (stopIntake: () => Promise<void>) => {
    const refused = await setCommandsOnce(bot.telegram, redis, tenantBot.botKeyPrefix, log);
    if (refused !== undefined) {
      stopTimers();
      await stopIntake();
      options.onTokenRejected?.(refused, token);
      throw new TokenRejectedError(slug, refused);
    }
  };

  const reconcile = () =>
    reconcileTenantJobs(tenantDb(db, tenant.schema), slug, services.jobs, services.now(), {
      recheckWindowMs: 2 * (options.reconcileEveryMs ?? 5 * 60_000),
    });
  const refresh = (fresh: Tenant) => {
    // The bot's scope holds this object: the next update sees the change.
    Object.assign(tenant, fresh);
  };
  const stopTimers = ownTimers ? await startOwnTimers() : () => undefined;

  async function startOwnTimers(): Promise<() => void> {
    const reconcileEveryMs = options.reconcileEveryMs ?? 5 * 60_000;
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
    const refresher = setInterval(() => {
      getTenant(db, slug).then(refresh, (error: unknown) =>
        log.warn({ err: error }, 'could not refresh the tenant'),
      );
    }, options.statusRefreshMs ?? 15_000);
    return () => {
      clearInterval(refresher);
      clearInterval(reconciler);
      stopWatchingRedis();
    };
  }

  if (options.publicUrl) {
    await setCommands(async () => undefined);
    const secrets = webhookSecrets(options.encryptionKey, slug, token);
    const url = `${options.publicUrl.replace(/\/$/, '')}/tg/${slug}/${secrets.path}`;
    await bot.telegram
      .setWebhook(url, {
        secret_token: secrets.token,
        allowed_updates: ['message', 'callback_query'],
      })
      .catch((error: unknown) => {
        const code = telegramErrorCode(error);
        stopTimers();
        if (code === 401 || code === 404) {
          options.onTokenRejected?.(code, token);
          throw new TokenRejectedError(slug, code);
        }
        // The call's error holds its payload, the webhook's secret path and token; what
        // leaves here must not, whoever prints it.
        throw new Error(`setWebhook failed: ${error instanceof Error ? error.message : error}`);
      });
    log.info('webhook set');
    return {
      tenant,
      refresh,
      reconcile,
      route: { secrets, runner },
      // Telegram calls in; whether an update can be taken is Postgres's and Redis's
      // readiness, which the runtime checks.
      ready: async () => undefined,
      stop: async () => {
        stopTimers();
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
    onTokenRejected: options.onTokenRejected
      ? (code) => options.onTokenRejected?.(code, token)
      : undefined,
  });
  poller.start();
  // After the poller started: a tenant provisioned while a fleet runs answers sooner.
  await setCommands(() => poller.stop());
  return {
    tenant,
    refresh,
    reconcile,
    ready: () => poller.ready(),
    isPolling: () => poller.isPolling,
    stop: async () => {
      stopTimers();
      await poller.stop();
    },
  };
}

/** The command menu in every language the bot speaks; English is also the default. */
function commandMenus() {
  return BOT_LOCALES.map((locale) => {
    const translate = i18n.translator(locale);
    const commands = (['start', 'book', 'my', 'help'] as const).map((command) => ({
      command,
      description: translate(`commands.${command}`),
    }));
    return { locale, commands };
  });
}

/** Telegram refused the tenant's bot token (401 revoked, 404 bot deleted): nothing to serve. */
export class TokenRejectedError extends Error {
  constructor(
    readonly slug: string,
    readonly code: 401 | 404,
  ) {
    super(`Telegram refused the bot token of tenant ${slug} (${code})`);
    this.name = 'TokenRejectedError';
  }
}

/**
 * Sets the bot's command menus unless the ones last set (a hash kept in Redis under the
 * bot's prefix) are the same: a fleet restarting with a thousand tenants would otherwise
 * make three calls per tenant for nothing. A failure is logged; the menu is set again
 * at the next start.
 *
 * @returns the status when Telegram refused the token (401, 404), else `undefined`.
 */
async function setCommandsOnce(
  telegram: Telegram,
  redis: Redis,
  botKeyPrefix: string,
  log: Logger,
): Promise<401 | 404 | undefined> {
  const menus = commandMenus();
  const hash = createHash('sha256').update(JSON.stringify(menus)).digest('base64url');
  const key = `${botKeyPrefix}commands`;
  const stored = await redis.get(key).catch(() => null);
  if (stored === hash) {
    return undefined;
  }
  let failed = false;
  for (const { locale, commands } of menus) {
    try {
      await telegram.setMyCommands(commands, locale === 'en' ? {} : { language_code: locale });
    } catch (error) {
      const code = telegramErrorCode(error);
      if (code === 401 || code === 404) {
        return code;
      }
      failed = true;
      log.warn({ err: error, locale }, 'setMyCommands failed');
    }
  }
  if (!failed) {
    await redis
      .set(key, hash)
      .catch((error: unknown) => log.warn({ err: error }, 'could not store the commands hash'));
  }
  return undefined;
}
