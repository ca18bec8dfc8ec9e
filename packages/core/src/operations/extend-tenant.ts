import { z } from 'zod';
import {
  extendSubscriptionInTransaction,
  findSubscriptionByTenant,
} from '../subscriptions/index.js';
import type { Tenant } from '../tenants/index.js';
import { assertValidSlug, invalidTenant, lockLiveTenantRow, toTenant } from '../tenants/index.js';
import type { ManualPaymentInput, OperatorDeps } from './operations.js';
import { extendTenantPaidUntil } from './operations.repository.js';
import { type OperatorActor, recordOperatorAction } from './operator-audit.js';
import { invalidPlan } from './tenant-actions.js';

/** A manual payment as the operator enters it; the API and the bot validate with it. */
export const ManualPaymentSchema = z.object({
  amountMinor: z
    .number()
    .int({ message: 'must be a whole number of minor units (kopecks, cents)' })
    .positive({ message: 'must be more than 0' })
    .max(1_000_000_000, { message: 'must be at most 1000000000' }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { message: 'must be a three-letter ISO 4217 code such as RUB' })
    .default('RUB'),
  periodDays: z
    .number()
    .int({ message: 'must be a whole number of days' })
    .min(1, { message: 'must be at least 1' })
    .max(3660, { message: 'must be at most 3660' }),
  comment: z.string().max(500, { message: 'must be at most 500 characters' }).default(''),
});

/**
 * Extends a tenant's paid period by `periodDays` (counted from today when it already
 * ended) and records the manual payment in the operator audit (`tenant.extended`, with
 * amount and currency), where the revenue figures read it. A tenant bought through the
 * storefront has a subscription, the source of truth of its period (the billing sweep
 * suspends by it): the subscription is extended, and the tenant with it, in one
 * transaction; a tenant without one (provisioned by an operator) has only its own
 * `paid_until`.
 *
 * @throws AppError `INVALID_SLUG`; `VALIDATION` naming each bad field, or a trial that
 * has no paid plan yet; `NOT_FOUND`; `TENANT_DELETED`.
 */
export async function extendTenantBy(
  deps: OperatorDeps,
  actor: OperatorActor,
  slug: string,
  input: ManualPaymentInput,
): Promise<Tenant> {
  assertValidSlug(slug);
  const parsed = ManualPaymentSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidTenant(parsed.error.issues);
  }
  const payment = parsed.data;
  const now = deps.now?.() ?? new Date();
  const tenant = await deps.db.transaction().execute(async (trx) => {
    const row = await lockLiveTenantRow(trx, slug);
    const subscription = await findSubscriptionByTenant(trx, row.id);
    if (!subscription) {
      return toTenant(await extendTenantPaidUntil(trx, row.id, payment.periodDays, now));
    }
    const planCode = subscription.planCode ?? (row.plan === 'trial' ? null : row.plan);
    if (planCode === null) {
      throw invalidPlan('a trial is extended on a paid plan: change the plan first');
    }
    const extended = await extendSubscriptionInTransaction(trx, subscription.id, {
      planCode,
      periodDays: payment.periodDays,
      now,
    });
    return extended.tenant ?? toTenant(row);
  });
  await recordOperatorAction(deps.db, actor, 'tenant.extended', slug, {
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    periodDays: payment.periodDays,
    comment: payment.comment,
    paidUntil: tenant.paidUntil?.toISOString() ?? null,
  });
  return tenant;
}
