import { type Compilable, CompiledQuery } from 'kysely';
import { PREPARED_STATEMENT_MARKER, type TenantExecutor } from '../db/index.js';

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
 */
export class QueryTemplate<Shape, Values extends object, Row> {
  private readonly compiled = new Map<
    string,
    { sql: string; parameters: Array<{ name: string } | { constant: unknown }> }
  >();

  constructor(
    private readonly build: (db: TenantExecutor, shape: Shape, values: Values) => Compilable<Row>,
    private readonly limit = 10_000,
  ) {}

  /** Runs the query for `shape` with `values` on `db` (which may be a transaction). */
  async execute(db: TenantExecutor, shape: Shape, values: Values): Promise<Row[]> {
    // The schema is part of the SQL text: a tiny compile reveals it for this executor.
    const schemaProbe = db.selectFrom('settings').select('id').compile().sql;
    const key = `${schemaProbe}|${JSON.stringify(shape)}`;
    let entry = this.compiled.get(key);
    if (entry === undefined) {
      const markers = new Proxy({} as Values, {
        get: (_, name) => ({ [PARAMETER]: String(name) }) satisfies ParameterMarker,
      });
      const query = this.build(db, shape, markers).compile();
      entry = {
        sql: `${PREPARED_STATEMENT_MARKER} ${query.sql}`,
        // Literals written in the builder (a status, a limit) are constants of the shape.
        parameters: query.parameters.map((parameter) =>
          isMarker(parameter) ? { name: parameter[PARAMETER] } : { constant: parameter },
        ),
      };
      if (this.compiled.size >= this.limit) {
        this.compiled.clear();
      }
      this.compiled.set(key, entry);
    }
    const parameters = entry.parameters.map((parameter) =>
      'name' in parameter
        ? (values as Record<string, unknown>)[parameter.name]
        : parameter.constant,
    );
    const result = await db.executeQuery<Row>(CompiledQuery.raw(entry.sql, parameters));
    return result.rows;
  }
}
