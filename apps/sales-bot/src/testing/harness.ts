/**
 * End-to-end harness for the sales bot: the sandbox's Telegram and YooKassa emulators,
 * the process's one HTTP server with the YooKassa webhook, the sales bot and its billing
 * worker, on the shared Postgres and Redis under a prefix and queue namespace of this
 * run. Test-only: production code never imports this file.
 */
import { randomInt } from 'node:crypto';
import { sessionKey } from '@booking/bot-kit';
import {
  createLogger,
  createOrder,
  createOrderPayment,
  createRedis,
  deleteKeysMatching,
  deleteTenant,
  HttpRouter,
  type HttpServer,
  listOwnerBots,
  notificationSourceCheck,
  onboardTenant,
  startHttpServer,
  syncOrderPayment,
  type Tenant,
} from '@booking/core';
import {
  getTestTenantDeps,
  randomId,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import {
  type Sandbox,
  type SandboxBot,
  type SandboxChat,
  startSandbox,
  type YookassaShop,
} from '@booking/sandbox';
import type { Redis } from 'ioredis';
import { type RunningSalesBot, type RunSalesBotOptions, runSalesBot } from '../app.js';
import { YOOKASSA_WEBHOOK_PATH } from '../http/yookassa-webhook.js';

/** The address the emulator sends notifications from; the only allowed source here. */
export const ALLOWED_SOURCE = '127.0.0.1';

/** A clock the test can move. */
export class TestClock {
  private shiftMs = 0;
  now = (): Date => new Date(Date.now() + this.shiftMs);
  /** From now on the bot believes it is `instant`. */
  set(instant: Date): void {
    this.shiftMs = instant.getTime() - Date.now();
  }
}

/** A running sales bot with everything around it. */
export interface SalesHarness {
  sandbox: Sandbox;
  shop: YookassaShop;
  bot: SandboxBot;
  app: RunningSalesBot;
  server: HttpServer;
  clock: TestClock;
  /** The webhook's URL on the process server. */
  webhookUrl: string;
  /** A new prospect's chat with the sales bot. */
  prospect(language?: string): { chat: SandboxChat; userId: number };
  /** Stops the bot and its worker and starts them again (sandbox, server, Redis stay). */
  restart(): Promise<void>;
  /** Drops a user's session, as a lost or expired Redis key would. */
  forgetSession(userId: number): Promise<void>;
  /** Removes a tenant a test onboarded. */
  disposeTenant(tenant: Tenant): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a sandbox, the process server and the sales bot. */
export async function startSalesHarness(
  extra: Partial<RunSalesBotOptions> = {},
): Promise<SalesHarness> {
  const sandbox = await startSandbox({
    waitTimeoutMs: 8_000,
    yookassa: { notificationRetry: { initialDelayMs: 50, maxDelayMs: 200, maxAttempts: 5 } },
  });
  const deps = await getTestTenantDeps();
  const router = new HttpRouter();
  const logger = createLogger({
    app: 'sales-bot-test',
    level: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const server = await startHttpServer({ port: 0, host: '127.0.0.1', router, logger });
  const webhookUrl = `http://127.0.0.1:${server.port}${YOOKASSA_WEBHOOK_PATH}`;
  const shop = sandbox.yookassa.createShop({ receiptRequired: true, notificationUrl: webhookUrl });
  const bot = sandbox.telegram.createBot({ username: `sales_${randomId(6)}_bot` });
  const run = randomId(8);
  const keyPrefix = `p:{sales_${run}}:`;
  const namespace = `test_${run}`;
  const clock = new TestClock();
  const bullConnection: Redis = createRedis(TEST_REDIS_URL, { forBullmq: true });
  const start = () =>
    runSalesBot({
      token: bot.token,
      db: deps.db,
      redis: deps.redis,
      bullConnection,
      logger,
      encryptionKey: TEST_ENCRYPTION_KEY,
      apiRoot: sandbox.url,
      instanceId: `test-${randomId(4)}`,
      queueNamespace: namespace,
      yookassa: {
        client: {
          shopId: shop.shopId,
          secretKey: shop.secretKey,
          apiUrl: sandbox.yookassa.apiUrl,
          retryDelayMs: 10,
        },
        tax: { vatCode: 11, taxSystemCode: 1 },
        isAllowedSource: notificationSourceCheck({ allowed: [ALLOWED_SOURCE] }),
      },
      storefront: { demoBotUrl: 'https://t.me/demo_salon_bot', supportContact: '@booking_help' },
      http: router,
      keyPrefix,
      now: clock.now,
      pollTimeoutSeconds: 1,
      ...extra,
    });
  const harness: SalesHarness = {
    sandbox,
    shop,
    bot,
    app: await start(),
    server,
    clock,
    webhookUrl,
    prospect(language = 'en') {
      const user = sandbox.telegram.createUser({ first_name: 'Olga', language_code: language });
      return { chat: sandbox.chat(bot, user), userId: user.id };
    },
    async restart() {
      await harness.app.stop();
      harness.app = await start();
    },
    async forgetSession(userId) {
      await deps.redis.del(sessionKey(keyPrefix, userId));
    },
    async disposeTenant(tenant) {
      await deleteTenant(deps, tenant.slug).catch(() => undefined);
    },
    async stop() {
      await harness.app.jobs.queue.obliterate({ force: true }).catch(() => undefined);
      await harness.app.stop();
      await bullConnection.quit();
      await server.close();
      await sandbox.stop();
      await deleteKeysMatching(deps.redis, `${keyPrefix}*`);
    },
  };
  return harness;
}

/** A paid bot made through core (no chat): an owner, their subscription and tenant. */
export interface PaidBot {
  ownerId: number;
  subscriptionId: number;
  tenant: Tenant;
  bot: SandboxBot;
}

/**
 * Buys `planCode` for a new owner and onboards a new emulated bot through core's
 * operations, as the chat would: for tests about what happens after.
 */
export async function paidBot(
  harness: SalesHarness,
  options: { planCode?: string; autoRenew?: boolean } = {},
): Promise<PaidBot> {
  const { billing } = harness.app;
  const ownerId = randomInt(1_000_000_000, 281_474_976_710_655);
  const owner = harness.sandbox.telegram.createUser({
    id: ownerId,
    first_name: 'Owner',
    language_code: 'en',
  });
  // A bot may write only to people who started it: the owner did, to buy.
  await harness.sandbox.chat(harness.bot, owner).send('/start');
  const order = await createOrder(billing.db, {
    ownerTelegramId: ownerId,
    planCode: options.planCode ?? 'standard',
    email: 'owner@example.com',
    businessName: 'Test Salon',
    locale: 'en',
    savePaymentMethod: options.autoRenew ?? false,
  });
  const started = await createOrderPayment(billing, order.id, { returnUrl: 'https://t.me/x' });
  harness.sandbox.yookassa.pay(started.payment.yookassaPaymentId);
  const paid = await syncOrderPayment(billing, order.id);
  const subscription =
    paid.subscription ?? (await listOwnerBots(billing.db, ownerId))[0]?.subscription;
  if (!subscription) {
    throw new Error('the payment made no subscription');
  }
  const bot = harness.sandbox.telegram.createBot({ username: `salon_${randomId(6)}_bot` });
  const { tenant } = await onboardTenant(await getTestTenantDeps(), {
    subscriptionId: subscription.id,
    ownerTelegramId: ownerId,
    ownerName: 'Owner',
    botToken: bot.token,
    botId: Number(bot.token.split(':')[0]),
    botUsername: bot.username,
    locale: 'en',
  });
  return { ownerId, subscriptionId: subscription.id, tenant, bot };
}

/**
 * Moves a subscription's period end (and its tenant's), as if time had passed. The
 * sweep runs at the real time: a clock moved forward would touch every other test's
 * subscriptions in the shared database.
 */
export async function setPeriodEnd(bot: PaidBot, paidUntil: Date): Promise<void> {
  const db = (await getTestTenantDeps()).db;
  await db
    .updateTable('platform.subscriptions')
    .set({ paid_until: paidUntil })
    .where('id', '=', bot.subscriptionId)
    .execute();
  await db
    .updateTable('platform.tenants')
    .set({ paid_until: paidUntil })
    .where('id', '=', bot.tenant.id)
    .execute();
}
