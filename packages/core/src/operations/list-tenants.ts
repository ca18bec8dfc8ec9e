import type { Database } from '../db/index.js';
import { toTenant } from '../tenants/index.js';
import type { OperatorTenantFilter, TenantPage } from './operations.js';
import { searchTenantRows } from './operations.repository.js';

const DAY_MS = 86_400_000;
/** "Expires soon" means within this many days. */
export const EXPIRING_SOON_DAYS = 7;

/**
 * A page of tenants for the operator, ordered by id: searched by slug, bot username or
 * owner id, filtered by status and by a paid period ending within
 * {@link EXPIRING_SOON_DAYS} days. A page past the last one is empty.
 */
export async function listTenantsForOperator(
  db: Database,
  filter: OperatorTenantFilter,
  paging: { page?: number; pageSize?: number } = {},
  now: Date = new Date(),
): Promise<TenantPage> {
  const pageSize = Math.min(Math.max(Math.trunc(paging.pageSize ?? 20), 1), 100);
  const page = Math.max(Math.trunc(paging.page ?? 1), 1);
  const { rows, total } = await searchTenantRows(
    db,
    {
      search: filter.search,
      statuses: filter.statuses,
      paidUntilBefore: filter.expiringSoon
        ? new Date(now.getTime() + EXPIRING_SOON_DAYS * DAY_MS)
        : undefined,
      now,
    },
    { offset: (page - 1) * pageSize, limit: pageSize },
  );
  return {
    tenants: rows.map(toTenant),
    page,
    pageSize,
    total,
    pages: Math.max(Math.ceil(total / pageSize), 1),
  };
}
