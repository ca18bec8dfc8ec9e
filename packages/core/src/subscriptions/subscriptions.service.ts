import type { Transaction } from 'kysely';
import type { Database, PlatformDatabase } from '../db/index.js';
import { AppError } from '../errors/index.js';
import { TRIAL_DAYS } from '../plans/index.js';
import { setTenantPaidPeriodInTransaction, type Tenant } from '../tenants/index.js';
import {
  addDays,
  type BillingNotice,
  billingNoticeKey,
  billingNoticeKind,
  dueBillingNotice,
  EXPIRY_NOTICE_DAYS,
  RENEWAL_LEAD_DAYS,
  type Subscription,
  type SubscriptionWithTenant,
} from './subscription.js';
import * as repository from './subscriptions.repository.js';
import type { SubscriptionRow } from './subscriptions.table.js';

type Trx = Transaction<PlatformDatabase>;

/** A saved payment method as YooKassa describes it. */
export interface SavedPaymentMethod {
  id: string;
  title: string | null;
}

/**
 * Starts the 7-day free trial of an owner's first bot. The subscription has no tenant
 * until onboarding attaches one ({@link attachTenantToSubscription}).
 *
 * @throws AppError `CONFLICT` with `details.reason` `trial_used` when this Telegram
 * user had a trial (a constraint decides, so two racing calls get one trial), or
 * `not_first_bot` when the user already has a subscription.
 */
export async function startTrial(
  db: Database,
  ownerTelegramId: number,
  now: Date = new Date(),
): Promise<Subscription> {
  return db.transaction().execute(async (trx) => {
    // Subscriptions first, the trial second: a trial granted by a concurrent call that
    // commits between the two reads is then seen as the trial it is, not as another bot.
    const hasSubscription =
      (await repository.listSubscriptionRowsByOwner(trx, ownerTelegramId)).length > 0;
    if (await repository.hasTrialRow(trx, ownerTelegramId)) {
      throw trialRefused('trial_used');
    }
    if (hasSubscription) {
      throw trialRefused('not_first_bot');
    }
    const row = await repository.insertSubscriptionRow(trx, {
      owner_telegram_id: ownerTelegramId,
      kind: 'trial',
      plan_code: null,
      paid_until: addDays(now, TRIAL_DAYS),
    });
    if (!(await repository.insertTrialRowIfAbsent(trx, ownerTelegramId, row.id))) {
      throw trialRefused('trial_used');
    }
    return toSubscription(row);
  });
}

function trialRefused(reason: 'trial_used' | 'not_first_bot'): AppError {
  return new AppError('CONFLICT', {
    message:
      reason === 'trial_used'
        ? 'This Telegram user has had the free trial'
        : 'The free trial is for an owner’s first bot',
    details: { reason },
  });
}

/** True when this Telegram user has had the free trial. */
export async function hasUsedTrial(db: Database, ownerTelegramId: number): Promise<boolean> {
  return repository.hasTrialRow(db, ownerTelegramId);
}

/**
 * The subscription with this id.
 *
 * @throws AppError `NOT_FOUND`.
 */
export async function getSubscription(db: Database | Trx, id: number): Promise<Subscription> {
  const row = await repository.findSubscriptionRow(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', {
      message: `No subscription ${id}`,
      details: { what: 'subscription', id },
    });
  }
  return toSubscription(row);
}

/** The subscription of a tenant, or `undefined` (a tenant provisioned by an operator). */
export async function findSubscriptionByTenant(
  db: Database | Trx,
  tenantId: number,
): Promise<Subscription | undefined> {
  const row = await repository.findSubscriptionRowByTenant(db, tenantId);
  return row && toSubscription(row);
}

/** The subscription a purchase order's payment created, or `undefined` (not paid yet). */
export async function findSubscriptionByPurchaseOrder(
  db: Database | Trx,
  orderId: number,
): Promise<Subscription | undefined> {
  const row = await repository.findSubscriptionRowByPurchaseOrder(db, orderId);
  return row && toSubscription(row);
}

/** An owner's subscriptions, oldest first. */
export async function listSubscriptionsByOwner(
  db: Database,
  ownerTelegramId: number,
): Promise<Subscription[]> {
  return (await repository.listSubscriptionRowsByOwner(db, ownerTelegramId)).map(toSubscription);
}

/**
 * An owner's subscriptions that have no bot yet: a payment (or trial) whose onboarding
 * was left unfinished, to resume after any restart. Oldest first.
 */
