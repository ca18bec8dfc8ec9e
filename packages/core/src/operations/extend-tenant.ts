import { z } from 'zod';
import type { Tenant } from '../tenants/index.js';
import { assertValidSlug, invalidTenant, lockLiveTenantRow, toTenant } from '../tenants/index.js';
import type { ManualPaymentInput, OperatorDeps } from './operations.js';
import { extendTenantPaidUntil } from './operations.repository.js';
import { type OperatorActor, recordOperatorAction } from './operator-audit.js';

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
 * ended) and records the manual payment, which shows in the revenue figures.
 *
 * SEAM(billing-core): the payment is kept in the operator audit (`tenant.extended`,
 * amount and currency in its details) until billing-core's payments domain lands; then
 * this records a manual payment there in the same transaction.
 *
 * @throws AppError `INVALID_SLUG`; `VALIDATION` naming each bad field; `NOT_FOUND`;
 * `TENANT_DELETED`.
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
    return toTenant(await extendTenantPaidUntil(trx, row.id, payment.periodDays, now));
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
