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

/** SQLSTATE of a not-null violation. */
export const NOT_NULL_VIOLATION = '23502';

// Citus relays a worker's error through the coordinator with the message only: when a
// write was planned on the coordinator (INSERT … SELECT, a modifying CTE) the SQLSTATE
// becomes XX000, and the constraint field is missing. The message still names the
// kind of violation and the constraint, suffixed with the shard's id.
const RELAYED_VIOLATION =
  /violates (exclusion|unique|foreign key|check|not-null) constraint "([^"]+)"/;
const RELAYED_CODES: Record<string, string> = {
  exclusion: EXCLUSION_VIOLATION,
  unique: UNIQUE_VIOLATION,
  'foreign key': FOREIGN_KEY_VIOLATION,
  check: CHECK_VIOLATION,
  'not-null': NOT_NULL_VIOLATION,
};
const INTERNAL_ERROR = 'XX000';

/**
 * The SQLSTATE and constraint of a Postgres error, or `undefined` for anything else.
 * The same violation reads the same on plain Postgres and on Citus: a constraint named
 * only in the message (as relayed from a Citus worker) loses its shard suffix
 * (`bookings_no_overlap_102018` -> `bookings_no_overlap`), and an `XX000` that relays a
 * constraint violation gets that violation's SQLSTATE back. Relies on the server's
 * messages being in English (`lc_messages` C or en), as they are by default.
 */
export function pgErrorFacts(error: unknown): PgErrorFacts | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const { code, constraint, message } = error as {
    code?: unknown;
    constraint?: unknown;
    message?: unknown;
  };
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) {
    return undefined;
  }
  if (typeof constraint === 'string') {
    return { code, constraint };
  }
  const relayed = typeof message === 'string' ? RELAYED_VIOLATION.exec(message) : null;
  if (!relayed) {
    return { code, constraint: undefined };
  }
  const [, kind, shardConstraint] = relayed as unknown as [string, string, string];
  return {
    code: code === INTERNAL_ERROR ? (RELAYED_CODES[kind] ?? code) : code,
    constraint: shardConstraint.replace(/_\d+$/, ''),
  };
}
