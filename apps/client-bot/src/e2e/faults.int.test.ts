/**
 * Fault tests: Redis and Postgres go away while customers use the bot. They run on a
 * Postgres cluster and a Redis server of their own (never the shared ones), and assert
 * what a customer sees (every press and message answered), that the bot keeps working,
 * and what Postgres holds afterwards.
 */
import { sessionKey } from '@booking/bot-kit';
import { createDb, type Database, listClientBookings, sql, tenantKeyPrefix } from '@booking/core';
import {
  type ScratchPostgres,
  type ScratchRedis,
  startScratchPostgres,
  startScratchRedis,
} from '@booking/core/testing';
import { type Sandbox, type SandboxChat, startSandbox } from '@booking/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bookThroughBot,
  type Harness,
  type HarnessOptions,
  nextMonday,
  startHarness,
  toConfirmation,
  toDay,
} from '../testing/harness.js';

const today = nextMonday(7);
const tuesday = today.plus({ days: 1 });
/** What the bot says when it could not finish an update. */
const APOLOGY = 'something went wrong';
/** Long enough for a command to time out and the apology to be sent. */
const ANSWER_TIMEOUT = { timeout: 15_000 };

let sandbox: Sandbox;
let postgres: ScratchPostgres;
let redis: ScratchRedis;
// What would have ended a bot process: vitest survives these, a process does not.
const uncaught: unknown[] = [];
const recordUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  process.on('uncaughtException', recordUncaught);
  process.on('unhandledRejection', recordUncaught);
  [sandbox, postgres, redis] = await Promise.all([
    startSandbox({ waitTimeoutMs: 8_000 }),
    startScratchPostgres(),
    startScratchRedis(),
  ]);
}, 60_000);

afterEach(() => {
  expect(uncaught).toEqual([]);
});

afterAll(async () => {
  process.off('uncaughtException', recordUncaught);
  process.off('unhandledRejection', recordUncaught);
  await sandbox?.stop();
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
});

/** A client bot on this file's own Postgres and Redis. */
function startFaultHarness(options: HarnessOptions = {}): Promise<Harness> {
  return startHarness({
    sandbox,
    clockAt: today,
    ...options,
    servers: {
      databaseUrl: postgres.url,
      redisUrl: redis.url,
      // Production's limits, shortened so that a test waits seconds, not minutes.
      redisCommandTimeoutMs: 1_000,
      dbTimeouts: { statementMs: 10_000, lockMs: 3_000, idleInTransactionMs: 10_000 },
      ...options.servers,
    },
  });
}

/** A known client's chat: they book without being asked for a name and phone. */
async function knownChat(
  h: Harness,
  name: string,
): Promise<{ chat: SandboxChat; id: number; userId: number }> {
  const { chat, userId } = h.chat({ name });
  const id = await h.knownClient(userId, name);
  return { chat, id, userId };
}

async function bookingsOf(h: Harness, clientId: number) {
  return listClientBookings(h.tenant.db, { clientId, now: h.clock.now() });
}

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const resolves = (promise: Promise<unknown>) =>
  promise.then(
    () => true,
    () => false,
  );

describe('Redis goes away', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startFaultHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('a press while Redis is down is answered with an apology; after a restart the customer books', async () => {
    const { chat, id } = await knownChat(h, 'Rita');
    await chat.send('/book');
    await chat.waitFor('Choose a service');

    await redis.stop();
    try {
      await chat.press(
        chat
          .buttons()
          .flat()
          .find((text) => text.startsWith('Haircut')) ?? '',
      );
      // The spinner stops, and the customer is told to try again.
      await chat.waitForCallbackAnswer(ANSWER_TIMEOUT);
      await chat.waitFor(APOLOGY, ANSWER_TIMEOUT);
    } finally {
      await redis.start();
    }

    // Redis came back empty (no persistence): the wizard starts over, and works.
    await bookThroughBot(chat, { specialist: 'Anna', date: tuesday, time: '10:00', today });
    expect((await bookingsOf(h, id)).map((booking) => booking.status)).toEqual(['confirmed']);
  }, 60_000);

  it('FLUSHALL mid-wizard: the next press is answered, and the customer books', async () => {
    const { chat, id, userId } = await knownChat(h, 'Flora');
    await toDay(chat, { specialist: 'Anna', date: tuesday, today });
    await chat.waitFor('choose a time');
    // The session is written after the screen: flush what the day's press stored.
    const key = sessionKey(tenantKeyPrefix(h.tenant.slug), userId);
    await until('the chosen day is in the session', async () =>
      ((await h.redis.get(key)) ?? '').includes(tuesday.toISODate() ?? '-'),
    );

    await redis.flushAll();
    await chat.press('11:00');
    // The wizard lived in the session that is gone: the button says so.
    expect((await chat.waitForCallbackAnswer(ANSWER_TIMEOUT)).text).toContain('outdated');

    await bookThroughBot(chat, { specialist: 'Anna', date: tuesday, time: '11:00', today });
    expect((await bookingsOf(h, id)).map((booking) => booking.status)).toEqual(['confirmed']);
  }, 60_000);
});

