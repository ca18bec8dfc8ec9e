import { type Database, tenantDb } from '../db/index.js';
import { type Tenant, toTenant } from '../tenants/index.js';
import { mapLiveTenantSchemas } from './live-tenant-schemas.js';
import type { OperatorTenantFilter, TenantPage } from './operations.js';
import {
  businessNameContains,
  searchTenantRows,
  type TenantRowFilter,
} from './operations.repository.js';

const DAY_MS = 86_400_000;
/** Tenant rows read per round trip by {@link findTenantsForOperator}. */
const PAGE_SIZE = 500;
/** Tenant schemas asked at once for their business name. */
const NAME_SEARCH_CONCURRENCY = 8;
/** "Expires soon" means within this many days. */
export const EXPIRING_SOON_DAYS = 7;

/**
 * A page of tenants for the operator, ordered by id: searched by part of the slug, bot
 * username or business name (case-insensitive) or by owner id, filtered by status and by
 * a paid period ending within {@link EXPIRING_SOON_DAYS} days. A page past the last one
 * is empty. The business name lives in each tenant's settings, in its own schema: a
 * search asks every live tenant, one small query each.
 */
export async function listTenantsForOperator(
  db: Database,
  filter: OperatorTenantFilter,
  paging: { page?: number; pageSize?: number } = {},
  now: Date = new Date(),
): Promise<TenantPage> {
  const pageSize = Math.min(Math.max(Math.trunc(paging.pageSize ?? 20), 1), 100);
  const page = Math.max(Math.trunc(paging.page ?? 1), 1);
  const { rows, total } = await searchTenantRows(db, await rowFilter(db, filter, now), {
    offset: (page - 1) * pageSize,
    limit: pageSize,
  });
  return {
    tenants: rows.map(toTenant),
    page,
    pageSize,
    total,
    pages: Math.max(Math.ceil(total / pageSize), 1),
  };
}

/**
 * Every tenant that {@link listTenantsForOperator} finds with `filter`, ordered by id (for
 * a message to all of them; the business names are asked once, not per page).
 */
export async function findTenantsForOperator(
  db: Database,
  filter: OperatorTenantFilter,
  now: Date = new Date(),
): Promise<Tenant[]> {
  const rowsFilter = await rowFilter(db, filter, now);
  const tenants: Tenant[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const { rows } = await searchTenantRows(db, rowsFilter, { offset, limit: PAGE_SIZE });
    tenants.push(...rows.map(toTenant));
    if (rows.length < PAGE_SIZE) {
      return tenants;
    }
  }
}

async function rowFilter(
  db: Database,
  filter: OperatorTenantFilter,
  now: Date,
): Promise<TenantRowFilter> {
  const search = filter.search?.trim();
  return {
    search,
    alsoMatchingIds: search ? await findTenantIdsByBusinessName(db, search) : [],
    statuses: filter.statuses,
    paidUntilBefore: filter.expiringSoon
      ? new Date(now.getTime() + EXPIRING_SOON_DAYS * DAY_MS)
      : undefined,
    now,
  };
}

/** Ids of live tenants whose business name contains `text`. */
async function findTenantIdsByBusinessName(db: Database, text: string): Promise<number[]> {
  const matches = await mapLiveTenantSchemas(
    db,
    async ({ id, schemaName }) =>
      (await businessNameContains(tenantDb(db, schemaName), text)) ? id : undefined,
    NAME_SEARCH_CONCURRENCY,
  );
  return matches.filter((id): id is number => id !== undefined);
}
