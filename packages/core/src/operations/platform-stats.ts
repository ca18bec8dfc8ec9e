import { type Database, tenantDb } from '../db/index.js';
import type { TenantStatus } from '../tenants/index.js';
import { mapLiveTenantSchemas } from './live-tenant-schemas.js';
import type { PlatformStats } from './operations.js';
import {
  countConvertedTrials,
  countTenantBookingsPerDay,
  countTenantsByStatus,
  countTenantsPerMonth,
  countTrialAndPaid,
  sumRevenuePerMonth,
} from './operations.repository.js';

const DAY_MS = 86_400_000;
const BOOKING_DAYS = 14;

/**
 * The platform's figures: tenants by status, created and churned (deleted) per month over
 * the last 12 months, revenue per month, bookings made per UTC day over the last 14
 * days across every live tenant (one query per tenant schema: no query spans two), and
 * trial conversion (tenants moved off the trial plan, against them plus those still on it).
 */
export async function getPlatformStats(
  db: Database,
  now: Date = new Date(),
): Promise<PlatformStats> {
  const yearAgo = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth() + 1, 1));
  const bookingsSince = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) -
      (BOOKING_DAYS - 1) * DAY_MS,
  );
  const tenantsByStatus: Record<TenantStatus, number> = { active: 0, suspended: 0, deleted: 0 };
  for (const { status, count } of await countTenantsByStatus(db)) {
    tenantsByStatus[status] = count;
  }
  const perDay = new Map<string, number>();
  for (let day = 0; day < BOOKING_DAYS; day++) {
    perDay.set(new Date(bookingsSince.getTime() + day * DAY_MS).toISOString().slice(0, 10), 0);
  }
  const perTenant = await mapLiveTenantSchemas(db, ({ schemaName }) =>
    countTenantBookingsPerDay(tenantDb(db, schemaName), bookingsSince),
  );
  for (const { day, count } of perTenant.flat()) {
    // Only the days of the window: a booking stamped later than `now` stays out.
    const sum = perDay.get(day);
    if (sum !== undefined) {
      perDay.set(day, sum + count);
    }
  }
  const { trial } = await countTrialAndPaid(db);
  const converted = await countConvertedTrials(db);
  return {
    tenantsByStatus,
    tenantsPerMonth: await countTenantsPerMonth(db, yearAgo),
    revenuePerMonth: await sumRevenuePerMonth(db, yearAgo),
    bookingsPerDay: [...perDay].map(([day, count]) => ({ day, count })),
    trialConversion: {
      converted,
      trialing: trial,
      rate: converted + trial === 0 ? null : converted / (converted + trial),
    },
  };
}
