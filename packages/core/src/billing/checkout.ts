import { AppError } from '../errors/index.js';
import { getOrder, type Order, orderIdempotenceKey } from '../orders/index.js';
import { findPaymentByOrder, type Payment } from '../payments/index.js';
import { getPlan, kopecksToAmount } from '../plans/index.js';
import { buildServiceReceipt, type CreatePaymentRequest } from '../yookassa/index.js';
import { type AppliedPayment, applyYookassaPayment } from './apply-payment.js';
import { type BillingDeps, ORDER_METADATA_KEY } from './billing.js';

/** Options of {@link createOrderPayment}. */
export interface CreateOrderPaymentOptions {
  /** Where YooKassa sends the customer back after paying (the bot's t.me link). */
  returnUrl: string;
  now?: Date;
}

/** The payment of an order, ready for the customer. */
export interface OrderPayment extends AppliedPayment {
  /** Where the customer pays; `undefined` once the payment is no longer pending. */
  confirmationUrl: string | undefined;
}

/**
 * What a receipt and the payment page say the customer buys, in Russian (receipts are
 * Russian fiscal documents): `Подписка «Standard», 90 дн.`
 */
export function planPurchaseDescription(planName: string, periodDays: number): string {
  return `Подписка «${planName}» на бота записи, ${periodDays} дн.`;
}

/**
 * The YooKassa request of an order's payment: the amount, a 54-FZ receipt (the plan
 * as one service item, full payment, the configured VAT and tax system, the order's
 * email), `capture: true`, the order id in the metadata, and either a redirect
 * confirmation (a customer pays) or the saved method to charge (auto-renewal).
 */
export function paymentRequestForOrder(
  order: Order,
  planName: string,
  deps: Pick<BillingDeps, 'tax'>,
  how: { returnUrl: string } | { paymentMethodId: string },
): CreatePaymentRequest {
  const amount = { value: kopecksToAmount(order.amountKopecks), currency: order.currency };
  const description = planPurchaseDescription(planName, order.periodDays);
  return {
    amount,
    description,
    receipt: buildServiceReceipt(description, amount, order.email, deps.tax),
    capture: true,
    metadata: { [ORDER_METADATA_KEY]: String(order.id) },
    ...('returnUrl' in how
      ? {
          confirmation: { type: 'redirect' as const, return_url: how.returnUrl },
          ...(order.savePaymentMethod ? { save_payment_method: true } : {}),
        }
      : { payment_method_id: how.paymentMethodId }),
  };
}

/**
 * Creates (or finds) the payment of an order and records it. The Idempotence-Key is
 * derived from the order, so calling this again after a timeout, a 5xx or a crash gets
 * the same payment from YooKassa, never a second one. An order whose payment is already
 * recorded is returned from Postgres without calling YooKassa.
 *
 * @throws AppError `NOT_FOUND` for an unknown order; `CONFLICT` (`details.reason`
 * `order_closed`) for a paid or canceled order (a new attempt needs a new order);
 * `UNAVAILABLE` when YooKassa cannot be reached (call again: same key).
 */
export async function createOrderPayment(
  deps: BillingDeps,
  orderId: number,
  options: CreateOrderPaymentOptions,
): Promise<OrderPayment> {
  const order = await getOrder(deps.db, orderId);
  const existing = await findPaymentByOrder(deps.db, order.id);
  if (existing) {
    return { ...recordedResult(order, existing), confirmationUrl: pendingUrl(existing) };
  }
  if (order.status === 'paid' || order.status === 'canceled') {
    throw new AppError('CONFLICT', {
      message: `Order ${order.id} is ${order.status}`,
      details: { reason: 'order_closed' },
    });
  }
  const plan = await getPlan(deps.db, order.planCode);
  const created = await deps.yookassa.createPayment(
    paymentRequestForOrder(order, plan.name, deps, { returnUrl: options.returnUrl }),
    orderIdempotenceKey(order.id),
  );
  const applied = await applyYookassaPayment(deps.db, created, options.now);
  return { ...applied, confirmationUrl: pendingUrl(applied.payment) };
}

/**
 * Re-reads an order's payment from YooKassa and applies it: what the "I have paid"
 * button does, and what a sweep of old pending orders can do when a notification was
 * lost.
 *
 * @throws AppError `NOT_FOUND` for an unknown order or one without a payment.
 */
export async function syncOrderPayment(
  deps: Pick<BillingDeps, 'db' | 'yookassa'>,
  orderId: number,
  now: Date = new Date(),
): Promise<OrderPayment> {
  const payment = await findPaymentByOrder(deps.db, orderId);
  if (!payment) {
    throw new AppError('NOT_FOUND', {
      message: `Order ${orderId} has no payment yet`,
      details: { what: 'payment', id: orderId },
    });
  }
  const applied = await applyYookassaPayment(
    deps.db,
    await deps.yookassa.getPayment(payment.yookassaPaymentId),
    now,
  );
  return { ...applied, confirmationUrl: pendingUrl(applied.payment) };
}

function pendingUrl(payment: Payment): string | undefined {
  return payment.status === 'pending' ? (payment.confirmationUrl ?? undefined) : undefined;
}

function recordedResult(order: Order, payment: Payment): AppliedPayment {
  return { order, payment, reached: undefined, subscription: undefined, tenant: undefined };
}
