import { z } from 'zod';
import type { QUEUE_NAMES } from '../redis/index.js';
import { SLUG_PATTERN, SUPPORTED_LOCALES } from '../tenants/index.js';
import { BILLING_JOB_NAMES } from './billing-jobs.js';

/**
 * Names of the jobs in each shared queue ({@link QUEUE_NAMES}): a queue's worker tells its
 * jobs apart by them. Every job is stored under its name, so renaming one strands the
 * jobs queued under the old name.
 */
export const JOB_NAMES = {
  reminders: { reminder: 'reminder', feedback: 'feedback' },
  notifications: { adminEvent: 'admin-event', offer: 'offer' },
  waitlist: { pass: 'pass', expire: 'expire' },
  deliveries: {
    confirmation: 'confirmation',
    adminNotice: 'admin-notice',
    cancellation: 'cancellation',
  },
  billing: BILLING_JOB_NAMES,
} as const satisfies Partial<Record<keyof typeof QUEUE_NAMES, Record<string, string>>>;

// Every job names its tenant: any process may work any tenant's jobs.
const TenantSlugSchema = z.string().regex(SLUG_PATTERN);
const RecordIdSchema = z.number().int().positive();
const ChatIdSchema = z.number().int();

/**
 * A job of the reminders queue: a reminder `offsetMinutes` before a visit, or the
 * feedback request after it (no offset). `startsAt` is the start the job was planned
 * for; a booking moved since then is not reminded.
 */
export const VisitJobSchema = z.object({
  tenant: TenantSlugSchema,
  bookingId: RecordIdSchema,
  startsAt: z.iso.datetime(),
  offsetMinutes: z.number().int().optional(),
});
/** See {@link VisitJobSchema}. */
export type VisitJob = z.infer<typeof VisitJobSchema>;

/**
 * A job of the notifications queue: a booking change the tenant's admins hear about.
 * `previousStartsAt` is the start before a reschedule.
 */
export const AdminEventJobSchema = z.object({
  tenant: TenantSlugSchema,
  kind: z.enum(['booked', 'cancelled', 'rescheduled']),
  bookingId: RecordIdSchema,
  by: z.enum(['client', 'staff']),
  previousStartsAt: z.iso.datetime().optional(),
});
/** See {@link AdminEventJobSchema}. */
export type AdminEventJob = z.infer<typeof AdminEventJobSchema>;

/** A job of the notifications queue: a waitlist offer to deliver. */
export const OfferJobSchema = z.object({
  tenant: TenantSlugSchema,
  entryId: RecordIdSchema,
});
/** See {@link OfferJobSchema}. */
export type OfferJob = z.infer<typeof OfferJobSchema>;

/** A job of the waitlist queue: a waitlist pass (freed slots) or expiry pass of one tenant. */
export const WaitlistPassJobSchema = z.object({
  tenant: TenantSlugSchema,
});
/** See {@link WaitlistPassJobSchema}. */
export type WaitlistPassJob = z.infer<typeof WaitlistPassJobSchema>;

/**
 * A job of the deliveries queue: a customer's confirmation of a booking made, moved or
 * taken from the waitlist, that the bot could not show because the Bot API was down.
 * `messageId` is the message the bot meant to edit; when it cannot be edited any more,
 * the confirmation comes as a new message. Texts are rendered at delivery, from
 * Postgres: the job holds ids only. `startsAt` is the start confirmed; a booking moved
 * or cancelled since is not confirmed.
 */
export const ConfirmationDeliverySchema = z.object({
  kind: z.literal(JOB_NAMES.deliveries.confirmation),
  tenant: TenantSlugSchema,
  bookingId: RecordIdSchema,
  startsAt: z.iso.datetime(),
  /** `business_*`: the business booked or moved it for the client (the console). */
  variant: z.enum(['booked', 'rescheduled', 'waitlist', 'business_booked', 'business_moved']),
  chatId: ChatIdSchema,
  messageId: z.number().int().positive().optional(),
  locale: z.enum(SUPPORTED_LOCALES),
});
/** See {@link ConfirmationDeliverySchema}. */
export type ConfirmationDelivery = z.infer<typeof ConfirmationDeliverySchema>;

/**
 * A job of the deliveries queue: one admin's notice of a booking change. `eventId` is
 * the id of the change's job in the notifications queue: one notice per change and admin.
 */
export const AdminNoticeDeliverySchema = z.object({
  kind: z.literal(JOB_NAMES.deliveries.adminNotice),
  tenant: TenantSlugSchema,
  eventId: z.string().min(1).max(100),
  chatId: ChatIdSchema,
  event: AdminEventJobSchema.omit({ tenant: true }),
});
/** See {@link AdminNoticeDeliverySchema}. */
export type AdminNoticeDelivery = z.infer<typeof AdminNoticeDeliverySchema>;

/**
 * A job of the deliveries queue: a client's notice that the business cancelled their
 * booking, with its reason. Rendered at delivery from Postgres; a booking that is not
 * cancelled (any more) is not announced.
 */
export const CancellationDeliverySchema = z.object({
  kind: z.literal(JOB_NAMES.deliveries.cancellation),
  tenant: TenantSlugSchema,
  bookingId: RecordIdSchema,
  chatId: ChatIdSchema,
  locale: z.enum(SUPPORTED_LOCALES),
});
/** See {@link CancellationDeliverySchema}. */
export type CancellationDelivery = z.infer<typeof CancellationDeliverySchema>;

/**
 * A job of the deliveries queue: a message that must reach a person, named by its
 * `kind` (see {@link JOB_NAMES}).
 */
export const DeliveryJobSchema = z.discriminatedUnion('kind', [
  ConfirmationDeliverySchema,
  AdminNoticeDeliverySchema,
  CancellationDeliverySchema,
]);
/** See {@link DeliveryJobSchema}. */
export type DeliveryJob = z.infer<typeof DeliveryJobSchema>;

/**
 * The deterministic id of a delivery: one per booking and start (a confirmation), one
 * per booking change and admin (a notice), so enqueueing it again adds nothing. BullMQ
 * forbids `:` in ids, hence the dashes.
 */
export function deliveryJobId(job: DeliveryJob): string {
  switch (job.kind) {
    case 'confirmation':
      return `confirmation-${job.tenant}-${job.bookingId}-${Date.parse(job.startsAt)}`;
    case 'admin-notice':
      return `notice-${job.tenant}-${job.eventId}-${job.chatId}`;
    case 'cancellation':
      return `cancellation-${job.tenant}-${job.bookingId}`;
  }
}
