import type { ColumnType, Generated } from 'kysely';

/** `audit_log` of a tenant: who did what to which object. */
export interface AuditLogTable {
  id: Generated<number>;
  actor: string;
  action: string;
  target: string | null;
  details: ColumnType<Record<string, unknown>, Record<string, unknown> | string | undefined, never>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/**
 * Tables of one tenant schema. Queries reach them through a `TenantExecutor`, which
 * qualifies every table with the tenant's schema.
 */
export interface TenantDatabase {
  audit_log: AuditLogTable;
}
