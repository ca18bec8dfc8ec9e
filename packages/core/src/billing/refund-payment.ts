import { AppError } from '../errors/index.js';
import { getOrder } from '../orders/index.js';
import { findPaymentByOrder } from '../payments/index.js';
import { getPlan, kopecksToAmount } from '../plans/index.js';
import { buildServiceReceipt } from '../yookassa/index.js';
import { type AppliedRefund, applyYookassaRefund } from './apply-payment.js';
import type { BillingDeps } from './billing.js';
import { planPurchaseDescription } from './checkout.js';

/**
 * Refunds `amountKopecks` of an order's succeeded payment (all that is left when
 * omitted), with the refund's 54-FZ receipt, and applies the refund YooKassa answers:
 * the paid period is shortened in proportion, or ended. The Idempotence-Key is derived
 * from the order, the amount refunded before and this amount, so a retry of the same
 * refund (after a timeout, a 5xx) never refunds twice.
 *
 * @throws AppError `NOT_FOUND` for an unknown order or one without a payment;
 * `CONFLICT` (`details.reason` `not_refundable`) unless the payment succeeded and has
 * that much left; `UNAVAILABLE` when YooKassa cannot be reached.
 */
export async function refundOrderPayment(
  deps: BillingDeps,
  orderId: number,
  options: { amountKopecks?: number; now?: Date } = {},
): Promise<AppliedRefund> {
  const order = await getOrder(deps.db, orderId);
  const payment = await findPaymentByOrder(deps.db, order.id);
  if (!payment) {
    throw new AppError('NOT_FOUND', {
      message: `Order ${orderId} has no payment`,
      details: { what: 'payment', id: orderId },
    });
  }
  const left = payment.amountKopecks - payment.refundedKopecks;
  const amountKopecks = options.amountKopecks ?? left;
  if (
    payment.status !== 'succeeded' ||
    !Number.isSafeInteger(amountKopecks) ||
    amountKopecks <= 0 ||
    amountKopecks > left
  ) {
    throw new AppError('CONFLICT', {
      message: `Payment of order ${orderId} cannot refund ${amountKopecks} kopecks (${payment.status}, ${left} left)`,
      details: { reason: 'not_refundable', leftKopecks: left },
    });
  }
  const plan = await getPlan(deps.db, order.planCode);
  const amount = { value: kopecksToAmount(amountKopecks), currency: order.currency };
  const refund = await deps.yookassa.createRefund(
    {
      payment_id: payment.yookassaPaymentId,
      amount,
      receipt: buildServiceReceipt(
        planPurchaseDescription(plan.name, order.periodDays),
        amount,
        order.email,
        deps.tax,
      ),
    },
    `refund-order-${order.id}-${payment.refundedKopecks}-${amountKopecks}`,
  );
  const applied = await applyYookassaRefund(deps.db, refund, options.now);
  if (!applied) {
    throw new Error(`Refund ${refund.id} of a payment this platform does not know`);
  }
  return applied;
}
