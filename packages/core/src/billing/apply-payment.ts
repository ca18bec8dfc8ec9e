import type { Transaction } from 'kysely';
import type { Database, PlatformDatabase } from '../db/index.js';
import { AppError } from '../errors/index.js';
import {
  getOrder,
  linkOrderSubscription,
  lockOrder,
  type Order,
  setOrderStatus,
} from '../orders/index.js';
import {
  markRefundAppliedOnce,
  type Payment,
  type PaymentStatus,
  type Refund,
  recordPaymentStateInTransaction,
  recordRefundStateInTransaction,
} from '../payments/index.js';
import { amountToKopecks } from '../plans/index.js';
import {
  createPurchasedSubscriptionInTransaction,
  extendSubscriptionInTransaction,
  findSubscriptionByPurchaseOrder,
  type SavedPaymentMethod,
  type Subscription,
  shortenSubscriptionInTransaction,
} from '../subscriptions/index.js';
import type { Tenant } from '../tenants/index.js';
import type { YookassaPayment, YookassaRefund } from '../yookassa/index.js';
import { ORDER_METADATA_KEY } from './billing.js';

type Trx = Transaction<PlatformDatabase>;

/** Outcome of {@link applyYookassaPayment}. */
export interface AppliedPayment {
  order: Order;
  payment: Payment;
  /** The status this call moved the payment to; `undefined` when nothing changed. */
  reached: PaymentStatus | undefined;
  /** The subscription the payment created or extended (set when `reached` is succeeded). */
  subscription: Subscription | undefined;
  /** The tenant that got the paid period (and was resumed if it was suspended). */
  tenant: Tenant | undefined;
}

/**
 * The order id a payment names in its metadata.
 *
 * @throws AppError `NOT_FOUND` when the payment names none (it is not this platform's).
 */
export function orderIdOf(payment: YookassaPayment): number {
  const raw = payment.metadata?.[ORDER_METADATA_KEY];
  const id = raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
  if (id === undefined) {
    throw new AppError('NOT_FOUND', {
      message: `Payment ${payment.id} names no order of this platform`,
      details: { what: 'order' },
    });
  }
  return id;
}

/**
 * Applies a payment's state, as fetched from YooKassa's API, to its order, payment and
 * subscription in one transaction. Payment states move only forward, each transition
 * once (see `recordPaymentStateInTransaction`), so repeated, concurrent or reordered
 * calls change nothing after the first that moved the state. Reaching `succeeded`:
 * a purchase creates its subscription (its period from `now`); a renewal extends the
 * subscription from the later of `now` and its current `paid_until` and resumes a
 * suspended tenant; the order is `paid`. Reaching `canceled` marks the order canceled.
 *
 * @throws AppError `NOT_FOUND` when the payment names no order of this platform;
 * Error when its amount is not the order's (nothing is applied).
 */
export async function applyYookassaPayment(
  db: Database,
  fetched: YookassaPayment,
  now: Date = new Date(),
): Promise<AppliedPayment> {
  const orderId = orderIdOf(fetched);
  return db.transaction().execute(async (trx) => {
    // The order's lock serialises every applier of its payment, first sight included.
    const order = await lockOrder(trx, orderId);
    const amountKopecks = amountToKopecks(fetched.amount.value);
    if (amountKopecks !== order.amountKopecks || fetched.amount.currency !== order.currency) {
      throw new Error(
        `Payment ${fetched.id} is for ${fetched.amount.value} ${fetched.amount.currency}, order ${order.id} for ${order.amountKopecks} kopecks ${order.currency}`,
      );
    }
    const recorded = await recordPaymentStateInTransaction(trx, {
      yookassaPaymentId: fetched.id,
      orderId: order.id,
      status: fetched.status,
      amountKopecks,
      confirmationUrl: fetched.confirmation?.confirmation_url,
      paymentMethod: fetched.payment_method,
      cancellation: fetched.cancellation_details,
    });
    const result: AppliedPayment = {
      order,
      payment: recorded.payment,
      reached: recorded.reached,
      subscription: undefined,
      tenant: undefined,
    };
    switch (recorded.reached) {
      case 'succeeded': {
        const method =
          order.savePaymentMethod && recorded.savedPaymentMethodId
            ? {
                id: recorded.savedPaymentMethodId,
                title: fetched.payment_method?.title ?? null,
              }
            : undefined;
        const granted = await grantPaidPeriod(trx, order, method, now);
        await setOrderStatus(trx, order.id, 'paid');
        return { ...result, ...granted, order: await getOrder(trx, order.id) };
      }
      case 'canceled':
        await setOrderStatus(trx, order.id, 'canceled');
        return { ...result, order: await getOrder(trx, order.id) };
      case 'pending':
      case 'waiting_for_capture':
        await setOrderStatus(trx, order.id, 'pending');
        return { ...result, order: await getOrder(trx, order.id) };
      case undefined:
        return result;
    }
  });
}

