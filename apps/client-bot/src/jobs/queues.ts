import { type Booking, QUEUE_NAMES, queuePrefix, type Settings } from '@booking/core';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DeliveryQueue } from './deliveries.js';

/** A reminder before a visit, or the feedback request after it. */
export interface VisitJob {
  tenant: string;
  bookingId: number;
  /** The start the job was planned for; a booking moved since then is not reminded. */
  startsAt: string;
  offsetMinutes?: number;
}

/** A change the tenant's admins hear about. */
export interface AdminEventJob {
  tenant: string;
  kind: 'booked' | 'cancelled' | 'rescheduled';
  bookingId: number;
  by: 'client' | 'staff';
  /** The start before a reschedule. */
  previousStartsAt?: string;
}

/** A waitlist offer to deliver. */
export interface OfferJob {
  tenant: string;
  entryId: number;
}

/** A waitlist pass (freed slots) or expiry pass of one tenant. */
export interface WaitlistPassJob {
  tenant: string;
}

// Finished jobs are kept a week: their ids stay taken, so a reconciler run cannot
// deliver the same reminder twice.
const KEEP: JobsOptions = {
  removeOnComplete: { age: 7 * 86_400 },
  removeOnFail: { age: 7 * 86_400 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
};

/**
 * The client bot's side of the shared BullMQ queues. Job ids are deterministic (tenant,
 * booking, offset), so scheduling twice is harmless and cancelling needs no lookup.
 * BullMQ forbids `:` in custom ids, hence the dashes.
 */
export class ClientJobs {
  readonly reminders: Queue<VisitJob>;
  readonly notifications: Queue<AdminEventJob | OfferJob>;
  readonly waitlist: Queue<WaitlistPassJob>;
  /** Messages that must reach a person, retried until the Bot API takes them. */
  readonly deliveries: DeliveryQueue;

  constructor(connection: Redis, namespace: string) {
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
   * Plans the reminders (at each offset before the start that is still ahead) and the
   * feedback request (`feedbackDelayMinutes` after the end) of a confirmed booking.
   */
  async scheduleVisit(
    tenant: string,
    booking: Booking,
    settings: Settings,
    now: Date,
  ): Promise<void> {
    const startsAt = booking.startsAt.toISOString();
    const jobs: Array<{ name: string; data: VisitJob; opts: JobsOptions }> = [];
    for (const offsetMinutes of settings.reminderOffsetsMinutes) {
      const delay = booking.startsAt.getTime() - offsetMinutes * 60_000 - now.getTime();
      if (delay > 0) {
        jobs.push({
          name: 'reminder',
          data: { tenant, bookingId: booking.id, startsAt, offsetMinutes },
          opts: { jobId: reminderJobId(tenant, booking.id, offsetMinutes), delay },
        });
      }
    }
    const feedbackAt = booking.endsAt.getTime() + settings.feedbackDelayMinutes * 60_000;
    jobs.push({
      name: 'feedback',
      data: { tenant, bookingId: booking.id, startsAt },
      opts: {
        jobId: feedbackJobId(tenant, booking.id),
        delay: Math.max(0, feedbackAt - now.getTime()),
      },
    });
    await this.reminders.addBulk(jobs);
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
    await this.notifications.add('admin-event', event);
  }

  /** Delivers a waitlist offer once (the id is the entry and its hold). */
  async deliverOffer(tenant: string, entryId: number, expiresAt: Date): Promise<void> {
    await this.notifications.add(
      'offer',
      { tenant, entryId },
      { jobId: `offer-${tenant}-${entryId}-${expiresAt.getTime()}` },
    );
  }

  /** Runs the waitlist pass of a tenant now (a slot was freed). */
  async runWaitlistPass(tenant: string): Promise<void> {
    await this.waitlist.add('pass', { tenant });
  }

  /** Runs the expiry pass of a tenant when an offer's hold ends. */
  async expireOffersAt(tenant: string, at: Date, now: Date): Promise<void> {
    await this.waitlist.add(
      'expire',
      { tenant },
      {
        jobId: `expire-${tenant}-${at.getTime()}`,
        delay: Math.max(0, at.getTime() - now.getTime() + 500),
      },
    );
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

function reminderJobId(tenant: string, bookingId: number, offsetMinutes: number): string {
  return `reminder-${tenant}-${bookingId}-${offsetMinutes}`;
}

function feedbackJobId(tenant: string, bookingId: number): string {
  return `feedback-${tenant}-${bookingId}`;
}
