import { type Compilable, CompiledQuery } from 'kysely';
import { BoundedMemo } from '../memo/index.js';
import { PREPARED_STATEMENT_MARKER, type TenantExecutor } from './db.js';

const PARAMETER = Symbol('parameter');

interface ParameterMarker {
  readonly [PARAMETER]: string;
}

function isMarker(value: unknown): value is ParameterMarker {
  return typeof value === 'object' && value !== null && PARAMETER in value;
}

/**
 * A query of the hot path compiled once per shape and tenant schema, then executed
 * with fresh parameter values. Compiling a large Kysely query (the builder tree, the
 * schema plugin) costs several times more CPU than executing it, and a booking runs
 * the same few statements again and again.
 *
 * `build` receives the shape (what changes the SQL text: optional filters, "any"
 * specialist) and a stand-in for every value: each value it reads becomes a
 * placeholder that is filled in at execution. So `build` must use values only as
 * query parameters, never to decide the structure; that is what the shape is for.
 *
 * Constants written in the builder (`status <> 'cancelled'`, a limit) are inlined as
 * SQL literals rather than sent as parameters. The statement runs as a named prepared
 * statement with a generic plan, and a generic plan can only use a partial index
 * (`WHERE status <> 'cancelled'`, the exclusion constraints') when the condition's
 * constant is in the text: as a parameter, the planner falls back to scanning the table.
 */
export class QueryTemplate<Shape, Values extends object, Row> {
  /** Per shape and schema: the SQL and the value name of each placeholder, in order. */
  private readonly compiled: BoundedMemo<string, { sql: string; names: string[] }>;

  constructor(
    private readonly build: (db: TenantExecutor, shape: Shape, values: Values) => Compilable<Row>,
    limit = 10_000,
  ) {
    this.compiled = new BoundedMemo(limit);
  }

  /** Runs the query for `shape` with `values` on `db` (which may be a transaction). */
  async execute(db: TenantExecutor, shape: Shape, values: Values): Promise<Row[]> {
    const key = `${schemaOf(db)}|${JSON.stringify(shape)}`;
    const entry = this.compiled.get(key, () => {
      const markers = new Proxy({} as Values, {
        get: (_, name) => ({ [PARAMETER]: String(name) }) satisfies ParameterMarker,
      });
      const query = this.build(db, shape, markers).compile();
      const names: string[] = [];
      const text = renumberPlaceholders(query.sql, (index) => {
        const parameter = query.parameters[index - 1];
        if (isMarker(parameter)) {
          names.push(parameter[PARAMETER]);
          return `$${names.length}`;
        }
        return sqlLiteral(parameter);
      });
      return { sql: `${PREPARED_STATEMENT_MARKER} ${text}`, names };
    });
    const parameters = entry.names.map((name) => (values as Record<string, unknown>)[name]);
    const result = await db.executeQuery<Row>(CompiledQuery.raw(entry.sql, parameters));
    return result.rows;
  }
}

// The schema is part of the SQL text: a tiny compile reveals it for an executor, once
// per executor object (a transaction's executor is new each time and compiles again).
const schemas = new WeakMap<TenantExecutor, string>();

function schemaOf(db: TenantExecutor): string {
  let probe = schemas.get(db);
  if (probe === undefined) {
    probe = db.selectFrom('settings').select('id').compile().sql;
    schemas.set(db, probe);
  }
  return probe;
}

/**
 * Rewrites each `$n` placeholder of Kysely's SQL with `replace(n)`, leaving quoted
 * literals and identifiers alone.
 */
function renumberPlaceholders(text: string, replace: (index: number) => string): string {
  return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (match, index?: string) =>
    index === undefined ? match : replace(Number(index)),
  );
}

/** A constant of the builder as an SQL literal. */
function sqlLiteral(value: unknown): string {
  if (typeof value === 'string') {
    // standard_conforming_strings is on (the default since PostgreSQL 9.1).
    return `'${value.replaceAll("'", "''")}'`;
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
    return String(value);
  }
  throw new Error(
    `A query template constant must be a string, a finite number or a boolean; got ${String(value)}. Pass it as a value instead.`,
  );
}
