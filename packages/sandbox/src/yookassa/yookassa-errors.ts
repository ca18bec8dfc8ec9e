import { randomUUID } from 'node:crypto';

/** Error codes of the YooKassa API with their HTTP statuses. */
const STATUS_BY_CODE = {
  invalid_request: 400,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  too_many_requests: 429,
  internal_server_error: 500,
} as const;

export type YookassaErrorCode = keyof typeof STATUS_BY_CODE;

/**
 * An error answer of the YooKassa API: `{ type: 'error', id, code, description, parameter? }`
 * with the HTTP status the real API uses for the code.
 */
export class YookassaApiError extends Error {
  readonly id = randomUUID();

  constructor(
    readonly code: YookassaErrorCode,
    description: string,
    readonly parameter?: string,
    private readonly statusOverride?: number,
  ) {
    super(description);
    this.name = 'YookassaApiError';
  }

  get status(): number {
    return this.statusOverride ?? STATUS_BY_CODE[this.code];
  }

  toJSON(): Record<string, string> {
    return {
      type: 'error',
      id: this.id,
      code: this.code,
      description: this.message,
      ...(this.parameter ? { parameter: this.parameter } : {}),
    };
  }
}

/** 400 invalid_request naming the offending parameter. */
export function invalidRequest(description: string, parameter?: string): YookassaApiError {
  return new YookassaApiError('invalid_request', description, parameter);
}

/** 415: a request body that is not `application/json`. */
export function unsupportedMediaType(contentType: string | undefined): YookassaApiError {
  return new YookassaApiError(
    'invalid_request',
    `Request body must be JSON with Content-Type: application/json, not ${contentType ? `"${contentType}"` : 'no Content-Type'}`,
    'Content-Type',
    415,
  );
}
