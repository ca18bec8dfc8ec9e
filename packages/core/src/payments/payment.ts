import type { PAYMENT_STATUSES, REFUND_STATUSES } from '../yookassa/index.js';

/** A YooKassa payment's status. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
/** A YooKassa refund's status. */
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** A payment as billing last applied it. */
export interface Payment {
  id: number;
  /** YooKassa's payment id: the key of the state machine. */
  yookassaPaymentId: string;
  orderId: number;
  status: PaymentStatus;
  amountKopecks: number;
  refundedKopecks: number;
  /** Where the customer pays (a pending payment with a redirect confirmation). */
  confirmationUrl: string | null;
  paymentMethodSaved: boolean;
  paymentMethodTitle: string | null;
  /** Why it was canceled, as YooKassa says (`insufficient_funds`, `card_expired`, ...). */
  cancellationReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

// pending → waiting_for_capture → succeeded | canceled; pending → succeeded | canceled.
const STEP: Record<PaymentStatus, number> = {
  pending: 0,
  waiting_for_capture: 1,
  succeeded: 2,
  canceled: 2,
};

/**
 * Whether a payment at `from` may move to `to`: only forward along
 * pending → waiting_for_capture → succeeded | canceled. A final status never changes;
 * an older status reported late (out of order) is no move.
 */
export function canMovePayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return STEP[to] > STEP[from];
}

/** Why a charge of a saved method failed, in words an owner can act on. */
export const CHARGE_FAILURE_KINDS = [
  'card_expired',
  'insufficient_funds',
  'permission_revoked',
  'declined',
] as const;
/** One of {@link CHARGE_FAILURE_KINDS}. */
export type ChargeFailureKind = (typeof CHARGE_FAILURE_KINDS)[number];

/** Sorts YooKassa's `cancellation_details.reason` into a {@link ChargeFailureKind}. */
export function chargeFailureKind(reason: string | null | undefined): ChargeFailureKind {
  switch (reason) {
    case 'card_expired':
    case 'insufficient_funds':
    case 'permission_revoked':
      return reason;
    default:
      return 'declined';
  }
}
