/**
 * A client bot's world on servers of the test's own, for fault tests that restart or
 * flush Redis, hold locks in Postgres, or kill the bot: a scratch Postgres and Redis, the
 * sandbox, a tenant with one specialist per client, and clients who started the bot.
 * The bot runs on the real clock, in the test's process or as a child process.
 * Test-only: production code never imports this file.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  assignService,
  createDb,
  createLogger,
  createRedis,
  createSpecialist,
  type Database,
  getBooking,
  getSettings,
  getTenantBotToken,
  migratePlatform,
  provisionTenant,
  type TenantExecutor,
  tenantDb,
  upsertClient,
} from '@booking/core';
import {
  randomId,
  randomSlug,
  type ScratchPostgres,
  type ScratchRedis,
  spawnTs,
  startScratchPostgres,
  startScratchRedis,
  TEST_ENCRYPTION_KEY,
} from '@booking/core/testing';
import { type Sandbox, type SandboxBot, type SandboxChat, startSandbox } from '@booking/sandbox';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type RunClientBotOptions, type RunningClientBot, runClientBot } from '../app.js';
import { ClientJobs } from '../jobs/queues.js';
import { seedTestSalon } from './harness.js';

/** The offset of the one reminder of every visit. */
export const REMINDER_OFFSET_MINUTES = 60;

/** A client of the world, with the specialist of their visit. */
export interface WorldClient {
  chat: SandboxChat;
  userId: number;
  clientId: number;
  staffId: number;
}

/** A child `client-bot --tenant` process. */
export interface BotProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when it printed `client-bot is serving`. */
  serving(): Promise<void>;
  /** SIGKILL, as the OOM killer or a pulled plug does. */
  kill(): Promise<void>;
}

/** See the file's comment. */
export interface FaultWorld {
  postgres: ScratchPostgres;
  redis: ScratchRedis;
  sandbox: Sandbox;
  bot: SandboxBot;
  /** Platform handle on the scratch Postgres. */
  db: Database;
  slug: string;
  schema: string;
  tenantDb: TenantExecutor;
  clients: WorldClient[];
  namespace: string;
  /** The reminders queue, to watch job states. */
  reminders: Queue;
  /**
   * Books every client's visit so that its reminder is due `ms` from now, and plans its
   * jobs as the bot does for a booking; returns the booking ids.
   */
  bookRemindersDueIn(ms: number): Promise<number[]>;
  /** How many reminders each client received, in client order. */
  reminderCounts(): number[];
  /** Runs the bot in this process. */
  startBot(options?: Partial<RunClientBotOptions>): Promise<RunningClientBot>;
  /** Runs `client-bot --tenant` as a child process. */
  spawnBot(): BotProcess;
  /** Resolves when every job id is in `state`. */
  waitForJobs(ids: string[], state: 'completed', timeoutMs: number): Promise<void>;
  destroy(): Promise<void>;
}

