import { setTimeout as sleep } from 'node:timers/promises';
import { findDelivery } from '@booking/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FaultWorld,
  REMINDER_OFFSET_MINUTES,
  reminderJobId,
  startEveryChat,
  startFaultWorld,
  until,
} from '../testing/fault-world.js';

// A killed worker's jobs run again once their lock (30 s) expired and a stalled-job check
// (every 30 s) found them: up to a minute and a half after the kill.
const RERUN_TIMEOUT_MS = 120_000;

let world: FaultWorld;
let before: number[];

const sendCalls = () => world.sandbox.telegram.stats(world.bot).calls.sendMessage ?? 0;

beforeAll(async () => {
  world = await startFaultWorld(10);
  const app = await world.startBot();
  await startEveryChat(world);
  await app.stop();
}, 120_000);

afterAll(async () => {
  await world?.destroy();
});

beforeEach(async () => {
  await world.tenantDb
    .updateTable('bookings')
    .set({ status: 'cancelled', cancelled_at: new Date(), cancelled_by: 'test' })
    .execute();
  world.sandbox.telegram.setFault(world.bot, undefined);
  before = world.reminderCounts();
});

describe('a client bot killed with 10 reminders due', () => {
  it('sends none twice when killed while the sends are in flight on a slow Bot API', async () => {
    const ids = await world.bookRemindersDueIn(4_000);
    // Telegram delivers at once but answers 20 s later.
    world.sandbox.telegram.setFault(world.bot, {
      kind: 'delay',
      ms: 20_000,
      methods: ['sendMessage'],
    });
    const first = world.spawnBot();
    try {
      await first.serving();
      await until(
        () => world.reminderCounts().every((count, i) => count === (before[i] ?? 0) + 1),
        30_000,
        'every reminder to be delivered',
      );
      await first.kill();
    } finally {
      await first.kill();
    }
    world.sandbox.telegram.setFault(world.bot, undefined);

    const second = world.spawnBot();
    try {
      await second.serving();
      await world.waitForJobs(
        ids.map((id) => reminderJobId(world, id)),
        'completed',
        RERUN_TIMEOUT_MS,
      );
      await sleep(1_000);
      expect(world.reminderCounts()).toEqual(before.map((count) => count + 1));
      // The outcome of each was unknown when the process died: their claims stay.
      const [bookingId] = ids;
      const startsAt = new Date(
        (
          await world.tenantDb
            .selectFrom('bookings')
            .select('starts_at')
            .where('id', '=', bookingId as number)
            .executeTakeFirstOrThrow()
        ).starts_at,
      ).toISOString();
      expect(
        await findDelivery(
          world.tenantDb,
          `reminder:${bookingId}:${REMINDER_OFFSET_MINUTES}:${startsAt}`,
        ),
      ).toMatchObject({ status: 'claimed', attempts: 1 });
    } finally {
      await second.kill();
    }
  }, 240_000);

  it('loses none when killed before their sends, after Telegram answered errors', async () => {
    const ids = await world.bookRemindersDueIn(3_000);
    const jobIds = ids.map((id) => reminderJobId(world, id));
    const callsBefore = sendCalls();
    // A definite error answer the client does not retry itself (it retries a 5xx for 30 s):
    // each claim is released at once and the job waits for its own retry.
    world.sandbox.telegram.setFault(world.bot, {
      kind: 'error',
      status: 400,
      methods: ['sendMessage'],
    });
    const first = world.spawnBot();
    try {
      await first.serving();
      await until(() => sendCalls() >= callsBefore + 10, 30_000, 'ten failed sends');
      // Killed while every reminder waits for its retry: none is in flight.
      await until(
        async () =>
          (await Promise.all(jobIds.map((id) => world.reminders.getJobState(id)))).every(
            (state) => state === 'delayed',
          ),
        30_000,
        'every reminder to wait for its retry',
      );
      await first.kill();
    } finally {
      await first.kill();
    }
    expect(world.reminderCounts()).toEqual(before);
    world.sandbox.telegram.setFault(world.bot, undefined);

    const second = world.spawnBot();
    try {
      await second.serving();
      await world.waitForJobs(jobIds, 'completed', RERUN_TIMEOUT_MS);
      await sleep(1_000);
      expect(world.reminderCounts()).toEqual(before.map((count) => count + 1));
    } finally {
      await second.kill();
    }
  }, 240_000);
});
