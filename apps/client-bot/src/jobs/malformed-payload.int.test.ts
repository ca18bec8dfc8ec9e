import { TelegramPool } from '@booking/bot-kit';
import { createLogger, createRedis, JOB_NAMES, QUEUE_NAMES, queuePrefix } from '@booking/core';
import {
  createTestTenant,
  getTestDb,
  getTestRedis,
  randomId,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import { type Job, Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { TenantReads } from '../reads.js';
import { TenantTexts } from '../texts/translator.js';
import { ClientJobs } from './queues.js';
import { startClientWorkers } from './workers.js';

/** Waits until the job has run once: completed, failed, or back in line for a retry. */
async function settled(queue: Queue, job: Job): Promise<string> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const state = await queue.getJobState(String(job.id));
    if (state === 'completed' || state === 'failed' || (state === 'delayed' && waited > 0)) {
      return state;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${job.id} did not run`);
}

describe('workers and a malformed payload', () => {
  it("fail the job for good at once, as core's job contract refuses it", async () => {
    const db = await getTestDb();
    const connection = createRedis(TEST_REDIS_URL, { forBullmq: true });
    const namespace = `test_${randomId(8)}`;
    const jobs = new ClientJobs(connection, namespace);
    const workers = startClientWorkers({
      db,
      connection,
      namespace,
      logger: createLogger({ app: 'client-bot-test', level: 'silent' }),
      texts: new TenantTexts(),
      telegrams: new TelegramPool({
        db,
        redis: getTestRedis(),
        encryptionKey: TEST_ENCRYPTION_KEY,
        apiRoot: 'http://127.0.0.1:9',
      }),
      jobs,
      encryptionKey: TEST_ENCRYPTION_KEY,
      now: () => new Date(),
      reads: new TenantReads(),
    });
    const queues = [QUEUE_NAMES.reminders, QUEUE_NAMES.notifications].map(
      (name) => new Queue(name, { connection, prefix: queuePrefix(namespace) }),
    );
    const [reminders, notifications] = queues as [Queue, Queue];
    const tenant = await createTestTenant();
    try {
      // Retries a minute apart: a job that is not failed for good waits in `delayed`.
      const retries = { attempts: 5, backoff: { type: 'fixed', delay: 60_000 } };
      const reminder = await reminders.add(
        JOB_NAMES.reminders.reminder,
        { tenant: tenant.slug, bookingId: 'seven', startsAt: 'tomorrow', offsetMinutes: 60 },
        retries,
      );
      const offer = await notifications.add(
        JOB_NAMES.notifications.offer,
        { tenant: tenant.slug, entryId: 'seven' },
        retries,
      );
      expect(await settled(reminders, reminder)).toBe('failed');
      expect(await settled(notifications, offer)).toBe('failed');
      expect((await reminders.getJob(String(reminder.id)))?.failedReason).toBe(
        'invalid reminder job',
      );
      expect((await notifications.getJob(String(offer.id)))?.attemptsMade).toBe(1);
    } finally {
      await workers.close();
      await Promise.all([...queues.map((queue) => queue.close()), jobs.close()]);
      await connection.quit();
      await tenant.dispose();
    }
  });
});
