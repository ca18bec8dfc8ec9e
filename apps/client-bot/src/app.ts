import {
  type RateLimit,
  registerTelegramWebhooks,
  TelegramPool,
  type TelegramRateLimits,
  type TelegramRetryPolicy,
  type UpdateHandledHook,
} from '@booking/bot-kit';
import type { Database, HttpRoutes, Logger } from '@booking/core';
import type { Redis } from 'ioredis';
import { type BroadcastWorkerDeps, startBroadcastWorker } from './jobs/broadcast-worker.js';
import { type DeliveryBackoff, startDeliveryWorker } from './jobs/delivery-worker.js';
import { ClientJobs } from './jobs/queues.js';
import { startClientWorkers } from './jobs/workers.js';
import { TenantReads } from './reads.js';
import { type ServedTenant, serveTenant } from './serve.js';
import { TenantTexts } from './texts/translator.js';

/** Options of {@link runClientBot}. */
export interface RunClientBotOptions {
  slug: string;
  db: Database;
  redis: Redis;
  /** A second Redis connection made with `forBullmq` (workers block on it). */
  bullConnection: Redis;
  logger: Logger;
  encryptionKey: Buffer;
  apiRoot: string;
  instanceId: string;
  queueNamespace: string;
  /** Webhook mode when set: Telegram calls `<publicUrl>/tg/<slug>/<secret>`. */
  publicUrl?: string;
  /** The process's one HTTP server (`runtime.http`); webhook mode routes the bot there. */
  http?: HttpRoutes;
  workerConcurrency?: number;
  /** The clock of the bot and its workers. Default: the system clock. */
  now?: () => Date;
  limits?: TelegramRateLimits;
  /** Per-user anti-flood limit. */
  antiFlood?: RateLimit;
  /** Duration of each handled update, in milliseconds. */
  onUpdateHandled?: UpdateHandledHook;
  pollTimeoutSeconds?: number;
  leaseMs?: number;
  statusRefreshMs?: number;
  /** How often jobs are re-created from Postgres. Default 5 minutes. */
  reconcileEveryMs?: number;
  /** Time limit of one update, in milliseconds. Default 60 s. */
  updateTimeLimitMs?: number;
  /** How failed Bot API calls are retried before what must not be lost is queued. */
  telegramRetry?: Partial<TelegramRetryPolicy>;
  /** Waits between attempts of a queued delivery (tests shorten them). */
  deliveryBackoff?: Partial<DeliveryBackoff>;
  /** Pace of broadcasts' progress messages and crash take-over (tests shorten them). */
  broadcast?: Pick<BroadcastWorkerDeps, 'progressEveryMs' | 'lockMs' | 'sendConcurrency'>;
  /**
   * Told once when Telegram refuses the bot token (401, 404), with the refused token;
   * polling has stopped by then. Absent: the poller keeps asking, backing off.
   */
  onTokenRejected?: (code: 401 | 404, token: string) => void;
  /** The sales bot's username: a suspended tenant's owner is sent there to renew. */
  salesBotUsername?: string;
}

/** A running client bot. */
export interface RunningClientBot {
  served: ServedTenant;
  jobs: ClientJobs;
  /** How updates arrive. */
  intake: 'webhook' | 'polling';
  /** Resolves while the bot can take updates; rejects naming the trouble. For `/ready`. */
  ready(): Promise<void>;
  /** Intake first, then in-flight updates, then jobs, then the queues. */
  stop(): Promise<void>;
}

/** What every tenant a process serves shares: the queues and their workers, texts, reads, clients. */
export interface ClientBotShared {
  jobs: ClientJobs;
  texts: TenantTexts;
  reads: TenantReads;
  /** Telegram clients of any tenant; a served tenant's bot registers its own. */
  telegrams: TelegramPool;
  now: () => Date;
  /** Stops the workers (finishing the jobs in hand), then closes the queues. */
  close(): Promise<void>;
}

/**
 * Starts what the tenants of one process share, whatever their number: one set of
 * queues on the one BullMQ connection, one worker per queue, one Telegram client pool.
 */
