import type { Transaction } from 'kysely';
import type { Database, PlatformDatabase } from '../db/index.js';
import { canMovePayment, type Payment, type PaymentStatus, type RefundStatus } from './payment.js';
import * as repository from './payments.repository.js';
import type { PaymentRow, RefundRow } from './payments.table.js';

type Trx = Transaction<PlatformDatabase>;

/** A payment's state as read from YooKassa's API (never from a notification's body). */
export interface PaymentState {
  yookassaPaymentId: string;
  orderId: number;
  status: PaymentStatus;
  amountKopecks: number;
  confirmationUrl?: string | undefined;
  paymentMethod?: { id: string; saved: boolean; title?: string | undefined } | undefined;
  cancellation?: { party: string; reason: string } | undefined;
}

/** Outcome of {@link recordPaymentStateInTransaction}. */
export interface RecordedPaymentState {
  payment: Payment;
  /**
   * The status this call moved the payment to, or `undefined` when it moved nothing
   * (a repeat, an out-of-order older status). Only the call that got a status here
   * applies its effect: the transition's primary key lets one call in.
   */
  reached: PaymentStatus | undefined;
  /** The saved payment method's id, when YooKassa saved one. Not part of {@link Payment}. */
  savedPaymentMethodId: string | undefined;
}

/**
 * Applies a payment's state to its row inside the caller's transaction: creates the row
 * on first sight (recording `pending`), locks it, and moves it forward when `state` is
 * further along the state machine, recording the transition under its unique key.
 * Concurrent calls for one payment serialise on the row lock; each transition is
 * recorded, and reported as `reached`, once.
 */
export async function recordPaymentStateInTransaction(
  trx: Trx,
  state: PaymentState,
): Promise<RecordedPaymentState> {
  const inserted = await repository.insertPaymentRowIfAbsent(trx, {
    yookassa_payment_id: state.yookassaPaymentId,
    order_id: state.orderId,
    status: 'pending',
    amount_kopecks: state.amountKopecks,
    confirmation_url: state.confirmationUrl ?? null,
  });
  const row = await repository.lockPaymentRowByYookassaId(trx, state.yookassaPaymentId);
  if (!row) {
    throw new Error(`Payment ${state.yookassaPaymentId} vanished`);
  }
  if (row.order_id !== state.orderId) {
    throw new Error(
      `Payment ${state.yookassaPaymentId} belongs to order ${row.order_id}, not ${state.orderId}`,
    );
  }
  if (inserted) {
    await repository.insertTransitionRow(trx, row.id, 'pending');
  }
  const savedPaymentMethodId =
    state.paymentMethod?.saved === true ? state.paymentMethod.id : undefined;
  let current = row;
  let reached: PaymentStatus | undefined = inserted ? 'pending' : undefined;
  if (canMovePayment(row.status, state.status)) {
    if (await repository.insertTransitionRow(trx, row.id, state.status)) {
      reached = state.status;
      current = await repository.updatePaymentRow(trx, row.id, {
        status: state.status,
        payment_method_id: state.paymentMethod?.id ?? row.payment_method_id,
        payment_method_saved: state.paymentMethod?.saved ?? row.payment_method_saved,
        payment_method_title: state.paymentMethod?.title ?? row.payment_method_title,
        cancellation_party: state.cancellation?.party ?? null,
        cancellation_reason: state.cancellation?.reason ?? null,
        ...(state.status === 'pending' ? {} : { confirmation_url: null }),
      });
    }
  }
  return { payment: toPayment(current), reached, savedPaymentMethodId };
}

/**
 * The payment of an order, or `undefined` when none was created yet.
 */
export async function findPaymentByOrder(
  db: Database | Trx,
  orderId: number,
): Promise<Payment | undefined> {
  const row = await repository.findPaymentRowByOrder(db, orderId);
  return row && toPayment(row);
}

