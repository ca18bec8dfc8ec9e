import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { PlatformDatabase } from './platform-database.js';
import type { TenantDatabase } from './tenant-database.js';

// int8 (bigint) comes back from pg as a string by default. Telegram ids and our
// identity columns stay far below 2^53, so numbers are safe and far easier to use.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
// `date` columns are calendar days, not instants: keep them as 'YYYY-MM-DD' strings
// instead of letting pg turn them into midnight in the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** The platform-wide database handle. Tenant tables are reached through {@link tenantDb}. */
export type Database = Kysely<PlatformDatabase>;

/** A handle scoped to one tenant schema: every query it builds is qualified with that schema. */
export type TenantExecutor = Kysely<TenantDatabase>;

/** Options of {@link createDb}. */
export interface DbOptions {
  /** `postgres://user@host:port/database`. */
  connectionString: string;
  /** Largest number of pooled connections. Default 10. */
  maxConnections?: number;
  /** Name shown in `pg_stat_activity`, useful when several processes share a server. */
  applicationName?: string;
}

/**
 * Creates the Kysely instance over a pg pool. One pool serves the platform and every
 * tenant: tenant queries are schema-qualified ({@link tenantDb}), never routed with a
 * session-level `search_path`, so the pool may sit behind pgbouncer in transaction mode.
 * Call `destroy()` on shutdown to close the pool.
 */
export function createDb(options: DbOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'booking',
  });
  return new Kysely<PlatformDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Returns an executor whose queries all run in `schema` (the tenant's `tenant_<slug>`).
 * Transactions opened on it keep the schema. Raw `sql` fragments are not rewritten:
 * qualify table names in them explicitly.
 *
 * @param schema a validated tenant schema name; see `tenantSchemaName`.
 */
export function tenantDb(db: Database, schema: string): TenantExecutor {
  return (db as unknown as Kysely<TenantDatabase>).withSchema(schema);
}
