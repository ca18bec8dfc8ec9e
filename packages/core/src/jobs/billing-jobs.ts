import { z } from 'zod';
import { YOOKASSA_EVENTS } from '../billing/index.js';
import { CHARGE_FAILURE_KINDS } from '../payments/index.js';
import { BILLING_NOTICE_KINDS } from '../subscriptions/index.js';
import { SLUG_PATTERN } from '../tenants/index.js';

/**
 * Names of the jobs of the billing queue (`QUEUE_NAMES.billing`). Every job is stored
 * under its name, so renaming one strands the jobs queued under the old name.
 */
export const BILLING_JOB_NAMES = {
  /** A YooKassa notification to process: {@link YookassaNotificationJobSchema}. */
  notification: 'yookassa-notification',
  /** A charge of a subscription's saved method: {@link RenewalChargeJobSchema}. */
  renewalCharge: 'renewal-charge',
  /**
   * The periodic pass: due renewals, due notices, expired periods:
   * {@link BillingSweepJobSchema}.
   */
  sweep: 'billing-sweep',
  /** A message to an owner about their subscription: {@link BillingNoticeJobSchema}. */
  notice: 'billing-notice',
} as const;

const YookassaObjectIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

/**
 * A notification to process: only its event and object id. The body is not kept:
 * processing fetches the object from the API (`processYookassaNotification`).
 */
export const YookassaNotificationJobSchema = z.object({
  event: z.enum(YOOKASSA_EVENTS),
  objectId: YookassaObjectIdSchema,
});
/** See {@link YookassaNotificationJobSchema}. */
export type YookassaNotificationJob = z.infer<typeof YookassaNotificationJobSchema>;

/**
 * The id of a notification's job: identical notifications arriving together make one
 * job (processing is idempotent anyway). BullMQ forbids `:` in ids.
 */
export function yookassaNotificationJobId(job: YookassaNotificationJob): string {
  return `yookassa-${job.event.replace('.', '-')}-${job.objectId}`;
}

/**
 * A charge of a subscription's saved method for the period ending at `periodEnd`
 * (`chargeRenewal`): one per subscription and period, whatever runs twice.
 */
export const RenewalChargeJobSchema = z.object({
  subscriptionId: z.number().int().positive(),
  periodEnd: z.iso.datetime(),
});
/** See {@link RenewalChargeJobSchema}. */
export type RenewalChargeJob = z.infer<typeof RenewalChargeJobSchema>;

/** The id of a renewal charge's job: one per subscription and period. */
export function renewalChargeJobId(job: RenewalChargeJob): string {
  return `renewal-${job.subscriptionId}-${Date.parse(job.periodEnd)}`;
}

/**
 * The periodic billing pass at `now` (default: when it runs): queue the charges due
 * (`listRenewalsDue`), the notices due (`listBillingNoticesDue`), and suspend expired
 * tenants (`suspendExpiredSubscriptions`), queueing their notices.
 */
export const BillingSweepJobSchema = z.object({
  now: z.iso.datetime().optional(),
});
/** See {@link BillingSweepJobSchema}. */
export type BillingSweepJob = z.infer<typeof BillingSweepJobSchema>;

/**
 * A message to a tenant's owner about the subscription: the period ends in 7/3/1 days,
 * a charge comes tomorrow, a charge failed (with why, for the words and a pay link),
 * the bot was suspended. `deliveryKey` is claimed in the tenant's deliveries before
 * sending, so the notice is sent once. Texts are rendered at delivery from Postgres.
 */
export const BillingNoticeJobSchema = z.object({
  tenant: z.string().regex(SLUG_PATTERN),
  subscriptionId: z.number().int().positive(),
  kind: z.enum(BILLING_NOTICE_KINDS),
  paidUntil: z.iso.datetime(),
  failure: z.enum(CHARGE_FAILURE_KINDS).optional(),
  deliveryKey: z.string().min(1).max(200),
});
/** See {@link BillingNoticeJobSchema}. */
export type BillingNoticeJob = z.infer<typeof BillingNoticeJobSchema>;

/** The id of a notice's job: its delivery key, with BullMQ's forbidden `:` replaced. */
export function billingNoticeJobId(job: BillingNoticeJob): string {
  return job.deliveryKey.replace(/:/g, '-');
}
