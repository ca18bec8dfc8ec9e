import type { ColumnType, Generated, Selectable } from 'kysely';
import type { OrderKind, OrderStatus } from './order.js';

/** `platform.orders`: one intent to pay, recorded before its payment is created. */
export interface OrdersTable {
  id: Generated<number>;
  kind: OrderKind;
  owner_telegram_id: number;
  plan_code: string;
  amount_kopecks: number;
  currency: ColumnType<string, string | undefined, string>;
  /** Days the payment adds, copied from the plan when the order was made. */
  period_days: number;
  email: string;
  business_name: string | null;
  locale: ColumnType<string, string | undefined, string>;
  save_payment_method: ColumnType<boolean, boolean | undefined, boolean>;
  subscription_id: number | null;
  /** An automatic renewal: the `paid_until` it extends (one charge per period). */
  renews_period_end: Date | null;
  status: ColumnType<OrderStatus, OrderStatus | undefined, OrderStatus>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
/** A selected `platform.orders` row. */
export type OrderRow = Selectable<OrdersTable>;
