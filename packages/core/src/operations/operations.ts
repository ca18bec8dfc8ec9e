import type { Tenant, TenantDeps, TenantStatus } from '../tenants/index.js';

/** What the operator operations need. */
export interface OperatorDeps extends TenantDeps {
  /** Namespace of the shared job queues: deleting a tenant removes its pending jobs. */
  queueNamespace?: string;
  /** The clock; tests pass their own. */
  now?: () => Date;
}

/** Filter of the operator's tenant list. */
export interface OperatorTenantFilter {
  /**
   * Part of the slug, bot username or business name (case-insensitive), or an owner's
   * Telegram id.
   */
  search?: string;
  statuses?: readonly TenantStatus[];
  /** Only tenants whose paid period ends within the next 7 days. */
  expiringSoon?: boolean;
}

/** A page of the operator's tenant list (pages count from 1). */
export interface TenantPage {
  tenants: Tenant[];
  page: number;
  pageSize: number;
  total: number;
  pages: number;
}

/** Which process serves a tenant. */
export type ServingProcess =
  | { kind: 'pinned' }
  | { kind: 'fleet'; instances: string[] }
  | { kind: 'none' };

/** Everything the operator's tenant card shows. */
export interface TenantCard {
  tenant: Tenant;
  bookingsLast30Days: number;
  lastCustomerActivity: Date | null;
  servedBy: ServingProcess;
}

/** A manual payment that extends a tenant's paid period. */
export interface ManualPaymentInput {
  /** In minor units (kopecks, cents), positive. */
  amountMinor: number;
  /** ISO 4217, default RUB. */
  currency?: string;
  /** Days added to `paid_until` (from today when it is past), 1 to 3660. */
  periodDays: number;
  comment?: string;
}

/** Platform figures for the operator. */
export interface PlatformStats {
  tenantsByStatus: Record<TenantStatus, number>;
  /** Last 12 months, oldest first. */
  tenantsPerMonth: Array<{ month: string; created: number; churned: number }>;
  revenuePerMonth: Array<{ month: string; currency: string; amountMinor: number }>;
  /** Last 14 UTC days, oldest first, every day listed. */
  bookingsPerDay: Array<{ day: string; count: number }>;
  trialConversion: { converted: number; trialing: number; rate: number | null };
}
