/**
 * `pnpm dev`: the whole customer experience on this machine, with no Telegram account.
 *
 * Starts the sandbox (Telegram and YooKassa emulators with the web chat), provisions a
 * demo salon tenant (three specialists, five services, working hours) in its own
 * database, runs its client bot against the emulator, and prints the web chat URL.
 * Needs only the local Postgres and Redis. Ctrl+C stops everything.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runClientBot } from '@booking/client-bot/app';
import { seedDemoSalon } from '@booking/client-bot/demo';
import {
  addAdmin,
  createDb,
  createLogger,
  createRedis,
  env,
  findAdminByTelegramId,
  getTenant,
  getTenantBotToken,
  isAppError,
  migratePlatform,
  migrateTenants,
  provisionTenant,
  sql,
  tenantDb,
} from '@booking/core';
import { startSandbox } from '@booking/sandbox';
import { fail, loadConfigWithDotEnv } from './lib/cli.js';

const SLUG = 'demo_salon';
/** The demo's Telegram users: the salon's owner and three customers. */
const DEMO_USER_IDS = {
  owner: 700_000_001,
  ann: 700_000_002,
  ivan: 700_000_003,
  lucia: 700_000_004,
};
const STATE_DIR = '.dev';

const config = loadConfigWithDotEnv('dev', {
  DATABASE_URL: env
    .url(['postgres', 'postgresql'])
    .default('postgres://postgres@127.0.0.1:5432/booking_dev'),
  REDIS_URL: env.url(['redis', 'rediss']).default('redis://127.0.0.1:6379/0'),
  SANDBOX_PORT: env.port().default(8081),
  LOG_LEVEL: env.oneOf(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
  TOKEN_ENCRYPTION_KEY: env.encryptionKey().optional(),
});

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

/** Creates the dev database on first run. */
async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.replace(/^\//, '');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const db = createDb({
    connectionString: admin.toString(),
    maxConnections: 1,
    applicationName: 'dev',
  });
  try {
    const found = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${name}`.execute(db);
    if ((found.rows[0]?.n ?? 0) === 0) {
      await sql`CREATE DATABASE ${sql.id(name)}`.execute(db);
      process.stderr.write(`created database ${name}\n`);
    }
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const encryptionKey = devEncryptionKey();
  await ensureDatabase(config.DATABASE_URL);
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
      `The dev tenant ${SLUG} was deleted; drop the booking_dev database to start over`,
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

  const bot = await runClientBot({
    slug: SLUG,
    db,
    redis,
    bullConnection,
    logger,
    encryptionKey,
    apiRoot: sandbox.url,
    instanceId: `dev-${process.pid}`,
    queueNamespace: 'dev',
  });
  // A bot may write only to users who started it: the owner starts hers, as a real owner
  // does when she sets the bot up, so she is told about each booking from the first one.
  sandbox.telegram.sendText(demoBot, owner, '/start');

  process.stdout.write(`
  Booking SaaS is running on this machine.

  Web chat:  ${sandbox.url}/
             pick the bot @demo_salon_bot and a customer (Ann, Иван, Lucía), then send /start.
             Olga is the salon's owner: she is told about every booking.
  Bot API:   TELEGRAM_API_ROOT=${sandbox.url}
  YooKassa:  YOOKASSA_API_URL=${sandbox.yookassa.apiUrl}
  Database:  ${new URL(config.DATABASE_URL).pathname.slice(1)} (tenant ${SLUG})

  Ctrl+C stops everything.
`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    await bot.stop();
    await sandbox.stop();
    await Promise.all([db.destroy(), redis.quit(), bullConnection.quit()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch(fail);
