import { bookAppointment, createRedis, updateSettings, upsertClient } from '@booking/core';
import { createTestTenant, randomId, TEST_REDIS_URL, type TestTenant } from '@booking/core/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextMonday, seedTestSalon } from '../testing/harness.js';
import { ClientJobs } from './queues.js';
import { reconcileTenantJobs } from './reconciler.js';

let tenant: TestTenant;
let connection: Redis;
let jobs: ClientJobs;
const monday = nextMonday(7);

beforeAll(async () => {
  tenant = await createTestTenant();
  connection = createRedis(TEST_REDIS_URL, { forBullmq: true });
  jobs = new ClientJobs(connection, `test_${randomId(8)}`);
});

afterAll(async () => {
  await jobs.reminders.obliterate({ force: true });
  await jobs.close();
  await connection.quit();
  await tenant.dispose();
});

describe('reconcileTenantJobs', () => {
  it('plans the visits of every booking, a batch at a time, past the batch size', async () => {
    const salon = await seedTestSalon(tenant.db);
    await updateSettings(tenant.db, { reminderOffsetsMinutes: [60] });
    const bookingIds: number[] = [];
    // Seven visits of two specialists through the day: more than two batches of three.
    for (let i = 0; i < 7; i++) {
      const client = await upsertClient(tenant.db, {
        telegramUserId: 7_000 + i,
        name: `Client ${i}`,
        phone: '+79120000000',
        locale: 'en',
      });
      const booking = await bookAppointment(
        tenant.db,
        {
          clientId: client.id,
          serviceId: salon.haircutId,
          staffId: i % 2 === 0 ? salon.anna : salon.boris,
          startsAt: monday.set({ hour: 9 + Math.floor(i / 2) }).toJSDate(),
        },
        { now: monday.toJSDate() },
      );
      bookingIds.push(booking.id);
    }
    const result = await reconcileTenantJobs(tenant.db, tenant.slug, jobs, monday.toJSDate(), {
      batchSize: 3,
    });
    expect(result.visits).toBe(7);
    for (const id of bookingIds) {
      expect(await jobs.reminders.getJobState(`reminder-${tenant.slug}-${id}-60`)).toBe('delayed');
      expect(await jobs.reminders.getJobState(`feedback-${tenant.slug}-${id}`)).toBe('delayed');
    }
    // A batch size that divides the count ends on a full batch, and still stops.
    const again = await reconcileTenantJobs(tenant.db, tenant.slug, jobs, monday.toJSDate(), {
      batchSize: 7,
    });
    expect(again.visits).toBe(7);
  });
});
