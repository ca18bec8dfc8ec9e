import { type BotIntake, startBotIntake, type UpdateHandledHook } from '@booking/bot-kit';
import {
  type BillingDeps,
  createYookassaClient,
  type Database,
  type HttpRoutes,
  type Logger,
  type YookassaSettings,
} from '@booking/core';
import type { Redis } from 'ioredis';
import { createSalesBot, SALES_KEY_PREFIX } from './bot.js';
import type { SalesBotServices, StorefrontInfo } from './context.js';
import { botLink } from './format.js';
import { registerYookassaWebhook } from './http/yookassa-webhook.js';
import { BillingJobs } from './jobs/queues.js';
import { type BillingWorkers, startBillingWorkers } from './jobs/workers.js';

/** Options of {@link runSalesBot}. */
export interface RunSalesBotOptions {
  token: string;
  db: Database;
  redis: Redis;
  /** A second Redis connection made with `forBullmq` (workers block on it). */
  bullConnection: Redis;
  logger: Logger;
  encryptionKey: Buffer;
  apiRoot: string;
  instanceId: string;
  queueNamespace: string;
  /** YooKassa's client options, receipt taxes and the notification source check. */
  yookassa: YookassaSettings;
  storefront: StorefrontInfo;
  /** The process's one HTTP server: the YooKassa webhook, and Telegram's in webhook mode. */
  http: HttpRoutes;
  /** Webhook mode when set: Telegram calls `<publicUrl>/tg/sales/<secret>`. */
  publicUrl?: string;
  /** Default {@link SALES_KEY_PREFIX}; tests give each run its own. */
  keyPrefix?: string;
  workerConcurrency?: number;
  /** How often the billing sweep runs; none is scheduled when absent (tests run it by hand). */
  sweepEveryMs?: number;
  now?: () => Date;
  onUpdateHandled?: UpdateHandledHook;
  pollTimeoutSeconds?: number;
}

/** A running sales bot. */
export interface RunningSalesBot {
  /** The storefront bot's username (`getMe`). */
  username: string;
  jobs: BillingJobs;
  billing: BillingDeps;
  intake: 'webhook' | 'polling';
  ready(): Promise<void>;
  /** Intake and webhook route first, then the worker, then the queue. */
  stop(): Promise<void>;
}

/**
 * Runs the storefront in this process: the sales bot with its intake, the YooKassa
 * webhook on the process's HTTP server, and the worker of the shared billing queue
 * (with the billing sweep scheduled when `sweepEveryMs` is given).
 */
export async function runSalesBot(options: RunSalesBotOptions): Promise<RunningSalesBot> {
  const now = options.now ?? (() => new Date());
  const billing: BillingDeps = {
    db: options.db,
    yookassa: createYookassaClient(options.yookassa.client),
    tax: options.yookassa.tax,
  };
  const jobs = new BillingJobs(options.bullConnection, options.queueNamespace);
  let username = '';
  const services: SalesBotServices = {
    billing,
    tenants: { db: options.db, redis: options.redis, encryptionKey: options.encryptionKey },
    apiRoot: options.apiRoot,
    storefront: options.storefront,
    returnUrl: () => botLink(username),
    now,
  };
  const bot = createSalesBot({
    token: options.token,
    redis: options.redis,
    logger: options.logger,
    apiRoot: options.apiRoot,
    services,
    keyPrefix: options.keyPrefix ?? SALES_KEY_PREFIX,
    onUpdateHandled: options.onUpdateHandled,
  });
  const me = await bot.bot.telegram.getMe();
  bot.bot.botInfo = me;
  username = me.username;
  const removeWebhookRoute = registerYookassaWebhook({
    http: options.http,
    jobs,
    logger: options.logger,
    isAllowedSource: options.yookassa.isAllowedSource,
  });
  const workers: BillingWorkers = startBillingWorkers({
    billing,
    connection: options.bullConnection,
    namespace: options.queueNamespace,
    logger: options.logger,
    jobs,
    telegram: bot.bot.telegram,
    renewLink: (subscriptionId) => `${botLink(username)}?start=renew_${subscriptionId}`,
    now,
    concurrency: options.workerConcurrency,
  });
  if (options.sweepEveryMs !== undefined) {
    await jobs.scheduleSweep(options.sweepEveryMs);
  }
  const intake: BotIntake = await startBotIntake({
    bot,
    name: 'sales',
    token: options.token,
    redis: options.redis,
    logger: options.logger,
    instanceId: options.instanceId,
    encryptionKey: options.encryptionKey,
    webhook: options.publicUrl ? { publicUrl: options.publicUrl, http: options.http } : undefined,
    pollTimeoutSeconds: options.pollTimeoutSeconds,
  });
  let stopping: Promise<void> | undefined;
  return {
    username,
    jobs,
    billing,
    intake: options.publicUrl ? 'webhook' : 'polling',
    ready: () => intake.ready(),
    stop: () => {
      stopping ??= (async () => {
        removeWebhookRoute();
        await intake.stop();
        await workers.close();
        await jobs.close();
      })();
      return stopping;
    },
  };
}
