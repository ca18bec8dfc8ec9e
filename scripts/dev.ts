/**
 * `pnpm dev`: the whole customer experience on this machine, with no Telegram account.
 *
 * Starts the sandbox (Telegram and YooKassa emulators with the web chat), provisions a
 * demo salon tenant (three specialists, five services, working hours) in its own
 * database, runs a client-bot fleet against the emulator (the demo salon and every bot
 * bought through the storefront, a new one picked up within seconds, as
 * `client-bot --fleet` does in production), runs the sales bot with a YooKassa shop of
 * the emulator (its notifications reach the sales bot's webhook on a local HTTP
 * server), and prints the web chat URL. Needs only the local Postgres and Redis.
 * Ctrl+C stops everything.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedDemoSalon } from '@booking/client-bot/demo';
import { runClientFleet } from '@booking/client-bot/fleet';
import {
  addAdmin,
  createDb,
  createLogger,
  createRedis,
  type Database,
  env,
  findAdminByTelegramId,
  getTenant,
  getTenantBotToken,
  HttpRouter,
  isAppError,
  listTenants,
  migratePlatform,
  migrateTenants,
  notificationSourceCheck,
  provisionTenant,
  startHttpServer,
  tenantDb,
} from '@booking/core';
import { runSalesBot } from '@booking/sales-bot/app';
import type { Sandbox } from '@booking/sandbox';
import { startSandbox } from '@booking/sandbox';
import { fail, loadConfigWithDotEnv } from './lib/cli.js';
import { databaseName, ensureDatabase } from './lib/database.js';
import { devNamespace } from './lib/dev-namespace.js';

const STATE_DIR = '.dev';
/** The storefront bot on the emulator; suspended bots send their owners there to renew. */
const SALES_BOT_USERNAME = 'booking_sales_bot';

