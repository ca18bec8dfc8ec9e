/** Kysely's raw SQL tag, re-exported so that callers need no direct kysely dependency. */
export { sql } from 'kysely';
export {
  type AdoptCitusResult,
  adoptCitus,
  distributeSchema,
  isCitus,
  oneStatementAtATime,
  setSchemaDistribution,
} from './citus.js';
export {
  createDb,
  type Database,
  type DbOptions,
  type DbTimeouts,
  inTransaction,
  PREPARED_STATEMENT_MARKER,
  type TenantExecutor,
  tenantDb,
  tenantRouting,
} from './db.js';
export type { Migration } from './migrations/migration.js';
export { PLATFORM_MIGRATIONS } from './migrations/platform/index.js';
export { TENANT_MIGRATIONS, type TenantMigration } from './migrations/tenant/index.js';
export {
  LATEST_TENANT_VERSION,
  type MigrateTenantsOptions,
  type MigrateTenantsResult,
  type MigrationProgress,
  migratePlatform,
  migrateTenantSchema,
  migrateTenantSchemaInTransaction,
  migrateTenants,
  type TenantMigrationFailure,
  type TenantSchemaRef,
} from './migrator.js';
export type {
  BotStatus,
  OperatorAuditTable,
  PlatformDatabase,
  SpareSchemasTable,
  TenantStatus,
  TenantsTable,
} from './platform-database.js';
export { QueryTemplate } from './query-template.js';
export {
  claimSpareSchema,
  createSpareSchema,
  type FillSpareSchemasResult,
  fillSpareSchemas,
} from './spare-schemas.js';
export { splitSqlStatements } from './sql-statements.js';
export type { AuditLogTable, TenantDatabase } from './tenant-database.js';
