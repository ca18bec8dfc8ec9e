import type { Transaction } from 'kysely';
import type { PlatformDatabase } from '../db/index.js';
import type { Tenant, TenantStatus } from './tenant.js';
import { lockTenantRowById, updateTenantBilling } from './tenant.repository.js';
import { toTenant } from './tenant.service.js';

/** What {@link setTenantPaidPeriodInTransaction} records. */
export interface TenantPaidPeriod {
  paidUntil: Date;
  /** Plan code, or `trial`. */
  plan: string;
  /**
   * `active` resumes a suspended tenant (a payment came), `suspended` stops it (the
   * period ended); absent keeps the status.
   */
  status?: 'active' | 'suspended';
}

/**
 * Records a tenant's paid period (and plan, and status) inside the caller's transaction,
 * so billing changes the subscription and the tenant atomically: billing's one way to
 * suspend or resume a tenant. The tenant row is locked until the transaction ends. A
 * deleted or unknown tenant is left alone.
 *
 * @returns the tenant as it now is and the status it had before, or `undefined` when
 * it is deleted or unknown.
 */
export async function setTenantPaidPeriodInTransaction(
  trx: Transaction<PlatformDatabase>,
  tenantId: number,
  period: TenantPaidPeriod,
): Promise<{ tenant: Tenant; previousStatus: TenantStatus } | undefined> {
  const row = await lockTenantRowById(trx, tenantId);
  if (!row || row.status === 'deleted') {
    return undefined;
  }
  const updated = await updateTenantBilling(trx, row.id, {
    paid_until: period.paidUntil,
    plan: period.plan,
    status: period.status ?? row.status,
  });
  return { tenant: toTenant(updated), previousStatus: row.status };
}
