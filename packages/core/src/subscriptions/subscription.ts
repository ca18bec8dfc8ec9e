/** `trial` for the free week of an owner's first bot, `paid` once a payment came. */
export type SubscriptionKind = 'trial' | 'paid';

/** The paid (or trial) period of one owner's bot. */
export interface Subscription {
  id: number;
  ownerTelegramId: number;
  /** The bot's tenant; null between the payment and the end of onboarding. */
  tenantId: number | null;
  kind: SubscriptionKind;
  /** Null on a trial. */
  planCode: string | null;
  /** The end of the paid (or trial) period. */
  paidUntil: Date;
  /** Where renewal receipts go. */
  email: string | null;
  /** The saved payment method is charged before the period ends. */
  autoRenew: boolean;
  /** A payment method is saved (the owner agreed to auto-renewal once). */
  hasPaymentMethod: boolean;
  /** How the saved method is shown, such as `Bank card *4444`. */
  paymentMethodTitle: string | null;
  /** The order whose payment created this subscription; null for a trial. */
  purchaseOrderId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A subscription with its tenant's slug and status, for the sweeps. */
export interface SubscriptionWithTenant extends Subscription {
  tenantSlug: string;
  tenantStatus: 'active' | 'suspended' | 'deleted';
}

/** Days before the end of a period the owner is told it ends (without auto-renewal). */
export const EXPIRY_NOTICE_DAYS = [7, 3, 1] as const;
/** Days before the end of a period the saved method is charged. */
export const RENEWAL_LEAD_DAYS = 3;

const DAY_MS = 86_400_000;

/** A notice an owner is due about a subscription's end; see {@link dueBillingNotice}. */
export type BillingNotice =
  | { kind: 'expiry'; daysBefore: (typeof EXPIRY_NOTICE_DAYS)[number] }
  | { kind: 'renewal_warning' };

/**
 * Which notice the owner is due now, if any: with auto-renewal, one warning the day
 * before the charge (from `RENEWAL_LEAD_DAYS + 1` days before the end); without it, the
 * expiry notice of the nearest of 7, 3 and 1 days that has been reached. A trial, 7 days
 * long, skips the 7-day notice (it would come the moment the trial starts). A period
 * that has ended is due nothing here (suspension has its own notice).
 */
export function dueBillingNotice(
  paidUntil: Date,
  now: Date,
  autoRenew: boolean,
  kind: SubscriptionKind = 'paid',
): BillingNotice | undefined {
  const left = paidUntil.getTime() - now.getTime();
  if (left <= 0) {
    return undefined;
  }
  if (autoRenew) {
    return left <= (RENEWAL_LEAD_DAYS + 1) * DAY_MS ? { kind: 'renewal_warning' } : undefined;
  }
  let due: BillingNotice | undefined;
  for (const days of EXPIRY_NOTICE_DAYS) {
    if (left <= days * DAY_MS && !(kind === 'trial' && days === 7)) {
      due = { kind: 'expiry', daysBefore: days };
    }
  }
  return due;
}

/** Every message billing sends an owner, as named in job payloads and delivery keys. */
export const BILLING_NOTICE_KINDS = [
  'expiry-7',
  'expiry-3',
  'expiry-1',
  'renewal-warning',
  'renewal-failed',
  'suspended',
] as const;
/** One of {@link BILLING_NOTICE_KINDS}. */
export type BillingNoticeKind = (typeof BILLING_NOTICE_KINDS)[number];

/** The {@link BillingNoticeKind} of a due notice. */
export function billingNoticeKind(notice: BillingNotice): BillingNoticeKind {
  return notice.kind === 'expiry' ? `expiry-${notice.daysBefore}` : 'renewal-warning';
}

/**
 * The delivery key of a billing notice: one per notice, subscription and period end, so
 * claiming it in the tenant's `deliveries` (core's send-once path) sends it once, and
 * a renewed period gets its own notices.
 */
export function billingNoticeKey(
  subscriptionId: number,
  kind: BillingNoticeKind,
  paidUntil: Date,
): string {
  return `billing:${kind}:${subscriptionId}:${paidUntil.toISOString()}`;
}

/** Adds whole days to an instant. */
export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}
