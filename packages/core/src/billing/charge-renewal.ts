import { ensureAutoRenewalOrderInTransaction, orderIdempotenceKey } from '../orders/index.js';
import {
  type ChargeFailureKind,
  chargeFailureKind,
  findPaymentByOrder,
  type Payment,
} from '../payments/index.js';
import { getPlan } from '../plans/index.js';
import {
  billingNoticeKey,
  lockSubscriptionForRenewal,
  type Subscription,
} from '../subscriptions/index.js';
import { applyYookassaPayment } from './apply-payment.js';
import type { BillingDeps } from './billing.js';
import { paymentRequestForOrder } from './checkout.js';

/** Outcome of {@link chargeRenewal}. */
export type RenewalOutcome =
  | { outcome: 'charged'; payment: Payment; subscription: Subscription | undefined }
  /** YooKassa has not decided yet; its notification (or a later run) finishes it. */
  | { outcome: 'pending'; payment: Payment }
  | {
      outcome: 'failed';
      payment: Payment;
      failure: ChargeFailureKind;
      /** Claim it in the tenant's deliveries before telling the owner (with a pay link). */
      deliveryKey: string;
    }
  | { outcome: 'skipped'; reason: 'auto_renew_off' | 'period_changed' };

/**
 * Charges a subscription's saved payment method for its next period. The period is
 * named by its end (`periodEnd`, default the current `paid_until`): its one
 * automatic-renewal order (a unique constraint) derives the Idempotence-Key, so running
 * this twice, or at once from two workers, charges once and extends once. A period that
 * already has a final payment is answered from Postgres without calling YooKassa.
 * A failed charge is reported with its kind (card expired, insufficient funds,
 * permission revoked, declined) for the owner's notice; it is not retried for the
 * period (the owner pays by hand from the notice).
 *
 * @throws AppError `NOT_FOUND` for an unknown subscription; `UNAVAILABLE` when YooKassa
 * cannot be reached (run again: same key).
 */
export async function chargeRenewal(
  deps: BillingDeps,
  subscriptionId: number,
  options: { periodEnd?: Date; now?: Date } = {},
): Promise<RenewalOutcome> {
  const now = options.now ?? new Date();
  const prepared = await deps.db.transaction().execute(async (trx) => {
    const { subscription, paymentMethodId } = await lockSubscriptionForRenewal(trx, subscriptionId);
    if (
      options.periodEnd !== undefined &&
      options.periodEnd.getTime() !== subscription.paidUntil.getTime()
    ) {
      return { skipped: 'period_changed' as const };
    }
    if (paymentMethodId === undefined) {
      return { skipped: 'auto_renew_off' as const };
    }
    const { order } = await ensureAutoRenewalOrderInTransaction(trx, subscription);
    return { order, paymentMethodId, skipped: undefined };
  });
  if (prepared.skipped !== undefined) {
    return { outcome: 'skipped', reason: prepared.skipped };
  }
  const { order, paymentMethodId } = prepared;
  const recorded = await findPaymentByOrder(deps.db, order.id);
  let applied: Awaited<ReturnType<typeof applyYookassaPayment>>;
  if (recorded && recorded.status !== 'pending' && recorded.status !== 'waiting_for_capture') {
    applied = {
      order,
      payment: recorded,
      reached: undefined,
      subscription: undefined,
      tenant: undefined,
    };
  } else if (recorded) {
    applied = await applyYookassaPayment(
      deps.db,
      await deps.yookassa.getPayment(recorded.yookassaPaymentId),
      now,
    );
  } else {
    const plan = await getPlan(deps.db, order.planCode);
    const created = await deps.yookassa.createPayment(
      paymentRequestForOrder(order, plan.name, deps, { paymentMethodId }),
      orderIdempotenceKey(order.id),
    );
    applied = await applyYookassaPayment(deps.db, created, now);
  }
  const { payment } = applied;
  switch (payment.status) {
    case 'succeeded':
      return { outcome: 'charged', payment, subscription: applied.subscription };
    case 'canceled':
      return {
        outcome: 'failed',
        payment,
        failure: chargeFailureKind(payment.cancellationReason),
        deliveryKey: billingNoticeKey(
          subscriptionId,
          'renewal-failed',
          order.renewsPeriodEnd ?? now,
        ),
      };
    case 'pending':
    case 'waiting_for_capture':
      return { outcome: 'pending', payment };
  }
}