async function grantPaidPeriod(
  trx: Trx,
  order: Order,
  method: SavedPaymentMethod | undefined,
  now: Date,
): Promise<{ subscription: Subscription; tenant: Tenant | undefined }> {
  if (order.kind === 'purchase') {
    const { subscription } = await createPurchasedSubscriptionInTransaction(trx, {
      ownerTelegramId: order.ownerTelegramId,
      planCode: order.planCode,
      periodDays: order.periodDays,
      email: order.email,
      purchaseOrderId: order.id,
      paymentMethod: method,
      now,
    });
    await linkOrderSubscription(trx, order.id, subscription.id);
    return { subscription, tenant: undefined };
  }
  if (order.subscriptionId === null) {
    throw new Error(`Order ${order.id} renews no subscription`);
  }
  return extendSubscriptionInTransaction(trx, order.subscriptionId, {
    planCode: order.planCode,
    periodDays: order.periodDays,
    email: order.email,
    paymentMethod: method,
    now,
  });
}

/** Outcome of {@link applyYookassaRefund}. */
export interface AppliedRefund {
  refund: Refund;
  /** True for the one call that took the refund off the paid period. */
  applied: boolean;
  /** The subscription after the refund, when one was shortened. */
  subscription: Subscription | undefined;
  /** True when the refund ended the paid period (the tenant is suspended). */
  ended: boolean;
}

/**
 * Applies a refund's state, as fetched from YooKassa's API. A succeeded refund shortens
 * the paid period its payment bought, in proportion to the amount refunded (a full
 * refund takes the whole period off); when that leaves nothing, the period ends now and
 * the tenant is suspended. Applied once per refund, however often it is called.
 *
 * @returns `undefined` when the refund's payment is not one of this platform's.
 */
export async function applyYookassaRefund(
  db: Database,
  fetched: YookassaRefund,
  now: Date = new Date(),
): Promise<AppliedRefund | undefined> {
  return db.transaction().execute(async (trx) => {
    const recorded = await recordRefundStateInTransaction(trx, {
      yookassaRefundId: fetched.id,
      yookassaPaymentId: fetched.payment_id,
      amountKopecks: amountToKopecks(fetched.amount.value),
      status: fetched.status,
    });
    if (!recorded) {
      return undefined;
    }
    const { refund, payment } = recorded;
    const none = { refund, applied: false, subscription: undefined, ended: false };
    // Only a succeeded payment granted a period; a refund of anything else takes nothing.
    if (
      refund.status !== 'succeeded' ||
      refund.appliedAt !== null ||
      payment.status !== 'succeeded'
    ) {
      return none;
    }
    const order = await getOrder(trx, payment.orderId);
    const subscriptionId =
      order.kind === 'purchase'
        ? (await findSubscriptionByPurchaseOrder(trx, order.id))?.id
        : order.subscriptionId;
    // Paid periods are whole days; the refunded share of the payment is the share of
    // the period taken off, to the second.
    const seconds = Math.round(
      (order.periodDays * 86_400 * refund.amountKopecks) / payment.amountKopecks,
    );
    if (!(await markRefundAppliedOnce(trx, refund.id, seconds, now))) {
      return none;
    }
    if (subscriptionId === undefined || subscriptionId === null) {
      return { ...none, applied: true, refund: { ...refund, shortenedSeconds: seconds } };
    }
    const shortened = await shortenSubscriptionInTransaction(trx, subscriptionId, seconds, now);
    return {
      refund: { ...refund, shortenedSeconds: seconds, appliedAt: now },
      applied: true,
      subscription: shortened.subscription,
      ended: shortened.ended,
    };
  });
}
