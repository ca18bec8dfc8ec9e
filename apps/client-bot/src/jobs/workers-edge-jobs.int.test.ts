/**
 * Jobs the workers must end without doing anything: a deleted tenant's, and one whose
 * payload core's job contract refuses.
 */
import { Writable } from 'node:stream';
import { TelegramPool } from '@booking/bot-kit';
import {
  createLogger,
  createRedis,
  JOB_NAMES,
  QUEUE_NAMES,
  type QueueName,
  queuePrefix,
} from '@booking/core';
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

/** Retries a minute apart: a job that is not ended for good waits in `delayed`. */
const RETRIES = { attempts: 5, backoff: { type: 'fixed', delay: 60_000 } };

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

/**
 * Runs `body` with the client bot's workers on a queue namespace of its own, a handle on
 * each queue, and every log line the workers write.
 */
async function withWorkers(
  reads: TenantReads,
  body: (world: { queue: (name: QueueName) => Queue; logs: () => string }) => Promise<void>,
): Promise<void> {
  const db = await getTestDb();
  const connection = createRedis(TEST_REDIS_URL, { forBullmq: true });
  const namespace = `test_${randomId(8)}`;
  const lines: string[] = [];
  const logger = createLogger({
    app: 'client-bot-test',
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    }),
  });
  const jobs = new ClientJobs(connection, namespace);
  const workers = startClientWorkers({
    db,
    connection,
    namespace,
    logger,
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
    reads,
  });
  const queues = new Map<QueueName, Queue>();
  const queue = (name: QueueName) => {
    const existing = queues.get(name);
    if (existing) {
      return existing;
    }
    const created = new Queue(name, { connection, prefix: queuePrefix(namespace) });
    queues.set(name, created);
    return created;
  };
  try {
    await body({
      queue,
      logs: () => {
        logger.flush();
        return lines.join('');
      },
    });
  } finally {
    await workers.close();
    await Promise.all([...[...queues.values()].map((each) => each.close()), jobs.close()]);
    await connection.quit();
  }
}

describe('workers and a deleted tenant', () => {
  it('end its queued jobs quietly, even while a cached row still says it is active', async () => {
    // The worker's copy of the tenant row lives a minute, as a busy replica's might.
    const reads = new TenantReads(60_000);
    await withWorkers(reads, async ({ queue, logs }) => {
      const tenant = await createTestTenant();
      expect((await reads.tenant(tenant.slug, await getTestDb())).status).toBe('active');
      await tenant.dispose();

      const notifications = queue(QUEUE_NAMES.notifications);
      const waitlist = queue(QUEUE_NAMES.waitlist);
      const event = await notifications.add(
        JOB_NAMES.notifications.adminEvent,
        { tenant: tenant.slug, kind: 'booked', bookingId: 1, by: 'client' },
        RETRIES,
      );
      const pass = await waitlist.add(JOB_NAMES.waitlist.pass, { tenant: tenant.slug }, RETRIES);
      expect(await settled(notifications, event)).toBe('completed');
      expect(await settled(waitlist, pass)).toBe('completed');
      expect(logs()).not.toContain('job failed');
      expect(logs()).toContain('tenant deleted; job skipped');
    });
  });
});

describe('workers and a malformed payload', () => {
  it("fail the job for good at once, as core's job contract refuses it", async () => {
    await withWorkers(new TenantReads(), async ({ queue }) => {
      const tenant = await createTestTenant();
      try {
        const reminders = queue(QUEUE_NAMES.reminders);
        const notifications = queue(QUEUE_NAMES.notifications);
        const reminder = await reminders.add(
          JOB_NAMES.reminders.reminder,
          { tenant: tenant.slug, bookingId: 'seven', startsAt: 'tomorrow', offsetMinutes: 60 },
          RETRIES,
        );
        const offer = await notifications.add(
          JOB_NAMES.notifications.offer,
          { tenant: tenant.slug, entryId: 'seven' },
          RETRIES,
        );
        expect(await settled(reminders, reminder)).toBe('failed');
        expect(await settled(notifications, offer)).toBe('failed');
        expect((await reminders.getJob(String(reminder.id)))?.failedReason).toBe(
          'invalid reminder job',
        );
        expect((await notifications.getJob(String(offer.id)))?.attemptsMade).toBe(1);
      } finally {
        await tenant.dispose();
      }
    });
  });
});
