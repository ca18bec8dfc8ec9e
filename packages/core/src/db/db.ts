import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { BoundedMemo } from '../memo/index.js';
import type { PlatformDatabase } from './platform-database.js';
import type { TenantDatabase } from './tenant-database.js';

// int8 (bigint) comes back from pg as a string by default. Telegram ids and our
// identity columns stay far below 2^53, so numbers are safe and far easier to use.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
// `date` columns are calendar days, not instants: keep them as 'YYYY-MM-DD' strings
// instead of letting pg turn them into midnight in the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/**
 * Leads SQL that should run as a named (protocol-level) prepared statement: its text is
 * stable per query shape and schema, so Postgres parses and plans it once per
 * connection instead of on every call. pgbouncer supports such statements in
 * transaction mode since 1.21 (`max_prepared_statements`).
 */
export const PREPARED_STATEMENT_MARKER = '/* prepared */';

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
  pool.on('connect', prepareMarkedStatements);
  return new Kysely<PlatformDatabase>({ dialect: new PostgresDialect({ pool }) });
}

type QueryFn = (text: unknown, values?: unknown, callback?: unknown) => unknown;

/** Marked statement texts whose hash a connection keeps. */
const STATEMENTS_LIMIT = 1_000;

/** Postgres refuses a prepared statement whose result columns changed since it was planned. */
function isStalePlan(error: unknown): boolean {
  return (
    (error as { code?: string }).code === '0A000' &&
    /cached plan must not change result type/.test(String(error))
  );
}

/**
 * Makes a pooled client run SQL that starts with {@link PREPARED_STATEMENT_MARKER} as a
 * named prepared statement. The name is a hash of the text, so one name never stands
 * for two texts; pg remembers per connection which names it has prepared. When a
 * migration changed the columns a statement returns, Postgres refuses the old plan:
 * the statement is prepared again under a new name and the call retried once.
 */
function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFn;
  const generations = new Map<string, number>();
  // The texts are a few large statements run again and again: hash each once.
  const hashes = new BoundedMemo<string, string>(STATEMENTS_LIMIT);
  (client as unknown as { query: QueryFn }).query = (text, values, callback) => {
    if (
      typeof text !== 'string' ||
      !text.startsWith(PREPARED_STATEMENT_MARKER) ||
      callback !== undefined
    ) {
      return query(text, values, callback);
    }
    const hash = hashes.get(text, () => createHash('sha1').update(text).digest('hex').slice(0, 24));
    const named = () =>
      query({ name: `p_${hash}_${generations.get(hash) ?? 0}`, text, values }) as Promise<unknown>;
    return named().catch((error: unknown) => {
      if (!isStalePlan(error)) {
        throw error;
      }
      generations.set(hash, (generations.get(hash) ?? 0) + 1);
      return named();
    });
  };
}

/** Tenant executors kept per pool: far more than one process serves. */
const TENANT_EXECUTORS_LIMIT = 10_000;
const tenantExecutors = new WeakMap<Database, BoundedMemo<string, TenantExecutor>>();

/**
 * Returns an executor whose queries all run in `schema` (the tenant's `tenant_<slug>`).
 * Transactions opened on it keep the schema. Raw `sql` fragments are not rewritten:
 * qualify table names in them explicitly.
 *
 * @param schema a validated tenant schema name; see `tenantSchemaName`.
 */
export function tenantDb(db: Database, schema: string): TenantExecutor {
  // Executors are immutable: one per pool and schema serves every caller (workers ask
  // for one per job), and keeps what is cached per executor (compiled statements' schema).
  let bySchema = tenantExecutors.get(db);
  if (bySchema === undefined) {
    bySchema = new BoundedMemo(TENANT_EXECUTORS_LIMIT);
    tenantExecutors.set(db, bySchema);
  }
  return bySchema.get(schema, () => (db as unknown as Kysely<TenantDatabase>).withSchema(schema));
}
