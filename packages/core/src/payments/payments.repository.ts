import type { Insertable, Transaction, Updateable } from 'kysely';
import type { Database, PlatformDatabase } from '../db/index.js';
import type { PaymentStatus, RefundStatus } from './payment.js';
import type { PaymentRow, PaymentsTable, RefundRow } from './payments.table.js';

type Executor = Database | Transaction<PlatformDatabase>;
type Trx = Transaction<PlatformDatabase>;

/** Inserts a payment unless one with its YooKassa id exists; true when inserted. */
export async function insertPaymentRowIfAbsent(
  trx: Trx,
  values: Insertable<PaymentsTable>,
): Promise<boolean> {
  const row = await trx
    .insertInto('platform.payments')
    .values(values)
    .onConflict((conflict) => conflict.column('yookassa_payment_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The payment with this YooKassa id, locked `FOR UPDATE` until the transaction ends. */
export async function lockPaymentRowByYookassaId(
  trx: Trx,
  yookassaPaymentId: string,
): Promise<PaymentRow | undefined> {
  return trx
    .selectFrom('platform.payments')
    .selectAll()
    .where('yookassa_payment_id', '=', yookassaPaymentId)
    .forUpdate()
    .executeTakeFirst();
}

/** The payment with this YooKassa id, or `undefined`. */
export async function findPaymentRowByYookassaId(
  db: Executor,
  yookassaPaymentId: string,
): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('platform.payments')
    .selectAll()
    .where('yookassa_payment_id', '=', yookassaPaymentId)
    .executeTakeFirst();
}

/** The payment of an order, or `undefined`. */
export async function findPaymentRowByOrder(
  db: Executor,
  orderId: number,
): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('platform.payments')
    .selectAll()
    .where('order_id', '=', orderId)
    .executeTakeFirst();
}

/**
 * Records that a payment reached `status`; true for the one call that recorded it
 * (the primary key refuses every other).
 */
export async function insertTransitionRow(
  trx: Trx,
  paymentId: number,
  status: PaymentStatus,
): Promise<boolean> {
  const row = await trx
    .insertInto('platform.payment_transitions')
    .values({ payment_id: paymentId, status })
    .onConflict((conflict) => conflict.columns(['payment_id', 'status']).doNothing())
    .returning('payment_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The statuses a payment reached, in the order they were recorded. */
export async function listTransitionRows(
  db: Executor,
  paymentId: number,
): Promise<Array<{ status: PaymentStatus; applied_at: Date }>> {
  return db
    .selectFrom('platform.payment_transitions')
    .select(['status', 'applied_at'])
    .where('payment_id', '=', paymentId)
    .orderBy('applied_at')
    .execute();
}

/** Changes a payment; returns the updated row. */
export async function updatePaymentRow(
  db: Executor,
  id: number,
  values: Updateable<PaymentsTable>,
): Promise<PaymentRow> {
  return db
    .updateTable('platform.payments')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Inserts a refund unless one with its YooKassa id exists. */
export async function insertRefundRowIfAbsent(
  trx: Trx,
  values: {
    yookassa_refund_id: string;
    payment_id: number;
    amount_kopecks: number;
    status: RefundStatus;
  },
): Promise<void> {
  await trx
    .insertInto('platform.refunds')
    .values(values)
    .onConflict((conflict) => conflict.column('yookassa_refund_id').doNothing())
    .execute();
}

/** The refund with this YooKassa id, locked `FOR UPDATE` until the transaction ends. */
export async function lockRefundRow(
  trx: Trx,
  yookassaRefundId: string,
): Promise<RefundRow | undefined> {
  return trx
    .selectFrom('platform.refunds')
    .selectAll()
    .where('yookassa_refund_id', '=', yookassaRefundId)
    .forUpdate()
    .executeTakeFirst();
}

/** Sets a refund's status unless it is final; returns the row. */
export async function updateRefundStatus(
  trx: Trx,
  id: number,
  status: RefundStatus,
): Promise<void> {
  await trx
    .updateTable('platform.refunds')
    .set({ status, updated_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Marks a succeeded refund applied to the paid period; true for the one call that did
 * (`applied_at` is set once).
 */
export async function markRefundApplied(
  trx: Trx,
  id: number,
  shortenedSeconds: number,
  now: Date,
): Promise<boolean> {
  const row = await trx
    .updateTable('platform.refunds')
    .set({ applied_at: now, shortened_seconds: shortenedSeconds, updated_at: new Date() })
    .where('id', '=', id)
    .where('applied_at', 'is', null)
    .where('status', '=', 'succeeded')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Refunds of a payment, oldest first. */
export async function listRefundRows(db: Executor, paymentId: number): Promise<RefundRow[]> {
  return db
    .selectFrom('platform.refunds')
    .selectAll()
    .where('payment_id', '=', paymentId)
    .orderBy('id')
    .execute();
}
