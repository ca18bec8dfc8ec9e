/**
 * End-to-end harness for the client bot: the sandbox's Telegram emulator, a fresh
 * tenant with a small catalogue, the bot and its workers, and a clock the test sets.
 * Test-only: production code never imports this file.
 */
import { randomBytes } from 'node:crypto';
import { sessionKey } from '@booking/bot-kit';
import {
  assignService,
  createDb,
  createLogger,
  createRedis,
  createService,
  createSpecialist,
  type Database,
  type DbTimeouts,
  getTenantBotToken,
  migratePlatform,
  type SettingsPatch,
  type TenantDeps,
  type TenantExecutor,
  tenantKeyPrefix,
  updateSettings,
  upsertClient,
} from '@booking/core';
import {
  createTestTenant,
  getTestTenantDeps,
  randomId,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
  type TestTenant,
} from '@booking/core/testing';
import { type Sandbox, type SandboxBot, type SandboxChat, startSandbox } from '@booking/sandbox';
import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { type RunClientBotOptions, type RunningClientBot, runClientBot } from '../app.js';

/** Zone of the test business. */
export const ZONE = 'Europe/Moscow';

/** A clock that runs in real time from an instant the test chose. */
export class TestClock {
  private shiftMs = 0;

  /** From now on the bot believes it is `instant` (and time goes on from there). */
  set(instant: Date | DateTime): void {
    const at = instant instanceof Date ? instant.getTime() : instant.toMillis();
    this.shiftMs = at - Date.now();
  }

  now = (): Date => new Date(Date.now() + this.shiftMs);

  /** The real time at which the bot's clock shows `instant`. */
  realTimeOf(instant: Date): number {
    return instant.getTime() - this.shiftMs;
  }
}

/** The catalogue every client-bot test starts with. */
export interface TestSalon {
  haircutId: number;
  manicureId: number;
  anna: number;
  boris: number;
}

/**
 * Two specialists working Mon–Fri 09:00–18:00: Anna does haircuts (60 min, 1 500 ₽)
 * and manicures (30 min, 900 ₽), Boris haircuts only.
 */
export async function seedTestSalon(
  db: TenantExecutor,
  settings: SettingsPatch = {},
): Promise<TestSalon> {
  await updateSettings(db, {
    timeZone: ZONE,
    businessName: 'Test Salon',
    businessPhone: '+7 495 111-22-33',
    minNoticeMinutes: 60,
    slotStepMinutes: 30,
    ...settings,
  });
  const haircut = await createService(db, {
    name: 'Haircut',
    durationMinutes: 60,
    priceMinor: 150_000,
    currency: 'RUB',
  });
  const manicure = await createService(db, {
    name: 'Manicure',
    durationMinutes: 30,
    priceMinor: 90_000,
    currency: 'RUB',
    sortOrder: 1,
  });
  const anna = await createSpecialist(db, { name: 'Anna', sortOrder: 0 });
  const boris = await createSpecialist(db, { name: 'Boris', sortOrder: 1 });
  await assignService(db, { staffId: anna.id, serviceId: haircut.id });
  await assignService(db, { staffId: anna.id, serviceId: manicure.id });
  await assignService(db, { staffId: boris.id, serviceId: haircut.id });
  return { haircutId: haircut.id, manicureId: manicure.id, anna: anna.id, boris: boris.id };
}

/** The Monday after next at `hour`:00 in the business's zone: a working day with free hours. */
export function nextMonday(hour: number): DateTime {
  const today = DateTime.now().setZone(ZONE).startOf('day');
  return today.plus({ days: 7 + ((8 - today.weekday) % 7) }).set({ hour });
}

/** Options of {@link startHarness}. */
export interface HarnessOptions {
  settings?: SettingsPatch;
  /** Where the bot's clock starts. Default: {@link nextMonday} at 07:00. */
  clockAt?: DateTime;
  /** The owner's Telegram user id: provisioning makes them the owner admin. */
  ownerTelegramId?: number;
  /** Leave the tenant as provisioning made it: no settings, services or specialists. */
  emptyCatalogue?: boolean;
  /** Extra options for the bot (webhook mode, limits). */
  bot?: Partial<RunClientBotOptions>;
  /** Reuse a sandbox (several harnesses in one test). */
  sandbox?: Sandbox;
  /**
   * Servers of the test's own (a fault test's, see `startScratchPostgres`), instead of
   * the shared ones. The harness migrates the platform schema there and closes its
   * connections on stop.
   */
  servers?: {
    databaseUrl?: string;
    redisUrl?: string;
    /** The bot's Postgres limits (none by default). */
    dbTimeouts?: DbTimeouts;
    /** The bot's Redis command limit (ioredis' own by default). */
    redisCommandTimeoutMs?: number;
  };
}