export function startClientBotShared(
  options: Omit<RunClientBotOptions, 'slug' | 'publicUrl' | 'http'>,
): ClientBotShared {
  const now = options.now ?? (() => new Date());
  const jobs = new ClientJobs(options.bullConnection, options.queueNamespace);
  const texts = new TenantTexts();
  const reads = new TenantReads();
  const telegrams = new TelegramPool({
    db: options.db,
    redis: options.redis,
    encryptionKey: options.encryptionKey,
    apiRoot: options.apiRoot,
    retry: options.telegramRetry,
    logger: options.logger,
  });
  const workers = startClientWorkers({
    db: options.db,
    connection: options.bullConnection,
    namespace: options.queueNamespace,
    logger: options.logger,
    texts,
    telegrams,
    jobs,
    encryptionKey: options.encryptionKey,
    now,
    concurrency: options.workerConcurrency,
    reads,
  });
  const deliveries = startDeliveryWorker({
    db: options.db,
    connection: options.bullConnection,
    namespace: options.queueNamespace,
    logger: options.logger,
    texts,
    telegrams,
    encryptionKey: options.encryptionKey,
    reads,
    concurrency: options.workerConcurrency,
    backoff: options.deliveryBackoff,
    now,
  });
  const broadcasts = startBroadcastWorker({
    db: options.db,
    connection: options.bullConnection,
    namespace: options.queueNamespace,
    logger: options.logger,
    telegrams,
    reads,
    now,
    ...options.broadcast,
  });
  return {
    jobs,
    texts,
    reads,
    telegrams,
    now,
    async close() {
      await Promise.all([workers.close(), deliveries.close(), broadcasts.close()]);
      await jobs.close();
    },
  };
}

/**
 * Runs everything of one tenant's client bot in this process: the bot with its intake
 * (polling, or a webhook route on the process's HTTP server), and the workers of the
 * shared queues.
 *
 * @throws Error in webhook mode without `http`.
 */
export async function runClientBot(options: RunClientBotOptions): Promise<RunningClientBot> {
  if (options.publicUrl && !options.http) {
    throw new Error('webhook mode needs the process HTTP server (options.http)');
  }
  const shared = startClientBotShared(options);
  const { jobs, texts, reads, telegrams, now } = shared;
  const served = await serveTenant({
    slug: options.slug,
    db: options.db,
    redis: options.redis,
    logger: options.logger,
    encryptionKey: options.encryptionKey,
    apiRoot: options.apiRoot,
    instanceId: options.instanceId,
    services: { jobs, texts, now, reads, salesBotUsername: options.salesBotUsername },
    telegrams,
    publicUrl: options.publicUrl,
    limits: options.limits,
    antiFlood: options.antiFlood,
    onUpdateHandled: options.onUpdateHandled,
    pollTimeoutSeconds: options.pollTimeoutSeconds,
    leaseMs: options.leaseMs,
    statusRefreshMs: options.statusRefreshMs,
    reconcileEveryMs: options.reconcileEveryMs,
    updateTimeLimitMs: options.updateTimeLimitMs,
    telegramRetry: options.telegramRetry,
    onTokenRejected: options.onTokenRejected,
  }).catch(async (error: unknown) => {
    // A tenant that cannot be served leaves no workers running.
    await shared.close();
    throw error;
  });
  const route = served.route;
  const removeWebhook =
    route && options.http
      ? registerTelegramWebhooks(options.http, {
          logger: options.logger,
          route: (slug) => (slug === options.slug ? route : undefined),
        })
      : undefined;
  let stopping: Promise<void> | undefined;
  return {
    served,
    jobs,
    intake: route ? 'webhook' : 'polling',
    ready: () => served.ready(),
    stop() {
      stopping ??= (async () => {
        // Calls that arrive from now on are answered 404; Telegram delivers them again.
        removeWebhook?.();
        await served.stop();
        await shared.close();
      })();
      return stopping;
    },
  };
}

/** The callback actions of the bot's buttons, for tools that tell its updates apart. */
export { CB } from './callbacks.js';
