import { createHash } from 'node:crypto';
import { type Driver, Kysely, PostgresDialect, PostgresDriver } from 'kysely';
import pg from 'pg';
import { BoundedMemo } from '../memo/index.js';
import { NodeRouter } from './node-routing.js';
import type { PlatformDatabase } from './platform-database.js';
import type { TenantDatabase } from './tenant-database.js';

// int8 (bigint) comes back from pg as a string by default. Telegram ids and our
// identity columns stay below 2^53 (on Citus a node numbers from group × 2^48, and
// tenants are routed only to groups below 32), so numbers are safe and far easier to use.
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

/**
 * Runs `work` in a transaction: the caller's when `db` already is one (Kysely cannot
 * nest them), a new one otherwise. Lets a service that needs atomicity also serve as a
 * step of a larger change, such as a console edit together with its audit row.
 */
export async function inTransaction<T>(
  db: TenantExecutor,
  work: (trx: TenantExecutor) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Options of {@link createDb}. */
export interface DbOptions {
  /** `postgres://user@host:port/database`. */
  connectionString: string;
  /** Largest number of pooled connections. Default 10. */
  maxConnections?: number;
  /** Name shown in `pg_stat_activity`, useful when several processes share a server. */
  applicationName?: string;
  /**
   * Server-side limits of every pooled connection, in milliseconds; absent or 0 means
   * none (the operator scripts run long migrations). Behind pgbouncer, which refuses
   * startup parameters, set them on the role instead (`ALTER ROLE ... SET`).
   */
  timeouts?: DbTimeouts;
  /**
   * Told when the server ends a pooled connection, such as on a restart. The pool drops
   * that connection and opens a new one when needed; a statement that was under way on
   * it fails, and its caller sees the error too.
   */
  onConnectionError?: (error: Error) => void;
  /**
   * On a Citus coordinator with workers, send each tenant's statements straight to the
   * worker that holds its schema (see {@link NodeRouter}). Default true; turn it off
   * when the workers are not reachable from here with the coordinator's user and
   * password, or when a pgbouncer in front of the coordinator must pool every
   * connection. Without Citus it changes nothing.
   */
  nodeRouting?: boolean;
}

/** Limits a pool sets on its connections; see {@link DbOptions.timeouts}. */
export interface DbTimeouts {
  /** Longest a statement may run (`statement_timeout`). */
  statementMs?: number;
  /** Longest a statement may wait for a lock (`lock_timeout`). */
  lockMs?: number;
  /** Longest a transaction may sit idle (`idle_in_transaction_session_timeout`). */
  idleInTransactionMs?: number;
  /** Longest a caller waits for a connection, pooled or new (`connectionTimeoutMillis`). */
  connectMs?: number;
}

/**
 * Creates the Kysely instance over a pg pool. One pool serves the platform and every
 * tenant (on a Citus coordinator, plus one pool per worker for the tenants it holds:
 * {@link NodeRouter}): tenant queries are schema-qualified ({@link tenantDb}), never
 * routed with a session-level `search_path`, so the pool may sit behind pgbouncer in
 * transaction mode.
 * The pool survives a restarted server: a connection it terminated is dropped, the
 * next query opens a new one, and a query that was under way fails (the caller's error
 * boundary answers). Call `destroy()` on shutdown to close the pool.
 */
export function createDb(options: DbOptions): Database {
  const pool = createPool(options, options.connectionString);
  const router = nodeRouterOf(options, pool);
  const db = new Kysely<PlatformDatabase>({ dialect: new CoordinatorDialect(pool, router) });
  if (router !== undefined) {
    routers.set(db, router);
    // Finds out now whether this is Citus, so that tenant executors asked for later
    // are routed from the start.
    router.routes();
  }
  return db;
}

/**
 * Resolves once it is known whether `db` sends tenant queries straight to Citus nodes
 * (see {@link NodeRouter}): true on a Citus coordinator with workers. Executors that
 * {@link tenantDb} gave out before then go through the coordinator, correctly.
 */
export function tenantRouting(db: Database): Promise<boolean> {
  return routers.get(db)?.detected() ?? Promise.resolve(false);
}

/** Postgres through one pool, whose `destroy()` also ends the pools of the router's nodes. */
class CoordinatorDialect extends PostgresDialect {
  constructor(
    private readonly pool: pg.Pool,
    private readonly router: NodeRouter | undefined,
  ) {
    super({ pool });
  }

  override createDriver(): Driver {
    const router = this.router;
    return new (class extends PostgresDriver {
      override async destroy(): Promise<void> {
        await router?.close();
        await super.destroy();
      }
    })({ pool: this.pool });
  }
}

/** The pg pool of one server with the options of {@link createDb}. */
function createPool(options: DbOptions, connectionString: string): pg.Pool {
  const timeouts = options.timeouts ?? {};
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'booking',
    // pg leaves a limit of 0 unset, which is what "none" means here.
    statement_timeout: timeouts.statementMs ?? 0,
    lock_timeout: timeouts.lockMs ?? 0,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs ?? 0,
    connectionTimeoutMillis: timeouts.connectMs ?? 0,
    // A peer that vanished without closing (a failed-over host) is noticed by TCP.
    keepAlive: true,
  });
  // A connection the server terminated (a restart, a failover, pg_terminate_backend)
  // emits 'error', idle or not; without a listener that is an uncaught exception and
  // the process exits. Each connection gets one for its whole life; the pool drops the
  // connection itself (the pool's own event repeats the idle ones: already reported).
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onConnectionError?.(error));
    prepareMarkedStatements(client);
  });
  return pool;
}

/**
 * The router of tenant queries to Citus nodes (see {@link NodeRouter}): a node is
 * reached with the coordinator's URL, its host and port changed to the node's, so
 * the same user, password and database name must work there (they do on Citus, where
 * the coordinator itself connects to the nodes so). None for a connection string that
 * is not a URL.
 */
function nodeRouterOf(options: DbOptions, coordinator: pg.Pool): NodeRouter | undefined {
  if (options.nodeRouting === false || !URL.canParse(options.connectionString)) {
    return undefined;
  }
  return new NodeRouter(coordinator, (host, port) => {
    const url = new URL(options.connectionString);
    url.hostname = host;
    url.port = String(port);
    return createPool(options, url.toString());
  });
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
const routers = new WeakMap<Database, NodeRouter>();

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
  // On Citus, once known to be Citus, straight to the node of the schema.
  const router = routers.get(db);
  if (router?.routes()) {
    return bySchema.get(`node:${schema}`, () => router.executor(schema));
  }
  return bySchema.get(schema, () => (db as unknown as Kysely<TenantDatabase>).withSchema(schema));
}