/** The payment with this YooKassa id, or `undefined` (not one of this platform's). */
export async function findPaymentByYookassaId(
  db: Database | Trx,
  yookassaPaymentId: string,
): Promise<Payment | undefined> {
  const row = await repository.findPaymentRowByYookassaId(db, yookassaPaymentId);
  return row && toPayment(row);
}

/** The statuses a payment went through, each once, in order. */
export async function listPaymentTransitions(
  db: Database,
  paymentId: number,
): Promise<Array<{ status: PaymentStatus; appliedAt: Date }>> {
  return (await repository.listTransitionRows(db, paymentId)).map((row) => ({
    status: row.status,
    appliedAt: row.applied_at,
  }));
}

/** A refund as billing last applied it. */
export interface Refund {
  id: number;
  yookassaRefundId: string;
  paymentId: number;
  amountKopecks: number;
  status: RefundStatus;
  /** What it took off the paid period; null until applied. */
  shortenedSeconds: number | null;
  appliedAt: Date | null;
}

/**
 * Records a refund's state (read from YooKassa's API) inside the caller's transaction and
 * locks its row: a pending refund may become succeeded or canceled, a final one stays.
 * Adds a refund's amount to the payment's refunded total once, when it is first seen
 * succeeded. Returns the refund; see {@link markRefundAppliedOnce} for its effect.
 */
export async function recordRefundStateInTransaction(
  trx: Trx,
  input: {
    yookassaRefundId: string;
    yookassaPaymentId: string;
    amountKopecks: number;
    status: RefundStatus;
  },
): Promise<{ refund: Refund; payment: Payment } | undefined> {
  const payment = await repository.lockPaymentRowByYookassaId(trx, input.yookassaPaymentId);
  if (!payment) {
    return undefined;
  }
  await repository.insertRefundRowIfAbsent(trx, {
    yookassa_refund_id: input.yookassaRefundId,
    payment_id: payment.id,
    amount_kopecks: input.amountKopecks,
    status: 'pending',
  });
  const before = await repository.lockRefundRow(trx, input.yookassaRefundId);
  if (!before) {
    throw new Error(`Refund ${input.yookassaRefundId} vanished`);
  }
  let updatedPayment = payment;
  if (before.status === 'pending' && input.status !== 'pending') {
    await repository.updateRefundStatus(trx, before.id, input.status);
    if (input.status === 'succeeded') {
      updatedPayment = await repository.updatePaymentRow(trx, payment.id, {
        refunded_kopecks: payment.refunded_kopecks + before.amount_kopecks,
      });
    }
  }
  const refund = await repository.lockRefundRow(trx, input.yookassaRefundId);
  return { refund: toRefund(refund as RefundRow), payment: toPayment(updatedPayment) };
}

/**
 * Marks a succeeded refund as applied to the paid period, taking `shortenedSeconds` off
 * it; true for the one call that did (`applied_at` is written once), which then
 * shortens the subscription in the same transaction.
 */
export async function markRefundAppliedOnce(
  trx: Trx,
  refundId: number,
  shortenedSeconds: number,
  now: Date,
): Promise<boolean> {
  return repository.markRefundApplied(trx, refundId, shortenedSeconds, now);
}

/** Refunds of a payment, oldest first. */
export async function listRefunds(db: Database, paymentId: number): Promise<Refund[]> {
  return (await repository.listRefundRows(db, paymentId)).map(toRefund);
}

function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    yookassaPaymentId: row.yookassa_payment_id,
    orderId: row.order_id,
    status: row.status,
    amountKopecks: row.amount_kopecks,
    refundedKopecks: row.refunded_kopecks,
    confirmationUrl: row.confirmation_url,
    paymentMethodSaved: row.payment_method_saved,
    paymentMethodTitle: row.payment_method_title,
    cancellationReason: row.cancellation_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    yookassaRefundId: row.yookassa_refund_id,
    paymentId: row.payment_id,
    amountKopecks: row.amount_kopecks,
    status: row.status,
    shortenedSeconds: row.shortened_seconds,
    appliedAt: row.applied_at,
  };
}
