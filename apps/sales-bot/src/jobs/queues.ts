import {
  BILLING_JOB_NAMES,
  type BillingNoticeJob,
  type BillingSweepJob,
  billingNoticeJobId,
  QUEUE_NAMES,
  queuePrefix,
  type RenewalChargeJob,
  renewalChargeJobId,
  type YookassaNotificationJob,
  yookassaNotificationJobId,
} from '@booking/core';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';

type BillingJob = YookassaNotificationJob | RenewalChargeJob | BillingSweepJob | BillingNoticeJob;

// Finished jobs keep their ids a week, so a notice or charge queued again by a later
// sweep is not run twice; Postgres decides anyway (claims, transitions).
const KEEP: JobsOptions = {
  removeOnComplete: { age: 7 * 86_400 },
  removeOnFail: { age: 7 * 86_400 },
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000 },
};

/** The repeatable sweep's id: one schedule per deployment, whatever replicas start. */
const SWEEP_SCHEDULER_ID = 'billing-sweep';

/**
 * The sales bot's side of the shared billing queue (`{billing}`, hash-tagged). Job names
 * and payloads are core's contracts; ids are deterministic, so queueing twice is
 * harmless.
 */
export class BillingJobs {
  readonly queue: Queue<BillingJob>;

  constructor(connection: Redis, namespace: string) {
    this.queue = new Queue(QUEUE_NAMES.billing, {
      connection,
      prefix: queuePrefix(namespace),
      defaultJobOptions: KEEP,
    });
  }

  /** Queues a notification's processing (identical notifications make one job). */
  async processNotification(job: YookassaNotificationJob): Promise<void> {
    await this.queue.add(BILLING_JOB_NAMES.notification, job, {
      jobId: yookassaNotificationJobId(job),
    });
  }

  /** Queues the charge of a subscription's saved method for one period (once). */
  async chargeRenewal(job: RenewalChargeJob): Promise<void> {
    await this.queue.add(BILLING_JOB_NAMES.renewalCharge, job, {
      jobId: renewalChargeJobId(job),
    });
  }

  /** Queues a notice to an owner (once per delivery key). */
  async sendNotice(job: BillingNoticeJob): Promise<void> {
    await this.queue.add(BILLING_JOB_NAMES.notice, job, { jobId: billingNoticeJobId(job) });
  }

  /** Runs the billing sweep now (tests and operators), besides its schedule. */
  async sweepNow(now?: Date): Promise<void> {
    await this.queue.add(BILLING_JOB_NAMES.sweep, now ? { now: now.toISOString() } : {});
  }

  /** Schedules the sweep every `everyMs` (one schedule, whatever replicas call this). */
  async scheduleSweep(everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: everyMs },
      { name: BILLING_JOB_NAMES.sweep, data: {}, opts: { attempts: 1 } },
    );
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
