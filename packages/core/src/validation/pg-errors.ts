/** The facts of a Postgres error that code may branch on. */
export interface PgErrorFacts {
  /** SQLSTATE, e.g. `23P01` (exclusion violation), `23505` (unique violation). */
  code: string;
  constraint: string | undefined;
}

/** SQLSTATE of an exclusion-constraint violation. */
export const EXCLUSION_VIOLATION = '23P01';
/** SQLSTATE of a unique violation. */
export const UNIQUE_VIOLATION = '23505';
/** SQLSTATE of a foreign-key violation. */
export const FOREIGN_KEY_VIOLATION = '23503';
/** SQLSTATE of a check-constraint violation. */
export const CHECK_VIOLATION = '23514';

/** The SQLSTATE and constraint of a Postgres error, or `undefined` for anything else. */
export function pgErrorFacts(error: unknown): PgErrorFacts | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) {
    return undefined;
  }
  return { code, constraint: typeof constraint === 'string' ? constraint : undefined };
}