/** A running client bot with everything around it. */
export interface Harness {
  sandbox: Sandbox;
  tenant: TestTenant;
  bot: SandboxBot;
  /** The seeded catalogue (ids 0 with `emptyCatalogue`). */
  salon: TestSalon;
  clock: TestClock;
  app: RunningClientBot;
  namespace: string;
  /** The platform database the bot uses. */
  db: Database;
  /** The Redis the bot uses. */
  redis: Redis;
  /** A new Telegram user's chat with the bot. */
  chat(options?: { name?: string; language?: string; id?: number }): {
    chat: SandboxChat;
    userId: number;
  };
  /** Records a known client (name and phone), as after a first booking. */
  knownClient(userId: number, name: string): Promise<number>;
  /** Drops a user's session, as Redis does after a week without a message from them. */
  forgetSession(userId: number): Promise<void>;
  /** A user's stored session as Redis holds it (`{}` when there is none). */
  readSession(userId: number): Promise<Record<string, unknown>>;
  /** Changes fields of a user's stored session, as an older build might have left it. */
  patchSession(userId: number, patch: Record<string, unknown>): Promise<void>;
  /** Starts another replica of the same bot (same tenant and token). */
  replica(options?: Partial<RunClientBotOptions>): Promise<RunningClientBot>;
  stop(): Promise<void>;
}

/** Starts a sandbox (unless given), a seeded tenant and its client bot. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sandbox = options.sandbox ?? (await startSandbox({ waitTimeoutMs: 6_000 }));
  const servers = options.servers ?? {};
  const owned: Array<() => Promise<unknown>> = [];
  let deps: TenantDeps = await getTestTenantDeps();
  if (servers.databaseUrl || servers.redisUrl) {
    const db = servers.databaseUrl
      ? createDb({
          connectionString: servers.databaseUrl,
          maxConnections: 5,
          applicationName: 'client-bot-test',
          timeouts: servers.dbTimeouts,
        })
      : deps.db;
    if (servers.databaseUrl) {
      await migratePlatform(db);
      owned.push(() => db.destroy());
    }
    const redis = servers.redisUrl
      ? createRedis(servers.redisUrl, { commandTimeoutMs: servers.redisCommandTimeoutMs })
      : deps.redis;
    if (servers.redisUrl) {
      // Fault tests stop this server on purpose; its reconnect errors are expected.
      redis.on('error', () => undefined);
      owned.push(async () => redis.disconnect());
    }
    deps = { ...deps, db, redis };
  }
  const tenant = await createTestTenant({
    timeZone: ZONE,
    deps,
    ownerTelegramId: options.ownerTelegramId,
  });
  const salon = options.emptyCatalogue
    ? { haircutId: 0, manicureId: 0, anna: 0, boris: 0 }
    : await seedTestSalon(tenant.db, options.settings);
  const token = await getTenantBotToken(deps, tenant.slug);
  const bot = sandbox.telegram.createBot({ token, username: `${tenant.slug}_bot` });
  const clock = new TestClock();
  clock.set(options.clockAt ?? nextMonday(7));
  const namespace = `test_${randomId(8)}`;
  const logger = createLogger({
    app: 'client-bot-test',
    level: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const connections: Redis[] = [];
  const start = async (extra: Partial<RunClientBotOptions> = {}) => {
    const bullConnection = createRedis(servers.redisUrl ?? TEST_REDIS_URL, { forBullmq: true });
    bullConnection.on('error', () => undefined);
    connections.push(bullConnection);
    return runClientBot({
      slug: tenant.slug,
      db: deps.db,
      redis: deps.redis,
      bullConnection,
      logger,
      encryptionKey: TEST_ENCRYPTION_KEY,
      apiRoot: sandbox.url,
      instanceId: `test-${randomBytes(3).toString('hex')}`,
      queueNamespace: namespace,
      now: clock.now,
      pollTimeoutSeconds: 1,
      leaseMs: 3_000,
      statusRefreshMs: 500,
      // A test clicks far faster than a person; the flood test sets the real limit.
      antiFlood: { burst: 200, ratePerSecond: 100 },
      ...options.bot,
      ...extra,
    });
  };
  const app = await start();
  const replicas: RunningClientBot[] = [];
  return {
    sandbox,
    tenant,
    bot,
    salon,
    clock,
    app,
    namespace,
    db: deps.db,
    redis: deps.redis,
    chat(chatOptions = {}) {
      const user = sandbox.telegram.createUser({
        first_name: chatOptions.name ?? 'Ann',
        language_code: chatOptions.language ?? 'en',
        ...(chatOptions.id === undefined ? {} : { id: chatOptions.id }),
      });
      return { chat: sandbox.chat(bot, user), userId: user.id };
    },
    async knownClient(userId, name) {
      const client = await upsertClient(tenant.db, {
        telegramUserId: userId,
        name,
        phone: '+79120000000',
        locale: 'en',
      });
      return client.id;
    },
    async forgetSession(userId) {
      await deps.redis.del(sessionKey(tenantKeyPrefix(tenant.slug), userId));
    },
    async readSession(userId) {
      const key = sessionKey(tenantKeyPrefix(tenant.slug), userId);
      return JSON.parse((await deps.redis.get(key)) ?? '{}') as Record<string, unknown>;
    },
    async patchSession(userId, patch) {
      const key = sessionKey(tenantKeyPrefix(tenant.slug), userId);
      const stored = JSON.parse((await deps.redis.get(key)) ?? '{}') as object;
      await deps.redis.set(key, JSON.stringify({ ...stored, ...patch }), 'EX', 3_600);
    },
    async replica(extra) {
      const running = await start(extra);
      replicas.push(running);
      return running;
    },
    async stop() {
      // Delayed reminders of this test must not stay in Redis.
      for (const queue of [
        app.jobs.reminders,
        app.jobs.notifications,
        app.jobs.waitlist,
        app.jobs.deliveries.queue,
      ]) {
        await queue.obliterate({ force: true }).catch(() => undefined);
      }
      await Promise.all([app.stop(), ...replicas.map((replica) => replica.stop())]);
      // A stopped Redis never answers QUIT.
      for (const connection of connections) {
        if (connection.status === 'ready') {
          await connection.quit();
        } else {
          connection.disconnect();
        }
      }
      if (!options.sandbox) {
        await sandbox.stop();
      }
      await tenant.dispose();
      for (const close of owned) {
        await close();
      }
    },
  };
}

/**
 * On the calendar, which opens at the month of `today`, moves to the month of `date`
 * and presses its day, whatever the day's marker.
 */
