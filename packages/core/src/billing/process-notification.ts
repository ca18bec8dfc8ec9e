import { z } from 'zod';
import { orderIdempotenceKey } from '../orders/index.js';
import { findPaymentByYookassaId } from '../payments/index.js';
import {
  type AppliedPayment,
  type AppliedRefund,
  applyYookassaPayment,
  applyYookassaRefund,
  orderIdOf,
} from './apply-payment.js';
import type { BillingDeps } from './billing.js';

/** The notification events billing acts on. */
export const YOOKASSA_EVENTS = [
  'payment.waiting_for_capture',
  'payment.succeeded',
  'payment.canceled',
  'refund.succeeded',
] as const;
/** One of {@link YOOKASSA_EVENTS}. */
export type YookassaEvent = (typeof YOOKASSA_EVENTS)[number];

/**
 * What a notification body is trusted for: which object to fetch. Everything else in
 * it is ignored; the state applied is the one the API returns.
 */
export const YookassaNotificationSchema = z.object({
  type: z.literal('notification'),
  event: z.enum(YOOKASSA_EVENTS),
  object: z.object({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/),
  }),
});

/** A notification reduced to what processing needs (the payload of its job). */
export interface YookassaNotificationRef {
  event: YookassaEvent;
  objectId: string;
}

/**
 * Reads the event and object id of a notification body, or `undefined` when it is no
 * notification of an event billing handles (answer 200 all the same: YooKassa would
 * retry anything else for a day).
 */
export function parseYookassaNotification(body: unknown): YookassaNotificationRef | undefined {
  const parsed = YookassaNotificationSchema.safeParse(body);
  return parsed.success ? { event: parsed.data.event, objectId: parsed.data.object.id } : undefined;
}

/** Outcome of {@link processYookassaNotification}. */
export type ProcessedNotification =
  | { kind: 'payment'; applied: AppliedPayment }
  | { kind: 'refund'; applied: AppliedRefund | undefined };

/**
 * Processes a notification by its event and object id only: fetches the payment or
 * refund from YooKassa's API and applies THAT state, so a forged body or one that
 * claims more than the API says changes nothing, and repeated, concurrent or reordered
 * notifications converge on the API's state with each effect applied once. A payment
 * waiting for capture is captured (this platform pays in one stage). A refund whose
 * payment was never applied gets its payment applied first.
 *
 * @throws AppError `NOT_FOUND` for an object YooKassa does not know or a payment that
 * is not this platform's (give up, do not retry); `UNAVAILABLE` when YooKassa cannot
 * be reached (retry).
 */
export async function processYookassaNotification(
  deps: Pick<BillingDeps, 'db' | 'yookassa'>,
  notification: YookassaNotificationRef,
  now: Date = new Date(),
): Promise<ProcessedNotification> {
  if (notification.event === 'refund.succeeded') {
    const refund = await deps.yookassa.getRefund(notification.objectId);
    // The payment's own notification may not have been processed yet: a refund takes off
    // a period that must have been granted first.
    if ((await findPaymentByYookassaId(deps.db, refund.payment_id))?.status !== 'succeeded') {
      await applyYookassaPayment(deps.db, await deps.yookassa.getPayment(refund.payment_id), now);
    }
    return { kind: 'refund', applied: await applyYookassaRefund(deps.db, refund, now) };
  }
  let payment = await deps.yookassa.getPayment(notification.objectId);
  if (payment.status === 'waiting_for_capture') {
    // Record it first: a payment this platform does not know is never captured.
    await applyYookassaPayment(deps.db, payment, now);
    payment = await deps.yookassa.capturePayment(
      payment.id,
      `capture-${orderIdempotenceKey(orderIdOf(payment))}`,
    );
  }
  return { kind: 'payment', applied: await applyYookassaPayment(deps.db, payment, now) };
}
