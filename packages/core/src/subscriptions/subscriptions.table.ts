import type { ColumnType, Generated, Selectable } from 'kysely';
import type { SubscriptionKind } from './subscription.js';

/** `platform.subscriptions`: the paid (or trial) period of one owner's bot. */
export interface SubscriptionsTable {
  id: Generated<number>;
  owner_telegram_id: number;
  /** Null between the payment and the end of onboarding. */
  tenant_id: number | null;
  kind: SubscriptionKind;
  /** Null on a trial. */
  plan_code: string | null;
  paid_until: Date;
  /** Where renewal receipts go. */
  email: string | null;
  auto_renew: ColumnType<boolean, boolean | undefined, boolean>;
  payment_method_id: string | null;
  payment_method_title: string | null;
  /** The order whose payment created this subscription. */
  purchase_order_id: number | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
/** A selected `platform.subscriptions` row. */
export type SubscriptionRow = Selectable<SubscriptionsTable>;

/** `platform.trials`: the one free trial a Telegram user may have. */
export interface TrialsTable {
  owner_telegram_id: number;
  subscription_id: number;
  started_at: ColumnType<Date, Date | undefined, never>;
}
