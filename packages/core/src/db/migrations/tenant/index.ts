import type { Migration } from '../migration.js';
import { migration as auditLog } from './0001-audit-log.js';
import { migration as booking } from './0002-booking.js';
import { migration as clientBookingVersion } from './0003-client-booking-version.js';
import { migration as clientLocaleChosen } from './0004-client-locale-chosen.js';
import { migration as deliveries } from './0005-deliveries.js';
import { migration as clientsWithoutTelegram } from './0006-clients-without-telegram.js';

/**
 * The tenant migration set, in order. Append only: a tenant's `schema_version` is the
 * number of these it has applied. Each runs after `SET LOCAL search_path TO <tenant
 * schema>, public`, so its DDL uses unqualified names.
 */
export const TENANT_MIGRATIONS: readonly Migration[] = [
  auditLog,
  booking,
  clientBookingVersion,
  clientLocaleChosen,
  deliveries,
  clientsWithoutTelegram,
];

/** Alias kept for readability at call sites that deal only with tenants. */
export type TenantMigration = Migration;
