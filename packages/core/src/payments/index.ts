export {
  CHARGE_FAILURE_KINDS,
  type ChargeFailureKind,
  canMovePayment,
  chargeFailureKind,
  type Payment,
  type PaymentStatus,
  type RefundStatus,
} from './payment.js';
export {
  findPaymentByOrder,
  findPaymentByYookassaId,
  listPaymentTransitions,
  listRefunds,
  markRefundAppliedOnce,
  type PaymentState,
  type RecordedPaymentState,
  type Refund,
  recordPaymentStateInTransaction,
  recordRefundStateInTransaction,
} from './payments.service.js';
export type {
  PaymentRow,
  PaymentsTable,
  PaymentTransitionsTable,
  RefundRow,
  RefundsTable,
} from './payments.table.js';
