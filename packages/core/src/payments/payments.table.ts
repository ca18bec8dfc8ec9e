import type { ColumnType, Generated, Selectable } from 'kysely';
import type { PaymentStatus, RefundStatus } from './payment.js';

/** `platform.payments`: a YooKassa payment as last applied, keyed by YooKassa's id. */
export interface PaymentsTable {
  id: Generated<number>;
  yookassa_payment_id: string;
  order_id: number;
  status: PaymentStatus;
  amount_kopecks: number;
  refunded_kopecks: ColumnType<number, number | undefined, number>;
  confirmation_url: string | null;
  payment_method_id: string | null;
  payment_method_saved: ColumnType<boolean, boolean | undefined, boolean>;
  payment_method_title: string | null;
  cancellation_party: string | null;
  cancellation_reason: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
/** A selected `platform.payments` row. */
export type PaymentRow = Selectable<PaymentsTable>;

/** `platform.payment_transitions`: each status a payment reached, recorded once. */
export interface PaymentTransitionsTable {
  payment_id: number;
  status: PaymentStatus;
  applied_at: ColumnType<Date, Date | undefined, never>;
}

/** `platform.refunds`: a YooKassa refund; its effect on the paid period applies once. */
export interface RefundsTable {
  id: Generated<number>;
  yookassa_refund_id: string;
  payment_id: number;
  amount_kopecks: number;
  status: RefundStatus;
  /** How much the refund took off the paid period; set when it was applied. */
  shortened_seconds: number | null;
  applied_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
/** A selected `platform.refunds` row. */
export type RefundRow = Selectable<RefundsTable>;