/** Polls `condition` every 100 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts the world with `clientCount` clients; each has sent /start and been answered. */
export async function startFaultWorld(clientCount: number): Promise<FaultWorld> {
  const [postgres, redis] = await Promise.all([startScratchPostgres(), startScratchRedis()]);
  const db = createDb({ connectionString: postgres.url, maxConnections: 10 });
  await migratePlatform(db);
  const redisClient = createRedis(redis.url);
  // Restarting Redis is the point of some tests: its connections' errors are expected.
  const quietly = (connection: Redis) => connection.on('error', () => undefined);
  quietly(redisClient);
  const sandbox = await startSandbox({ waitTimeoutMs: 10_000 });
  const slug = randomSlug();
  const deps = { db, redis: redisClient, encryptionKey: TEST_ENCRYPTION_KEY };
  const { tenant } = await provisionTenant(deps, {
    slug,
    botToken: `${100_000_000 + Math.floor(Math.random() * 800_000_000)}:AA${randomId(33)}`,
    timeZone: 'Europe/Moscow',
    locale: 'en',
  });
  const schemaDb = tenantDb(db, tenant.schema);
  const salon = await seedTestSalon(schemaDb, {
    reminderOffsetsMinutes: [REMINDER_OFFSET_MINUTES],
    defaultLocale: 'en',
  });
  const token = await getTenantBotToken(deps, slug);
  const bot = sandbox.telegram.createBot({ token, username: `${slug}_bot` });
  const clients: WorldClient[] = [];
  for (let i = 0; i < clientCount; i++) {
    const user = sandbox.telegram.createUser({ first_name: `Client${i}`, language_code: 'en' });
    const client = await upsertClient(schemaDb, {
      telegramUserId: user.id,
      name: `Client${i}`,
      phone: '+79120000000',
      locale: 'en',
    });
    const specialist = await createSpecialist(schemaDb, { name: `Master${i}`, sortOrder: i + 2 });
    await assignService(schemaDb, { staffId: specialist.id, serviceId: salon.haircutId });
    clients.push({
      chat: sandbox.chat(bot, user),
      userId: user.id,
      clientId: client.id,
      staffId: specialist.id,
    });
  }
  const namespace = `test_${randomId(8)}`;
  const bullConnection = quietly(createRedis(redis.url, { forBullmq: true }));
  const jobs = new ClientJobs(bullConnection, namespace);
  const reminders = new Queue('{reminders}', {
    connection: bullConnection,
    prefix: `${namespace}:bq`,
  });
  const logger = createLogger({
    app: 'client-bot-test',
    level: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const running: Array<{ stop(): Promise<void> }> = [];
  const connections: Redis[] = [redisClient, bullConnection];
  const children: ChildProcess[] = [];

  const world: FaultWorld = {
    postgres,
    redis,
    sandbox,
    bot,
    db,
    slug,
    schema: tenant.schema,
    tenantDb: schemaDb,
    clients,
    namespace,
    reminders,
    async bookRemindersDueIn(ms) {
      const startsAt = new Date(Date.now() + ms + REMINDER_OFFSET_MINUTES * 60_000);
      const endsAt = new Date(startsAt.getTime() + 60 * 60_000);
      const rows = await schemaDb
        .insertInto('bookings')
        .values(
          clients.map((client) => ({
            client_id: client.clientId,
            service_id: salon.haircutId,
            staff_id: client.staffId,
            starts_at: startsAt,
            ends_at: endsAt,
            occupied_from: startsAt,
            occupied_until: endsAt,
            status: 'confirmed' as const,
            price_minor: 150_000,
            currency: 'RUB',
            comment: '',
          })),
        )
        .returning('id')
        .execute();
      // As a booking made in the bot does, plan its jobs at once.
      const settings = await getSettings(schemaDb);
      for (const { id } of rows) {
        await jobs.scheduleVisit(slug, await getBooking(schemaDb, id), settings, new Date());
      }
      return rows.map((row) => row.id);
    },
    reminderCounts() {
      return clients.map(
        ({ chat }) =>
          chat.botMessages().filter((message) => message.text.includes('Reminder')).length,
      );
    },
    async startBot(options = {}) {
      const connection = quietly(createRedis(redis.url, { forBullmq: true }));
      const botRedis = quietly(createRedis(redis.url));
      connections.push(connection, botRedis);
      const app = await runClientBot({
        slug,
        db,
        redis: botRedis,
        bullConnection: connection,
        logger,
        encryptionKey: TEST_ENCRYPTION_KEY,
        apiRoot: sandbox.url,
        instanceId: `test-${randomBytes(3).toString('hex')}`,
        queueNamespace: namespace,
        pollTimeoutSeconds: 1,
        leaseMs: 3_000,
        ...options,
      });
      running.push(app);
      return app;
    },
    spawnBot() {
      const child = spawnTs('apps/client-bot/src/main.ts', {
        args: ['--tenant', slug],
        env: {
          DATABASE_URL: postgres.url,
          REDIS_URL: redis.url,
          TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
          TELEGRAM_API_ROOT: sandbox.url,
          OPS_PORT: '0',
          QUEUE_NAMESPACE: namespace,
          LOG_LEVEL: 'info',
        },
      });
      children.push(child);
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      return {
        child,
        output: () => output,
        serving: () =>
          until(() => output.includes('client-bot is serving'), 30_000, 'the bot to serve').catch(
            (error: Error) => {
              throw new Error(`${error.message}\n${output}`);
            },
          ),
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
      };
    },
    async waitForJobs(ids, state, timeoutMs) {
      await until(
        async () =>
          (await Promise.all(ids.map((id) => reminders.getJobState(id)))).every(
            (current) => current === state,
          ),
        timeoutMs,
        `jobs ${ids.join(', ')} to be ${state}`,
      );
    },
    async destroy() {
      for (const child of children) {
        child.kill('SIGKILL');
      }
      await Promise.all(running.map((app) => app.stop().catch(() => undefined)));
      await Promise.all([reminders.close(), jobs.close()]).catch(() => undefined);
      for (const connection of connections) {
        connection.disconnect();
      }
      await db.destroy().catch(() => undefined);
      await sandbox.stop();
      await Promise.all([postgres.destroy(), redis.destroy()]);
    },
  };
  return world;
}

/** Every client sends /start and waits for the bot's answer: a bot writes only to those. */
export async function startEveryChat(world: FaultWorld): Promise<void> {
  for (const { chat } of world.clients) {
    await chat.send('/start');
  }
  for (const { chat } of world.clients) {
    await chat.waitFor('Test Salon', { timeout: 20_000 });
  }
}

/** The job id of a booking's reminder (see `ClientJobs`). */
export function reminderJobId(world: FaultWorld, bookingId: number): string {
  return `reminder-${world.slug}-${bookingId}-${REMINDER_OFFSET_MINUTES}`;
}