export async function listUnattachedSubscriptions(
  db: Database,
  ownerTelegramId: number,
): Promise<Subscription[]> {
  return (await repository.listUnattachedRowsByOwner(db, ownerTelegramId)).map(toSubscription);
}

/** Input of {@link createPurchasedSubscriptionInTransaction}. */
export interface PurchasedSubscriptionInput {
  ownerTelegramId: number;
  planCode: string;
  periodDays: number;
  email: string;
  purchaseOrderId: number;
  /** Saved by this payment (the owner opted in to auto-renewal). */
  paymentMethod?: SavedPaymentMethod | undefined;
  now: Date;
}

/**
 * Creates the subscription a purchase paid for, its period running from `now`, inside
 * the caller's transaction. Repeated for the same order it changes nothing and returns
 * the first one with `created: false`.
 */
export async function createPurchasedSubscriptionInTransaction(
  trx: Trx,
  input: PurchasedSubscriptionInput,
): Promise<{ subscription: Subscription; created: boolean }> {
  const inserted = await repository.insertPurchasedSubscriptionRowIfAbsent(trx, {
    owner_telegram_id: input.ownerTelegramId,
    kind: 'paid',
    plan_code: input.planCode,
    paid_until: addDays(input.now, input.periodDays),
    email: input.email,
    purchase_order_id: input.purchaseOrderId,
    ...(input.paymentMethod
      ? {
          auto_renew: true,
          payment_method_id: input.paymentMethod.id,
          payment_method_title: input.paymentMethod.title,
        }
      : {}),
  });
  if (inserted) {
    return { subscription: toSubscription(inserted), created: true };
  }
  const existing = await repository.findSubscriptionRowByPurchaseOrder(trx, input.purchaseOrderId);
  if (!existing) {
    throw new Error(`Subscription of order ${input.purchaseOrderId} vanished`);
  }
  return { subscription: toSubscription(existing), created: false };
}

/** Input of {@link extendSubscriptionInTransaction}. */
export interface ExtendSubscriptionInput {
  planCode: string;
  periodDays: number;
  email?: string | undefined;
  paymentMethod?: SavedPaymentMethod | undefined;
  now: Date;
}

/**
 * Adds a paid period: `paid_until` moves to the later of `now` and the current
 * `paid_until`, plus `periodDays`; a trial becomes paid; the tenant (if any) gets the
 * same `paid_until` and plan and is resumed if it was suspended. Inside the caller's
 * transaction, with the subscription and tenant rows locked. The caller makes sure it
 * runs once per payment (see billing's payment transitions).
 *
 * @throws AppError `NOT_FOUND`.
 */
export async function extendSubscriptionInTransaction(
  trx: Trx,
  subscriptionId: number,
  input: ExtendSubscriptionInput,
): Promise<{ subscription: Subscription; tenant: Tenant | undefined }> {
  const row = await lockOrThrow(trx, subscriptionId);
  const from = row.paid_until.getTime() > input.now.getTime() ? row.paid_until : input.now;
  const updated = await repository.updateSubscriptionRow(trx, row.id, {
    kind: 'paid',
    plan_code: input.planCode,
    paid_until: addDays(from, input.periodDays),
    ...(input.email ? { email: input.email } : {}),
    ...(input.paymentMethod
      ? {
          auto_renew: true,
          payment_method_id: input.paymentMethod.id,
          payment_method_title: input.paymentMethod.title,
        }
      : {}),
  });
  const tenant =
    updated.tenant_id === null
      ? undefined
      : await setTenantPaidPeriodInTransaction(trx, updated.tenant_id, {
          paidUntil: updated.paid_until,
          plan: input.planCode,
          status: 'active',
        });
  return { subscription: toSubscription(updated), tenant: tenant?.tenant };
}

/**
 * Takes `seconds` off a subscription's period (a refund). When that ends the period
 * (the new end is not after `now`), the period ends `now` and the tenant is suspended.
 * Inside the caller's transaction; the caller makes sure it runs once per refund.
 *
 * @throws AppError `NOT_FOUND`.
 */
export async function shortenSubscriptionInTransaction(
  trx: Trx,
  subscriptionId: number,
  seconds: number,
  now: Date,
): Promise<{ subscription: Subscription; ended: boolean; tenant: Tenant | undefined }> {
  const row = await lockOrThrow(trx, subscriptionId);
  const shortened = row.paid_until.getTime() - seconds * 1000;
  const ended = shortened <= now.getTime();
  const updated = await repository.updateSubscriptionRow(trx, row.id, {
    paid_until: ended ? now : new Date(shortened),
  });
  const tenant =
    updated.tenant_id === null
      ? undefined
      : await setTenantPaidPeriodInTransaction(trx, updated.tenant_id, {
          paidUntil: updated.paid_until,
          plan: updated.plan_code ?? 'trial',
          ...(ended ? { status: 'suspended' as const } : {}),
        });
  return { subscription: toSubscription(updated), ended, tenant: tenant?.tenant };
}

