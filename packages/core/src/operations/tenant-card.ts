import type { Redis } from 'ioredis';
import { type Database, tenantDb } from '../db/index.js';
import { getTenant, readFleetHeartbeats, type Tenant } from '../tenants/index.js';
import type { ServingProcess, TenantCard } from './operations.js';
import { readTenantActivity } from './operations.repository.js';

const DAY_MS = 86_400_000;

/**
 * The operator's card of a tenant: its row, bookings made in the last 30 days, the last
 * customer activity (newest booking or client change), and which process serves it.
 *
 * @throws AppError `INVALID_SLUG`, `NOT_FOUND`.
 */
export async function getTenantCard(
  deps: { db: Database; redis: Redis },
  slug: string,
  now: Date = new Date(),
): Promise<TenantCard> {
  const tenant = await getTenant(deps.db, slug);
  const activity =
    tenant.status === 'deleted'
      ? { bookingsSince: 0, lastCustomerActivity: null }
      : await readTenantActivity(
          tenantDb(deps.db, tenant.schema),
          new Date(now.getTime() - 30 * DAY_MS),
        );
  return {
    tenant,
    bookingsLast30Days: activity.bookingsSince,
    lastCustomerActivity: activity.lastCustomerActivity,
    servedBy: await servingProcess(deps.redis, tenant),
  };
}

async function servingProcess(redis: Redis, tenant: Tenant): Promise<ServingProcess> {
  if (tenant.status === 'deleted') {
    return { kind: 'none' };
  }
  if (tenant.pinned) {
    return { kind: 'pinned' };
  }
  const instances = (await readFleetHeartbeats(redis)).live
    .filter((heartbeat) => heartbeat.tenants.includes(tenant.slug))
    .map((heartbeat) => heartbeat.instance)
    .sort();
  return instances.length > 0 ? { kind: 'fleet', instances } : { kind: 'none' };
}