const config = loadConfigWithDotEnv('dev', {
  DATABASE_URL: env
    .url(['postgres', 'postgresql'])
    .default('postgres://postgres@127.0.0.1:5432/booking_dev'),
  REDIS_URL: env.url(['redis', 'rediss']).default('redis://127.0.0.1:6379/0'),
  SANDBOX_PORT: env.port().default(8081),
  LOG_LEVEL: env.oneOf(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
  TOKEN_ENCRYPTION_KEY: env.encryptionKey().optional(),
  DEV_NAMESPACE: env.string('letters, digits or _').optional(),
});
const DATABASE = databaseName(config.DATABASE_URL);
if (DATABASE === 'postgres' || DATABASE.startsWith('template')) {
  process.stderr.write(
    `dev: DATABASE_URL names "${DATABASE}", a database the server keeps for itself; give the demo one of its own, such as .../booking_dev\n`,
  );
  process.exit(1);
}
// Everything the demo keeps in Redis (its tenant's keys, its queues) and its users'
// ids derive from the database (or DEV_NAMESPACE): two developers sharing a Redis,
// each with a database of their own, never see each other's sessions or jobs.
const NAMESPACE = devNamespace(config.DATABASE_URL, config.DEV_NAMESPACE);
const SLUG = NAMESPACE.slug;
const DEMO_USER_IDS = NAMESPACE.userIds;

/**
 * The dev key encrypting the demo bot's token: `TOKEN_ENCRYPTION_KEY` when set, else a
 * random key kept in `.dev/token-key` (ignored by git), so a restart can read the token.
 */
function devEncryptionKey(): Buffer {
  if (config.TOKEN_ENCRYPTION_KEY) {
    return config.TOKEN_ENCRYPTION_KEY;
  }
  const file = join(STATE_DIR, 'token-key');
  if (!existsSync(file)) {
    mkdirSync(STATE_DIR, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

/** A value kept in `.dev/<name>` between runs (ignored by git), made once by `make`. */
function devState(name: string, make: () => string): string {
  const file = join(STATE_DIR, name);
  if (!existsSync(file)) {
    mkdirSync(STATE_DIR, { recursive: true });
    writeFileSync(file, make(), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The bots owners onboarded through the sales bot in earlier runs: the emulator learns
 * their tokens again, so a fleet serving them finds them.
 */
async function restoreOnboardedBots(
  db: Database,
  sandbox: Sandbox,
  encryptionKey: Buffer,
): Promise<void> {
  for (const tenant of await listTenants(db, { statuses: ['active', 'suspended'] })) {
    if (tenant.slug !== SLUG && tenant.botUsername) {
      sandbox.telegram.createBot({
        username: tenant.botUsername,
        token: await getTenantBotToken({ db, encryptionKey }, tenant.slug),
      });
    }
  }
}

async function main(): Promise<void> {
  const encryptionKey = devEncryptionKey();
  if (await ensureDatabase(config.DATABASE_URL)) {
    process.stderr.write(`created database ${DATABASE}\n`);
  }
  const db = createDb({
    connectionString: config.DATABASE_URL,
    maxConnections: 10,
    applicationName: 'dev',
  });
  const redis = createRedis(config.REDIS_URL, { connectionName: 'dev' });
  const bullConnection = createRedis(config.REDIS_URL, {
    forBullmq: true,
    connectionName: 'dev:bullmq',
  });
  const logger = createLogger({ app: 'dev', level: config.LOG_LEVEL });
  await migratePlatform(db);
  await migrateTenants(db);

  const sandbox = await startSandbox({ port: config.SANDBOX_PORT });
  // Fixed ids: after a restart the emulator knows the same people, so the salon's owner
  // and its customers (with their bookings) are still who they were.
  const owner = sandbox.telegram.createUser({
    id: DEMO_USER_IDS.owner,
    first_name: 'Olga (owner)',
    language_code: 'ru',
  });
  for (const [id, name, language] of [
    [DEMO_USER_IDS.ann, 'Ann', 'en'],
    [DEMO_USER_IDS.ivan, 'Иван', 'ru'],
    [DEMO_USER_IDS.lucia, 'Lucía', 'es'],
  ] as const) {
    sandbox.telegram.createUser({ id, first_name: name, language_code: language });
  }

  const existing = await getTenant(db, SLUG).catch((error: unknown) => {
    if (isAppError(error, 'NOT_FOUND')) {
      return undefined;
    }
    throw error;
  });
  if (existing?.status === 'deleted') {
    throw new Error(
      `The dev tenant ${SLUG} was deleted; drop the ${DATABASE} database (or set another DEV_NAMESPACE) to start over`,
    );
  }
  // The demo tenant keeps its bot token between runs; the emulator learns it again.
  const demoBot = sandbox.telegram.createBot({
    username: 'demo_salon_bot',
    firstName: 'Салон «Аврора»',
    ...(existing ? { token: await getTenantBotToken({ db, encryptionKey }, SLUG) } : {}),
  });
  const token = demoBot.token;
  const { tenant } = await provisionTenant(
    { db, redis, encryptionKey },
    {
      slug: SLUG,
      botToken: token,
      botUsername: 'demo_salon_bot',
      timeZone: 'Europe/Moscow',
      locale: 'ru',
      plan: 'demo',
    },
  );
  const scoped = tenantDb(db, tenant.schema);
  await seedDemoSalon(scoped);
  if (!(await findAdminByTelegramId(scoped, owner.id))) {
    await addAdmin(scoped, { telegramUserId: owner.id, role: 'owner', name: 'Olga' }, 'dev');
  }

  // The storefront: a prospect buys a plan, pays on the emulator's page, and hands over
  // the token of a bot made in the web chat's "new bot" form.
  sandbox.telegram.createUser({
    id: DEMO_USER_IDS.prospect,
    first_name: 'Newcomer',
    language_code: 'ru',
  });
  const salesBot = sandbox.telegram.createBot({
    username: SALES_BOT_USERNAME,
    firstName: 'Booking SaaS',
    // Kept between runs, so the sales bot's chats are where a restart left them.
    token: devState(
      'sales-bot-token',
      () =>
        `${randomInt(100_000_000, 999_999_999)}:AA${randomBytes(33).toString('base64url').slice(0, 33)}`,
    ),
  });
  // Before the fleet starts: a token the emulator did not know would be refused and
  // marked so in platform.tenants.
  await restoreOnboardedBots(db, sandbox, encryptionKey);

  // One fleet serves every tenant of the database: the demo salon, and each bot an
  // owner buys here, from the moment onboarding provisions it.
  const fleet = await runClientFleet({
    db,
    redis,
    bullConnection,
    logger,
    encryptionKey,
    apiRoot: sandbox.url,
    instanceId: `dev-${process.pid}`,
    queueNamespace: NAMESPACE.queueNamespace,
    salesBotUsername: SALES_BOT_USERNAME,
  });
  // A bot may write only to users who started it: the owner starts hers, as a real owner
  // does when she sets the bot up, so she is told about each booking from the first one.
  sandbox.telegram.sendText(demoBot, owner, '/start');

  const router = new HttpRouter();
  const http = await startHttpServer({ port: 0, host: '127.0.0.1', router, logger });
  const shop = sandbox.yookassa.createShop({
    receiptRequired: true,
    notificationUrl: `http://127.0.0.1:${http.port}/yookassa/webhook`,
  });
  const sales = await runSalesBot({
    token: salesBot.token,
    db,
    redis,
    bullConnection,
    logger,
    encryptionKey,
    apiRoot: sandbox.url,
    instanceId: `dev-${process.pid}`,
    queueNamespace: NAMESPACE.queueNamespace,
    yookassa: {
      client: { shopId: shop.shopId, secretKey: shop.secretKey, apiUrl: sandbox.yookassa.apiUrl },
      tax: { vatCode: 11, taxSystemCode: 1 },
      // The emulator notifies from loopback; production keeps YooKassa's ranges.
      isAllowedSource: notificationSourceCheck({ allowed: ['127.0.0.1'] }),
    },
    storefront: { demoBotUrl: 'https://t.me/demo_salon_bot', supportContact: '@booking_support' },
    http: router,
    keyPrefix: `p:{sales_${NAMESPACE.name}}:`,
    sweepEveryMs: 60_000,
  });

  process.stdout.write(`
  Booking SaaS is running on this machine.

  Web chat:  ${sandbox.url}/
             pick the bot @demo_salon_bot and a customer (Ann, Иван, Lucía), then send /start.
             Olga is the salon's owner: she is told about every booking.
  Sales bot: pick @${SALES_BOT_USERNAME} and Newcomer, send /start, buy a plan, pay on the
             emulator's page, create a bot in the web chat and paste its token: the
             fleet serves the new bot at once, so pick it and Newcomer and send /start.
  Bot API:   TELEGRAM_API_ROOT=${sandbox.url}
  YooKassa:  YOOKASSA_API_URL=${sandbox.yookassa.apiUrl}
  Database:  ${DATABASE} (tenant ${SLUG})
  Namespace: ${NAMESPACE.name} (DEV_NAMESPACE, else the database's name)
             Redis keys t:{${SLUG}}:*, queues ${NAMESPACE.queueNamespace}:bq:*

  Ctrl+C stops everything.
`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    await sales.stop();
    await fleet.stop();
    await http.close();
    await sandbox.stop();
    await Promise.all([db.destroy(), redis.quit(), bullConnection.quit()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch(fail);