describe('a standby replica and a Redis blip', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startFaultHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('the standby says it is not ready while Redis is down, then takes over when the holder stops', async () => {
    const { chat } = h.chat({ name: 'Stan' });
    await chat.send('/start');
    await chat.waitFor('Test Salon');
    const standby = await h.replica();
    expect(await resolves(standby.ready())).toBe(true);

    await redis.stop();
    try {
      // Its attempts to take the lease fail: it could not take over now.
      await until(
        'the standby reports it is not ready',
        async () => !(await resolves(standby.ready())),
      );
    } finally {
      await redis.start();
    }
    await until('the standby is ready again', () => resolves(standby.ready()));

    // The first replica leaves; the standby must now serve the customer.
    await h.app.stop();
    await chat.send('/help');
    await chat.waitFor('Book an appointment with', { timeout: 20_000 });
  }, 90_000);
});

describe('a revoked token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startFaultHarness();
  }, 60_000);
  afterAll(async () => {
    sandbox.telegram.setFault(h.bot, undefined);
    await h?.stop();
  });

  it('polling backs off instead of asking every second, and /ready says so', async () => {
    sandbox.telegram.setFault(h.bot, { kind: 'unauthorized', methods: ['getUpdates'] });
    await until('the bot reports it is not ready', async () => !(await resolves(h.app.ready())));
    // Three failures in a row (after pauses of 1 and 2 s); the next pause is 4 s.
    const asked = sandbox.telegram.stats(h.bot).calls.getUpdates ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((sandbox.telegram.stats(h.bot).calls.getUpdates ?? 0) - asked).toBeLessThanOrEqual(1);

    sandbox.telegram.setFault(h.bot, undefined);
    const { chat } = h.chat({ name: 'Tom' });
    await chat.send('/start');
    await chat.waitFor('Test Salon', { timeout: 20_000 });
    await until('the bot is ready again', () => resolves(h.app.ready()));
  }, 60_000);
});

describe('Postgres restarts', () => {
  let h: Harness;
  let lockDb: Database;
  beforeAll(async () => {
    h = await startFaultHarness();
    // One connection holds the lock, the other looks at what waits for it.
    lockDb = createDb({ connectionString: postgres.url, maxConnections: 2 });
  }, 60_000);
  afterAll(async () => {
    await lockDb?.destroy();
    await h?.stop();
  });

  /**
   * Holds an exclusive lock on the tenant's bookings table from another connection
   * until `release` is called (or Postgres ends the connection).
   */
  async function lockBookings(): Promise<{ release: () => Promise<void> }> {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const transaction = lockDb
      .transaction()
      .execute(async (trx) => {
        await sql`LOCK TABLE ${sql.id(h.tenant.schema, 'bookings')} IN ACCESS EXCLUSIVE MODE`.execute(
          trx,
        );
        locked();
        await released;
      })
      // A restart ends the transaction with an error: that is the point.
      .catch(() => undefined);
    await holding;
    return {
      release: async () => {
        release();
        await transaction;
      },
    };
  }

  async function waitForLockWait(): Promise<void> {
    await until('the bot waits for the lock', async () => {
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE application_name = 'client-bot-test' AND wait_event_type = 'Lock'
      `.execute(lockDb);
      return (rows[0]?.n ?? 0) > 0;
    });
  }

  it('while idle: the process lives on and the next customer books', async () => {
    const { chat, id } = await knownChat(h, 'Ida');
    await chat.send('/my');
    await chat.waitFor('You have no upcoming bookings');

    await postgres.restart();

    await bookThroughBot(chat, { specialist: 'Anna', date: tuesday, time: '12:00', today });
    expect((await bookingsOf(h, id)).map((booking) => booking.status)).toEqual(['confirmed']);
  }, 60_000);

  it('mid-update: the customer gets an apology, confirms again, and is booked once', async () => {
    const { chat, id } = await knownChat(h, 'Mila');
    await toConfirmation(chat, { specialist: 'Anna', date: tuesday, time: '13:00', today });
    const lock = await lockBookings();

    await chat.press('✅ Confirm');
    await waitForLockWait();
    await postgres.restart();
    await lock.release();
    await chat.waitFor(APOLOGY, ANSWER_TIMEOUT);

    await chat.press('✅ Confirm');
    await chat.waitFor('You are booked', ANSWER_TIMEOUT);
    expect((await bookingsOf(h, id)).map((booking) => booking.status)).toEqual(['confirmed']);
  }, 60_000);

  it('a table lock held too long costs one apology, not a frozen bot', async () => {
    const { chat, id } = await knownChat(h, 'Lena');
    await toConfirmation(chat, { specialist: 'Anna', date: tuesday, time: '15:00', today });
    const lock = await lockBookings();
    try {
      await chat.press('✅ Confirm');
      // The lock timeout (3 s here) ends the wait.
      await chat.waitFor(APOLOGY, ANSWER_TIMEOUT);
    } finally {
      await lock.release();
    }
    await chat.press('✅ Confirm');
    await chat.waitFor('You are booked', ANSWER_TIMEOUT);
    expect((await bookingsOf(h, id)).map((booking) => booking.status)).toEqual(['confirmed']);
  }, 60_000);
});
