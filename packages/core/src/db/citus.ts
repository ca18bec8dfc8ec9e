import {
  type CompiledQuery,
  type Kysely,
  type QueryExecutor,
  type QueryExecutorProvider,
  sql,
} from 'kysely';
import { splitSqlStatements } from './sql-statements.js';

/**
 * Whether the database runs Citus (its extension is installed). Plain Postgres answers
 * false and every Citus-specific step below is skipped.
 */
export async function isCitus(db: QueryExecutorProvider): Promise<boolean> {
  const { rows } = await sql<{ citus: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS citus
  `.execute(db);
  return rows[0]?.citus === true;
}

/**
 * Sets, for the rest of the caller's transaction, whether a `CREATE SCHEMA` makes a
 * distributed schema. The platform schema must stay a plain schema of the coordinator
 * (it is joined with everything and holds the global locks); tenant and spare schemas
 * are distributed, each one a unit Citus places on one worker. No-op without Citus.
 */
export async function setSchemaDistribution(
  trx: QueryExecutorProvider,
  distributed: boolean,
): Promise<void> {
  if (!(await isCitus(trx))) {
    return;
  }
  await sql`SELECT set_config('citus.enable_schema_based_sharding', ${distributed ? 'on' : 'off'}, true)`.execute(
    trx,
  );
}

/**
 * Turns an existing schema into a distributed one (`citus_schema_distribute`), unless it
 * already is. Used when Citus is adopted by a deployment whose tenant schemas were
 * created on plain Postgres.
 *
 * @returns true when this call distributed it.
 */
export async function distributeSchema(
  db: QueryExecutorProvider,
  schema: string,
): Promise<boolean> {
  const { rows } = await sql<{ distributed: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM pg_dist_schema WHERE schemaid = to_regnamespace(${schema})
    ) AS distributed
  `.execute(db);
  if (rows[0]?.distributed) {
    return false;
  }
  await sql`SELECT citus_schema_distribute(${schema}::regnamespace)`.execute(db);
  return true;
}

/**
 * Wraps a Kysely handle (usually a migration's transaction) so that raw SQL holding
 * several statements is sent one statement at a time. Citus relays DDL to its workers
 * as one prepared statement, and Postgres refuses a prepared statement of several
 * commands; plain Postgres runs the pieces the same as the whole. Queries with
 * parameters are single statements already and pass through untouched, as do the
 * query builders (they hold one statement each).
 */
export function oneStatementAtATime<DB>(db: Kysely<DB>): Kysely<DB> {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'getExecutor') {
        return () => splittingExecutor(target.getExecutor());
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function splittingExecutor(executor: QueryExecutor): QueryExecutor {
  return new Proxy(executor, {
    get(target, property) {
      if (property === 'executeQuery') {
        return async (compiled: CompiledQuery, ...rest: unknown[]) => {
          const statements =
            compiled.parameters.length === 0 ? splitSqlStatements(compiled.sql) : [compiled.sql];
          if (statements.length <= 1) {
            // biome-ignore lint/suspicious/noExplicitAny: passes Kysely's own arguments on.
            return (target.executeQuery as any)(compiled, ...rest);
          }
          let result: unknown;
          for (const statement of statements) {
            // biome-ignore lint/suspicious/noExplicitAny: passes Kysely's own arguments on.
            result = await (target.executeQuery as any)({ ...compiled, sql: statement }, ...rest);
          }
          return result;
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Outcome of {@link adoptCitus}. */
export interface AdoptCitusResult {
  /** Tenant and spare schemas this call distributed. */
  distributed: number;
  /** Tenant and spare schemas that already were distributed. */
  alreadyDistributed: number;
  /** Whether `platform` had been distributed and was turned back into a plain schema. */
  platformUndistributed: boolean;
}

/**
 * Adopts Citus on a database whose tenant schemas were created on plain Postgres: turns
 * `platform` back into a plain coordinator schema if something distributed it, then
 * distributes every live tenant schema and every spare schema
 * (`citus_schema_distribute`), one at a time, reporting after each. Safe to run again:
 * schemas already distributed are skipped. Run `pnpm migrate` first.
 *
 * @throws Error when the database has no Citus extension.
 */
export async function adoptCitus(
  db: QueryExecutorProvider,
  onProgress?: (done: number, total: number) => void,
): Promise<AdoptCitusResult> {
  if (!(await isCitus(db))) {
    throw new Error(
      'Citus is not installed in this database: CREATE EXTENSION citus and add the workers first (docs/scaling.md)',
    );
  }
  const platform = await sql<{ distributed: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM pg_dist_schema WHERE schemaid = to_regnamespace('platform')
    ) AS distributed
  `.execute(db);
  const platformUndistributed = platform.rows[0]?.distributed === true;
  if (platformUndistributed) {
    await sql`SELECT citus_schema_undistribute('platform'::regnamespace)`.execute(db);
  }
  const { rows } = await sql<{ schema_name: string }>`
    SELECT schema_name FROM platform.tenants
    WHERE status <> 'deleted' AND to_regnamespace(schema_name) IS NOT NULL
    UNION ALL
    SELECT schema_name FROM platform.spare_schemas
    WHERE to_regnamespace(schema_name) IS NOT NULL
    ORDER BY schema_name
  `.execute(db);
  const result: AdoptCitusResult = { distributed: 0, alreadyDistributed: 0, platformUndistributed };
  for (const [index, { schema_name }] of rows.entries()) {
    if (await distributeSchema(db, schema_name)) {
      result.distributed += 1;
    } else {
      result.alreadyDistributed += 1;
    }
    onProgress?.(index + 1, rows.length);
  }
  return result;
}
