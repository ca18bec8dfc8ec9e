import {
  type AdminEventJob,
  type Booking,
  JOB_NAMES,
  type OfferJob,
  QUEUE_NAMES,
  queuePrefix,
  type Settings,
  type VisitJob,
  type WaitlistPassJob,
} from '@booking/core';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DeliveryQueue } from './deliveries.js';
import { plannedReminders } from './visit-plan.js';

// Finished jobs are kept a week: their ids stay taken, so a reconciler run cannot
// deliver the same reminder twice.
const KEEP: JobsOptions = {
  removeOnComplete: { age: 7 * 86_400 },
  removeOnFail: { age: 7 * 86_400 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
};

/**
 * The client bot's side of the shared BullMQ queues; job names and payloads are core's
 * job contracts (`JOB_NAMES`, `VisitJobSchema`, ...). Job ids are deterministic (tenant,
 * booking, offset), so scheduling twice is harmless and cancelling needs no lookup.
 * BullMQ forbids `:` in custom ids, hence the dashes.
 */
export class ClientJobs {
  readonly reminders: Queue<VisitJob>;
  readonly notifications: Queue<AdminEventJob | OfferJob>;
  readonly waitlist: Queue<WaitlistPassJob>;
  /** Messages that must reach a person, retried until the Bot API takes them. */
  readonly deliveries: DeliveryQueue;
  private readonly reconnectListeners = new Set<() => void>();
  private connectionLost = false;
  private readonly onClose = () => {
    this.connectionLost = true;
  };
  private readonly onReady = () => {
    if (this.connectionLost) {
      this.connectionLost = false;
      for (const listener of this.reconnectListeners) {
        listener();
      }
    }
  };

  constructor(
    private readonly connection: Redis,
    namespace: string,
  ) {
    const prefix = queuePrefix(namespace);
    this.reminders = new Queue(QUEUE_NAMES.reminders, {
      connection,
      prefix,
      defaultJobOptions: KEEP,
    });
    this.notifications = new Queue(QUEUE_NAMES.notifications, {
      connection,
      prefix,
      defaultJobOptions: KEEP,
    });
    this.waitlist = new Queue(QUEUE_NAMES.waitlist, {
      connection,
      prefix,
      defaultJobOptions: KEEP,
    });
    this.deliveries = new DeliveryQueue(connection, namespace);
  }

  /**
   * Plans the reminders (see {@link plannedReminders}: each one still ahead, and the
   * latest one overdue while the visit is still to come) and the feedback request
   * (`feedbackDelayMinutes` after the end) of a confirmed booking.
   */
  async scheduleVisit(
    tenant: string,
    booking: Booking,
    settings: Settings,
    now: Date,
  ): Promise<void> {
    await this.scheduleVisits(tenant, [booking], settings, now);
  }

  /** {@link scheduleVisit} for many bookings, in one Redis round trip. */
  async scheduleVisits(
    tenant: string,
    bookings: readonly Booking[],
    settings: Settings,
    now: Date,
  ): Promise<void> {
    const jobs = bookings.flatMap((booking) => visitJobs(tenant, booking, settings, now));
    if (jobs.length > 0) {
      await this.reminders.addBulk(jobs);
    }
  }

  /** Forgets the reminders and feedback request of a booking (cancelled or moved). */
  async unscheduleVisit(tenant: string, bookingId: number, settings: Settings): Promise<void> {
    await Promise.all([
      ...settings.reminderOffsetsMinutes.map((offset) =>
        this.reminders.remove(reminderJobId(tenant, bookingId, offset)),
      ),
      this.reminders.remove(feedbackJobId(tenant, bookingId)),
    ]);
  }

  /** Tells the tenant's admins about a change. */
  async notifyAdmins(event: AdminEventJob): Promise<void> {
    await this.notifications.add(JOB_NAMES.notifications.adminEvent, event);
  }

  /** Delivers a waitlist offer once (the id is the entry and its hold). */
  async deliverOffer(tenant: string, entryId: number, expiresAt: Date): Promise<void> {
    await this.notifications.add(
      JOB_NAMES.notifications.offer,
      { tenant, entryId },
      { jobId: `offer-${tenant}-${entryId}-${expiresAt.getTime()}` },
    );
  }

  /** Runs the waitlist pass of a tenant now (a slot was freed). */
  async runWaitlistPass(tenant: string): Promise<void> {
    await this.waitlist.add(JOB_NAMES.waitlist.pass, { tenant });
  }

  /** Runs the expiry pass of a tenant when an offer's hold ends. */
  async expireOffersAt(tenant: string, at: Date, now: Date): Promise<void> {
    await this.waitlist.add(
      JOB_NAMES.waitlist.expire,
      { tenant },
      {
        jobId: `expire-${tenant}-${at.getTime()}`,
        delay: Math.max(0, at.getTime() - now.getTime() + 500),
      },
    );
  }

  /**
   * Calls `listener` each time the queues' Redis connection is ready again after it was
   * lost: a restarted Redis without persistence has lost every job. Returns a function
   * that stops listening.
   */
  onReconnect(listener: () => void): () => void {
    if (this.reconnectListeners.size === 0) {
      // ioredis emits 'ready' at the first connection and after every reconnect; only
      // one after a 'close' is a reconnect.
      this.connection.on('close', this.onClose);
      this.connection.on('ready', this.onReady);
    }
    this.reconnectListeners.add(listener);
    return () => {
      this.reconnectListeners.delete(listener);
      if (this.reconnectListeners.size === 0) {
        this.connection.off('close', this.onClose);
        this.connection.off('ready', this.onReady);
      }
    };
  }

  async close(): Promise<void> {
    await Promise.all([
      this.reminders.close(),
      this.notifications.close(),
      this.waitlist.close(),
      this.deliveries.close(),
    ]);
  }
}

/**
 * A visit's jobs outlive a Postgres outage of half an hour (2 s doubling, ten tries)
 * before they fail for good; a reminder retried past the start is dropped by the worker.
 */
const VISIT_RETRIES: JobsOptions = { attempts: 10, backoff: { type: 'exponential', delay: 2_000 } };

function visitJobs(
  tenant: string,
  booking: Booking,
  settings: Settings,
  now: Date,
): Array<{ name: string; data: VisitJob; opts: JobsOptions }> {
  const startsAt = booking.startsAt.toISOString();
  const reminders = plannedReminders(booking, settings.reminderOffsetsMinutes, now).map(
    ({ offsetMinutes, delayMs }) => ({
      name: JOB_NAMES.reminders.reminder,
      data: { tenant, bookingId: booking.id, startsAt, offsetMinutes },
      opts: {
        ...VISIT_RETRIES,
        jobId: reminderJobId(tenant, booking.id, offsetMinutes),
        delay: delayMs,
      },
    }),
  );
  const feedbackAt = booking.endsAt.getTime() + settings.feedbackDelayMinutes * 60_000;
  const feedback = {
    name: JOB_NAMES.reminders.feedback,
    data: { tenant, bookingId: booking.id, startsAt },
    opts: {
      ...VISIT_RETRIES,
      jobId: feedbackJobId(tenant, booking.id),
      delay: Math.max(0, feedbackAt - now.getTime()),
    },
  };
  return [...reminders, feedback];
}

function reminderJobId(tenant: string, bookingId: number, offsetMinutes: number): string {
  return `reminder-${tenant}-${bookingId}-${offsetMinutes}`;
}

function feedbackJobId(tenant: string, bookingId: number): string {
  return `feedback-${tenant}-${bookingId}`;
}
