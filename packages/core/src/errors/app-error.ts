/**
 * Every code an {@link AppError} can carry. The set is closed on purpose: each app
 * turns codes into words in exactly one place with a `switch` that ends in
 * {@link assertNever}, so adding a code here fails to compile until every boundary
 * handles it.
 */
export const ERROR_CODES = [
  // Generic
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAVAILABLE',
  // Tenancy
  'INVALID_SLUG',
  'TENANT_SUSPENDED',
  'TENANT_DELETED',
  // Booking
  'SLOT_TAKEN',
  'OUTSIDE_HOURS',
  'TOO_SOON',
  'TOO_FAR',
  'LIMIT_REACHED',
  'CLIENT_BLOCKED',
  'SERVICE_INACTIVE',
  'STAFF_CANNOT_PERFORM',
  'CANCELLATION_WINDOW_PASSED',
  'INVALID_STATUS',
  'OFFER_EXPIRED',
  'LAST_OWNER',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Options of an {@link AppError}. */
export interface AppErrorOptions {
  /** Developer-facing explanation; never shown to a customer as is, never holds a secret. */
  message?: string;
  /** Structured facts a boundary may use to build its reply (field names, limits). */
  details?: Record<string, unknown>;
  /** The error that led to this one. */
  cause?: unknown;
}

/**
 * An expected outcome that a user or operator is told about (a taken slot, a bad
 * slug). Bugs are plain `Error`s; boundaries log those and answer with an apology.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(
      options.message ?? code,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/**
 * The `NOT_FOUND` error of a missing object: `No <what> <id>`, with `what` and `id` in
 * the details.
 */
export function notFoundError(what: string, id: number | string): AppError {
  return new AppError('NOT_FOUND', { message: `No ${what} ${id}`, details: { what, id } });
}

/** True when `error` is an {@link AppError}, optionally with the given code. */
export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/**
 * Marks the end of an exhaustive `switch`: it compiles only when every case is
 * handled, and throws if a value the types ruled out arrives at run time.
 */
export function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}
