import { BOT_LOCALES } from '@booking/bot-kit';
import { QUEUE_NAMES, queuePrefix } from '@booking/core';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';

const SlugSchema = z.string().regex(/^[a-z][a-z0-9_]{2,40}$/);
const ChatIdSchema = z.number().int();

/**
 * A customer's confirmation of a booking made, moved or taken from the waitlist, that
 * the bot could not show because the Bot API was down. `messageId` is the message the
 * bot meant to edit; when it cannot be edited any more, the confirmation comes as a
 * new message. Texts are rendered at delivery, from Postgres: the job holds ids only.
 */
export const ConfirmationDeliverySchema = z.object({
  kind: z.literal('confirmation'),
  tenant: SlugSchema,
  bookingId: z.number().int().positive(),
  /** The start confirmed; a booking moved or cancelled since is not confirmed. */
  startsAt: z.iso.datetime(),
  variant: z.enum(['booked', 'rescheduled', 'waitlist']),
  chatId: ChatIdSchema,
  messageId: z.number().int().positive().optional(),
  locale: z.enum(BOT_LOCALES),
});
export type ConfirmationDelivery = z.infer<typeof ConfirmationDeliverySchema>;

/** One admin's notice of a booking change. */
export const AdminNoticeDeliverySchema = z.object({
  kind: z.literal('admin-notice'),
  tenant: SlugSchema,
  /** The id of the change's job in the notifications queue: one notice per change and admin. */
  eventId: z.string().min(1).max(100),
  chatId: ChatIdSchema,
  event: z.object({
    kind: z.enum(['booked', 'cancelled', 'rescheduled']),
    bookingId: z.number().int().positive(),
    by: z.enum(['client', 'staff']),
    previousStartsAt: z.iso.datetime().optional(),
  }),
});
export type AdminNoticeDelivery = z.infer<typeof AdminNoticeDeliverySchema>;

/** A message that must reach a person, by the deliveries queue. */
export const DeliveryJobSchema = z.discriminatedUnion('kind', [
  ConfirmationDeliverySchema,
  AdminNoticeDeliverySchema,
]);
export type DeliveryJob = z.infer<typeof DeliveryJobSchema>;

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
 * The deterministic id of a delivery: one per booking and start (a confirmation), one
 * per booking change and admin (a notice), so enqueueing it again adds nothing. BullMQ forbids `:` in ids, hence the dashes.
 */
export function deliveryJobId(job: DeliveryJob): string {
  switch (job.kind) {
    case 'confirmation':
      return `confirmation-${job.tenant}-${job.bookingId}-${Date.parse(job.startsAt)}`;
    case 'admin-notice':
      return `notice-${job.tenant}-${job.eventId}-${job.chatId}`;
  }
}

/**
 * The shared queue of messages that must reach a person and are sent by a worker,
 * retried until the Bot API takes them: admins' notices always, customers'
 * confirmations when the bot could not show them itself.
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