export async function pressDate(chat: SandboxChat, date: DateTime, today: DateTime): Promise<void> {
  const months = date.year * 12 + date.month - (today.year * 12 + today.month);
  for (let i = 0; i < months; i++) {
    await chat.press('▶');
    await chat.waitFor(/./);
  }
  const label = chat
    .buttons()
    .flat()
    .find((text) => new RegExp(`^${date.day}[•✕]?$`).test(text));
  if (!label) {
    throw new Error(`No button for ${date.toISODate()}:\n${chat.toString()}`);
  }
  await chat.press(label);
}

/** What a known client picks in the booking wizard (English labels). */
export interface WizardChoice {
  service?: string;
  specialist: string;
  date: DateTime;
  time: string;
  /** The bot's today: the calendar opens at its month. */
  today: DateTime;
}

/** Drives a client from `/book` to pressing a day; the caller waits for what follows. */
export async function toDay(chat: SandboxChat, choice: Omit<WizardChoice, 'time'>): Promise<void> {
  const service = choice.service ?? 'Haircut';
  await chat.send('/book');
  await chat.waitFor('Choose a service');
  // Intl puts a no-break space in prices: find the service's button by its start.
  await chat.press(
    chat
      .buttons()
      .flat()
      .find((text) => text.startsWith(service)) ?? service,
  );
  await chat.waitFor('Choose a specialist');
  await chat.press(choice.specialist);
  await chat.waitFor('Choose a day');
  await pressDate(chat, choice.date, choice.today);
}

/** Drives a known client from `/book` to the confirmation screen. */
export async function toConfirmation(chat: SandboxChat, choice: WizardChoice): Promise<void> {
  await toDay(chat, choice);
  await chat.waitFor('choose a time');
  await chat.press(choice.time);
  await chat.waitFor('Please check your booking');
}

/** Books as a known client through the whole wizard. */
export async function bookThroughBot(chat: SandboxChat, choice: WizardChoice): Promise<void> {
  await toConfirmation(chat, choice);
  await chat.press('✅ Confirm');
  await chat.waitFor('You are booked');
}