/**
 * Attaches the bot onboarding made to a paid (or trial) subscription and gives the
 * tenant the subscription's `paid_until` and plan. Repeating it with the same tenant is
 * harmless.
 *
 * @throws AppError `NOT_FOUND`; `CONFLICT` when the subscription serves another tenant
 * or the tenant has another subscription; `FORBIDDEN` when the owner differs.
 */
export async function attachTenantToSubscription(
  db: Database,
  input: { subscriptionId: number; tenantId: number; ownerTelegramId: number },
): Promise<Subscription> {
  return db.transaction().execute(async (trx) => {
    const row = await lockOrThrow(trx, input.subscriptionId);
    if (row.owner_telegram_id !== input.ownerTelegramId) {
      throw new AppError('FORBIDDEN', {
        message: `Subscription ${row.id} belongs to another owner`,
      });
    }
    if (row.tenant_id !== null && row.tenant_id !== input.tenantId) {
      throw new AppError('CONFLICT', {
        message: `Subscription ${row.id} already serves another tenant`,
        details: { reason: 'subscription_attached' },
      });
    }
    const other = await repository.findSubscriptionRowByTenant(trx, input.tenantId);
    if (other && other.id !== row.id) {
      throw new AppError('CONFLICT', {
        message: `Tenant ${input.tenantId} already has subscription ${other.id}`,
        details: { reason: 'tenant_subscribed' },
      });
    }
    const updated =
      row.tenant_id === input.tenantId
        ? row
        : await repository.updateSubscriptionRow(trx, row.id, { tenant_id: input.tenantId });
    const tenant = await setTenantPaidPeriodInTransaction(trx, input.tenantId, {
      paidUntil: updated.paid_until,
      plan: updated.plan_code ?? 'trial',
    });
    if (!tenant) {
      throw new AppError('NOT_FOUND', {
        message: `No live tenant ${input.tenantId}`,
        details: { what: 'tenant', id: input.tenantId },
      });
    }
    return toSubscription(updated);
  });
}

/**
 * Switches auto-renewal on or off for the owner. Switching it on needs a payment method
 * saved by an earlier payment made with the opt-in.
 *
 * @throws AppError `NOT_FOUND`; `FORBIDDEN` for another owner's subscription;
 * `VALIDATION` (`details.reason` `no_payment_method`) when none is saved.
 */
export async function setAutoRenew(
  db: Database,
  input: { subscriptionId: number; ownerTelegramId: number; enabled: boolean },
): Promise<Subscription> {
  return db.transaction().execute(async (trx) => {
    const row = await lockOrThrow(trx, input.subscriptionId);
    if (row.owner_telegram_id !== input.ownerTelegramId) {
      throw new AppError('FORBIDDEN', {
        message: `Subscription ${row.id} belongs to another owner`,
      });
    }
    if (input.enabled && row.payment_method_id === null) {
      throw new AppError('VALIDATION', {
        message: 'Auto-renewal needs a card saved by a payment with the auto-renewal opt-in',
        details: { reason: 'no_payment_method' },
      });
    }
    return toSubscription(
      await repository.updateSubscriptionRow(trx, row.id, { auto_renew: input.enabled }),
    );
  });
}

/**
 * The saved payment method of a subscription that is due a charge, or `undefined`
 * when auto-renewal is off. Only billing's charge reads the method id.
 */
export async function lockSubscriptionForRenewal(
  trx: Trx,
  subscriptionId: number,
): Promise<{ subscription: Subscription; paymentMethodId: string | undefined }> {
  const row = await lockOrThrow(trx, subscriptionId);
  return {
    subscription: toSubscription(row),
    paymentMethodId: row.auto_renew && row.payment_method_id ? row.payment_method_id : undefined,
  };
}

/**
 * Subscriptions due an automatic charge at `now`: auto-renewal on, a live tenant, the
 * period ending within {@link RENEWAL_LEAD_DAYS} days (or ended less than a day ago,
 * so a worker that was down catches up), and no charge made for that period yet.
 */
