import { AppError, assertNever, type ErrorCode } from '@booking/core';

/** The API's error body: `{ error: { code, message, fields? } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Array<{ field: string; message: string }> };
}

/** The status an error code is answered with: the API's one place for that. */
export function apiStatusOf(code: ErrorCode): 400 | 403 | 404 | 409 | 503 {
  switch (code) {
    case 'VALIDATION':
    case 'INVALID_SLUG':
      return 400;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'TENANT_DELETED':
    case 'TENANT_SUSPENDED':
    case 'SLOT_TAKEN':
    case 'OUTSIDE_HOURS':
    case 'TOO_SOON':
    case 'TOO_FAR':
    case 'LIMIT_REACHED':
    case 'CLIENT_BLOCKED':
    case 'SERVICE_INACTIVE':
    case 'STAFF_CANNOT_PERFORM':
    case 'CANCELLATION_WINDOW_PASSED':
    case 'INVALID_STATUS':
    case 'OFFER_EXPIRED':
    case 'LAST_OWNER':
      return 409;
    case 'UNAVAILABLE':
      return 503;
    default:
      return assertNever(code);
  }
}

/** The body of an {@link AppError}: its code, its message, and each bad field it names. */
export function appErrorBody(error: AppError): ApiErrorBody {
  const issues = error.details.issues;
  const fields = Array.isArray(issues)
    ? issues.map((issue: { field?: unknown; message?: unknown }) => ({
        field: String(issue.field ?? ''),
        message: String(issue.message ?? ''),
      }))
    : error.code === 'INVALID_SLUG'
      ? [{ field: 'slug', message: 'must be a tenant slug' }]
      : undefined;
  return { error: { code: error.code, message: error.message, ...(fields ? { fields } : {}) } };
}

/** The body of a request that failed the route's schemas, one entry per bad field. */
export function validationBody(
  target: string,
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): ApiErrorBody {
  return {
    error: {
      code: 'VALIDATION',
      message: 'The request has invalid fields',
      fields: issues.map((issue) => ({
        field: [target, ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
    },
  };
}

export { AppError };
