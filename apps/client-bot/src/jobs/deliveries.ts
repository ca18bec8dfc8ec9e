import {
  type DeliveryJob,
  DeliveryJobSchema,
  deliveryJobId,
  QUEUE_NAMES,
  queuePrefix,
} from '@booking/core';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** The name of the backoff strategy the deliveries worker computes (see `deliveryBackoffMs`). */
export const DELIVERY_BACKOFF_TYPE = 'delivery';

// A delivery is retried until the API is back: the worker gives a job up by its age,
// not by this count (see MAX_DELIVERY_AGE_MS). Finished jobs are kept a week, so their
// ids stay taken and a repeated enqueue delivers nothing twice.
const DELIVERY_JOB_OPTIONS: JobsOptions = {
  attempts: 100_000,
  backoff: { type: DELIVERY_BACKOFF_TYPE },
  removeOnComplete: { age: 7 * 86_400 },
  removeOnFail: { age: 7 * 86_400 },
};

/**
 * The shared queue of messages that must reach a person and are sent by a worker,
 * retried until the Bot API takes them: admins' notices always, customers'
 * confirmations when the bot could not show them itself. Its payloads and their ids
 * are core's job contracts (`DeliveryJobSchema`, `deliveryJobId`).
 */
export class DeliveryQueue {
  readonly queue: Queue<DeliveryJob>;

  constructor(connection: Redis, namespace: string) {
    this.queue = new Queue(QUEUE_NAMES.deliveries, {
      connection,
      prefix: queuePrefix(namespace),
      defaultJobOptions: DELIVERY_JOB_OPTIONS,
    });
  }

  /** Queues deliveries; one already queued (or delivered this week) is not queued again. */
  async add(jobs: readonly DeliveryJob[]): Promise<void> {
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: job.kind,
        data: DeliveryJobSchema.parse(job),
        opts: { jobId: deliveryJobId(job) },
      })),
    );
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