export async function listRenewalsDue(
  db: Database,
  now: Date,
  limit = 100,
): Promise<SubscriptionWithTenant[]> {
  const rows = await repository.listRenewalDueRows(
    db,
    addDays(now, -1),
    addDays(now, RENEWAL_LEAD_DAYS),
    limit,
  );
  return rows.map(toSubscriptionWithTenant);
}

/** A billing notice due, with the key that makes it send-once. */
export interface DueBillingNotice {
  subscription: SubscriptionWithTenant;
  notice: BillingNotice;
  /** Claim it in the tenant's deliveries (`claimDelivery`) before sending. */
  deliveryKey: string;
}

/**
 * The billing notices due at `now` for subscriptions of active tenants whose period
 * ends within 7 days: the nearest 7/3/1-day expiry notice, or the warning the day
 * before an automatic charge. A notice repeats in every call until claimed: claim its
 * `deliveryKey` in the tenant's deliveries before sending. Pages by subscription id.
 */
export async function listBillingNoticesDue(
  db: Database,
  now: Date,
  options: { afterId?: number; limit?: number } = {},
): Promise<DueBillingNotice[]> {
  const horizon = Math.max(...EXPIRY_NOTICE_DAYS, RENEWAL_LEAD_DAYS + 1);
  const rows = await repository.listEndingRows(
    db,
    now,
    addDays(now, horizon),
    options.afterId ?? 0,
    options.limit ?? 100,
  );
  const due: DueBillingNotice[] = [];
  for (const row of rows) {
    const notice = dueBillingNotice(row.paid_until, now, row.auto_renew, row.kind);
    if (notice) {
      due.push({
        subscription: toSubscriptionWithTenant(row),
        notice,
        deliveryKey: billingNoticeKey(row.id, billingNoticeKind(notice), row.paid_until),
      });
    }
  }
  return due;
}

/** A tenant suspended because its period ended. */
export interface ExpiredSubscription {
  subscription: Subscription;
  tenant: Tenant;
  /** Claim it in the tenant's deliveries before telling the owner. */
  deliveryKey: string;
}

/**
 * Suspends the tenants whose period ended by `now`, each in its own transaction with
 * its subscription locked and re-read, so a payment that lands meanwhile wins (the
 * tenant stays active). Returns the tenants suspended by this call.
 */
export async function suspendExpiredSubscriptions(
  db: Database,
  now: Date,
  limit = 100,
): Promise<ExpiredSubscription[]> {
  const candidates = await repository.listExpiredActiveRows(db, now, limit);
  const suspended: ExpiredSubscription[] = [];
  for (const candidate of candidates) {
    const result = await db.transaction().execute(async (trx) => {
      const row = await repository.lockSubscriptionRow(trx, candidate.id);
      if (!row || row.tenant_id === null || row.paid_until.getTime() > now.getTime()) {
        return undefined;
      }
      const tenant = await setTenantPaidPeriodInTransaction(trx, row.tenant_id, {
        paidUntil: row.paid_until,
        plan: row.plan_code ?? 'trial',
        status: 'suspended',
      });
      // Another sweep (another replica) may have suspended it a moment ago.
      return tenant?.previousStatus === 'active' ? { row, tenant: tenant.tenant } : undefined;
    });
    if (result) {
      suspended.push({
        subscription: toSubscription(result.row),
        tenant: result.tenant,
        deliveryKey: billingNoticeKey(result.row.id, 'suspended', result.row.paid_until),
      });
    }
  }
  return suspended;
}

async function lockOrThrow(trx: Trx, id: number): Promise<SubscriptionRow> {
  const row = await repository.lockSubscriptionRow(trx, id);
  if (!row) {
    throw new AppError('NOT_FOUND', {
      message: `No subscription ${id}`,
      details: { what: 'subscription', id },
    });
  }
  return row;
}

/** A stored row as billing sees it (the payment method id stays inside). */
export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    ownerTelegramId: row.owner_telegram_id,
    tenantId: row.tenant_id,
    kind: row.kind,
    planCode: row.plan_code,
    paidUntil: row.paid_until,
    email: row.email,
    autoRenew: row.auto_renew,
    hasPaymentMethod: row.payment_method_id !== null,
    paymentMethodTitle: row.payment_method_title,
    purchaseOrderId: row.purchase_order_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toSubscriptionWithTenant(row: repository.SubscriptionTenantRow): SubscriptionWithTenant {
  return { ...toSubscription(row), tenantSlug: row.tenant_slug, tenantStatus: row.tenant_status };
}
