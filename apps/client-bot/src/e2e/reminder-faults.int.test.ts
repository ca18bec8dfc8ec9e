import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from '@booking/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FaultWorld,
  reminderJobId,
  startEveryChat,
  startFaultWorld,
  until,
} from '../testing/fault-world.js';

let world: FaultWorld;
let before: number[];

/** Every client received one more reminder than before the test, and no more. */
async function expectOneReminderEach(timeoutMs: number): Promise<void> {
  const oneMore = () => world.reminderCounts().every((count, i) => count === (before[i] ?? 0) + 1);
  await until(oneMore, timeoutMs, 'one reminder for each client');
  // A second copy would come within moments of the first.
  await sleep(1_500);
  expect(world.reminderCounts()).toEqual(before.map((count) => count + 1));
}

beforeAll(async () => {
  world = await startFaultWorld(3);
  const app = await world.startBot();
  await startEveryChat(world);
  await app.stop();
}, 120_000);

afterAll(async () => {
  await world?.destroy();
});

beforeEach(async () => {
  // Each test books the same specialists again: free them.
  await world.tenantDb
    .updateTable('bookings')
    .set({ status: 'cancelled', cancelled_at: new Date(), cancelled_by: 'test' })
    .execute();
  before = world.reminderCounts();
});

describe('reminders when Redis loses its data', () => {
  it('sends, once Redis is back, the reminders that came due while it restarted empty', async () => {
    const [first] = await world.bookRemindersDueIn(3_000);
    const app = await world.startBot();
    try {
      expect(await world.reminders.getJobState(reminderJobId(world, first as number))).toBe(
        'delayed',
      );
      await world.redis.stop();
      // The reminders come due while Redis is down; it comes back without a job.
      await sleep(5_000);
      await world.redis.start();
      await expectOneReminderEach(20_000);
    } finally {
      await app.stop();
    }
  }, 60_000);

  it('sends at the next reconcile the reminders that came due after a FLUSHALL', async () => {
    await world.bookRemindersDueIn(3_000);
    // Planned at start; the next reconcile runs 6 s later, after they came due.
    const app = await world.startBot({ reconcileEveryMs: 6_000 });
    try {
      await world.redis.flushAll();
      await expectOneReminderEach(20_000);
    } finally {
      await app.stop();
    }
  }, 60_000);
});

describe('reminders when Postgres fails a read', () => {
  it('retries a reminder whose booking could not be read, and sends it', async () => {
    const ids = await world.bookRemindersDueIn(2_000);
    const app = await world.startBot();
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding: Promise<void> | undefined;
    try {
      // A migration or a long transaction holds the table: reads fail after a second.
      await sql`ALTER SYSTEM SET lock_timeout = '1s'`.execute(world.db);
      await sql`SELECT pg_reload_conf()`.execute(world.db);
      let locked = () => {};
      const lockTaken = new Promise<void>((resolve) => {
        locked = resolve;
      });
      holding = world.db.transaction().execute(async (trx) => {
        await sql`LOCK TABLE ${sql.table(`${world.schema}.bookings`)} IN ACCESS EXCLUSIVE MODE`.execute(
          trx,
        );
        locked();
        await released;
      });
      await lockTaken;
      const jobIds = ids.map((id) => reminderJobId(world, id));
      await until(
        async () =>
          (await Promise.all(jobIds.map((id) => world.reminders.getJob(id)))).every(
            (job) => job !== undefined && (job.attemptsMade > 0 || job.finishedOn !== undefined),
          ),
        20_000,
        'every reminder job to have tried once',
      );
      release();
      await holding;
      await expectOneReminderEach(20_000);
    } finally {
      release();
      await holding?.catch(() => undefined);
      await sql`ALTER SYSTEM RESET lock_timeout`.execute(world.db);
      await sql`SELECT pg_reload_conf()`.execute(world.db);
      await app.stop();
    }
  }, 60_000);
});
