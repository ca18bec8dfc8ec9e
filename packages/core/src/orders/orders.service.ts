import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database, PlatformDatabase } from '../db/index.js';
import { AppError } from '../errors/index.js';
import { getPlan } from '../plans/index.js';
import { getSubscription, type Subscription } from '../subscriptions/index.js';
import { type CreateOrderInput, CreateOrderInputSchema, type Order } from './order.js';
import * as repository from './orders.repository.js';
import type { OrderRow } from './orders.table.js';

type Trx = Transaction<PlatformDatabase>;

/**
 * Records an order for a plan at the plan's current price, before any payment: a
 * purchase (a new bot) or, with `subscriptionId`, a renewal paid by hand.
 *
 * @throws AppError `VALIDATION` naming each bad field (`details.fields`; the email's
 * message says what is expected); `NOT_FOUND` for an unknown plan or subscription;
 * `CONFLICT` (`details.reason` `plan_inactive`) for a plan no longer sold;
 * `FORBIDDEN` for another owner's subscription.
 */
export async function createOrder(db: Database, input: CreateOrderInput): Promise<Order> {
  const parsed = CreateOrderInputSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidOrder(parsed.error.issues);
  }
  const data = parsed.data;
  const plan = await getPlan(db, data.planCode);
  if (!plan.active) {
    throw new AppError('CONFLICT', {
      message: `Plan ${plan.code} is no longer sold`,
      details: { reason: 'plan_inactive' },
    });
  }
  if (data.subscriptionId !== undefined) {
    const subscription = await getSubscription(db, data.subscriptionId);
    if (subscription.ownerTelegramId !== data.ownerTelegramId) {
      throw new AppError('FORBIDDEN', {
        message: `Subscription ${subscription.id} belongs to another owner`,
      });
    }
  }
  const row = await repository.insertOrderRow(db, {
    kind: data.subscriptionId === undefined ? 'purchase' : 'renewal',
    owner_telegram_id: data.ownerTelegramId,
    plan_code: plan.code,
    amount_kopecks: plan.priceKopecks,
    currency: plan.currency,
    period_days: plan.periodDays,
    email: data.email,
    business_name: data.businessName ?? null,
    locale: data.locale,
    save_payment_method: data.savePaymentMethod,
    subscription_id: data.subscriptionId ?? null,
    renews_period_end: null,
  });
  return toOrder(row);
}

/**
 * The one automatic-renewal order of a subscription's current period (its `paid_until`),
 * created on the first call and returned by every later one, so a charge job that runs
 * twice makes one order and so one Idempotence-Key.
 */
export async function ensureAutoRenewalOrderInTransaction(
  trx: Trx,
  subscription: Subscription,
): Promise<{ order: Order; created: boolean }> {
  if (subscription.planCode === null || subscription.email === null) {
    throw new AppError('VALIDATION', {
      message: `Subscription ${subscription.id} has no plan or receipt email to renew with`,
      details: { reason: 'not_renewable' },
    });
  }
  const plan = await getPlan(trx, subscription.planCode);
  const { row, created } = await repository.insertAutoRenewalOrderRowIfAbsent(trx, {
    kind: 'auto_renewal',
    owner_telegram_id: subscription.ownerTelegramId,
    plan_code: plan.code,
    amount_kopecks: plan.priceKopecks,
    currency: plan.currency,
    period_days: plan.periodDays,
    email: subscription.email,
    subscription_id: subscription.id,
    renews_period_end: subscription.paidUntil,
  });
  return { order: toOrder(row), created };
}

/**
 * The order with this id.
 *
 * @throws AppError `NOT_FOUND`.
 */
export async function getOrder(db: Database | Trx, id: number): Promise<Order> {
  const row = await repository.findOrderRow(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { message: `No order ${id}`, details: { what: 'order', id } });
  }
  return toOrder(row);
}

/**
 * The order with this id, locked until the transaction ends.
 *
 * @throws AppError `NOT_FOUND`.
 */
export async function lockOrder(trx: Trx, id: number): Promise<Order> {
  const row = await repository.lockOrderRow(trx, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { message: `No order ${id}`, details: { what: 'order', id } });
  }
  return toOrder(row);
}

/** An owner's latest orders, newest first. */
export async function listOrdersByOwner(
  db: Database,
  ownerTelegramId: number,
  limit = 20,
): Promise<Order[]> {
  return (await repository.listOrderRowsByOwner(db, ownerTelegramId, limit)).map(toOrder);
}

/**
 * Orders whose payment is still pending and unchanged since `before`: a sweep re-reads
 * their payments (`syncOrderPayment`), so a notification YooKassa never delivered (or
 * one refused while the process was down) still takes effect. Oldest first.
 */
export async function listStalePendingOrders(
  db: Database,
  before: Date,
  limit = 100,
): Promise<Order[]> {
  return (await repository.listPendingOrderRows(db, before, limit)).map(toOrder);
}

/** Sets an order's status; a paid order stays paid. */
export async function setOrderStatus(
  db: Database | Trx,
  id: number,
  status: Order['status'],
): Promise<void> {
  await repository.updateOrderStatus(db, id, status);
}

/** Links a purchase order to the subscription its payment created. */
export async function linkOrderSubscription(
  db: Database | Trx,
  id: number,
  subscriptionId: number,
): Promise<void> {
  await repository.updateOrderSubscription(db, id, subscriptionId);
}

/**
 * The `Idempotence-Key` of an order's payment: derived from the order alone, so every
 * retry of the same order (after a timeout, a 5xx, a crash) asks YooKassa for the same
 * payment. A new attempt after a declined payment is a new order.
 */
export function orderIdempotenceKey(orderId: number): string {
  return `order-${orderId}`;
}

function invalidOrder(issues: readonly z.core.$ZodIssue[]): AppError {
  const named = issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
  return new AppError('VALIDATION', {
    message: `Invalid order: ${named.map(({ field, message }) => `${field} ${message}`).join('; ')}`,
    details: { fields: named.map(({ field }) => field), issues: named },
  });
}

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    kind: row.kind,
    ownerTelegramId: row.owner_telegram_id,
    planCode: row.plan_code,
    amountKopecks: row.amount_kopecks,
    currency: row.currency,
    periodDays: row.period_days,
    email: row.email,
    businessName: row.business_name,
    locale: row.locale,
    savePaymentMethod: row.save_payment_method,
    subscriptionId: row.subscription_id,
    renewsPeriodEnd: row.renews_period_end,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
