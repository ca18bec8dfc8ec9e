import { Writable } from 'node:stream';
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

describe('workers and a deleted tenant', () => {
  it('end its queued jobs quietly, even while a cached row still says it is active', async () => {
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
    // The worker's copy of the tenant row lives a minute, as a busy replica's might.
    const reads = new TenantReads(60_000);
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
    const notifications = new Queue(QUEUE_NAMES.notifications, {
      connection,
      prefix: queuePrefix(namespace),
    });
    const waitlist = new Queue(QUEUE_NAMES.waitlist, {
      connection,
      prefix: queuePrefix(namespace),
    });
    try {
      const tenant = await createTestTenant();
      expect((await reads.tenant(tenant.slug, db)).status).toBe('active');
      await tenant.dispose();

      const event = await notifications.add(
        JOB_NAMES.notifications.adminEvent,
        { tenant: tenant.slug, kind: 'booked', bookingId: 1, by: 'client' },
        { attempts: 5, backoff: { type: 'fixed', delay: 60_000 } },
      );
      const pass = await waitlist.add(
        JOB_NAMES.waitlist.pass,
        { tenant: tenant.slug },
        { attempts: 5, backoff: { type: 'fixed', delay: 60_000 } },
      );
      expect(await settled(notifications, event)).toBe('completed');
      expect(await settled(waitlist, pass)).toBe('completed');
      logger.flush();
      const output = lines.join('');
      expect(output).not.toContain('job failed');
      expect(output).toContain('tenant deleted; job skipped');
    } finally {
      await workers.close();
      await Promise.all([notifications.close(), waitlist.close(), jobs.close()]);
      await connection.quit();
    }
  });
});
