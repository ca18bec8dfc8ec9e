import { assertNever } from '../errors/index.js';

/**
 * What went wrong with an HTTP request, as the one error shape says it. A closed set:
 * every route of every app answers with one of these, so clients and proxies see the
 * same few statuses whoever registered the route.
 */
export type HttpErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'TIMEOUT';

/**
 * Thrown by a route handler (or by reading a request's body) to answer with the one
 * error shape, `{ "error": { "code", "message" } }`. The message is sent to the client:
 * write it for them, never from an exception's text, and never put a secret in it.
 */
export class HttpError extends Error {
  readonly code: HttpErrorCode;

  constructor(code: HttpErrorCode, message: string = defaultMessage(code)) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
  }

  /** The HTTP status of {@link code}. */
  get status(): number {
    return httpStatusOf(this.code);
  }
}

/** The HTTP status a code is answered with. */
export function httpStatusOf(code: HttpErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'INTERNAL':
      return 500;
    // Both ask the caller to try again later; Telegram redelivers an update on either.
    case 'UNAVAILABLE':
    case 'TIMEOUT':
      return 503;
    default:
      return assertNever(code);
  }
}

function defaultMessage(code: HttpErrorCode): string {
  switch (code) {
    case 'BAD_REQUEST':
      return 'the request is malformed';
    case 'UNAUTHORIZED':
      return 'missing or wrong credentials';
    case 'FORBIDDEN':
      return 'not allowed from here';
    case 'NOT_FOUND':
      return 'no such route';
    case 'PAYLOAD_TOO_LARGE':
      return 'the request body is too large';
    case 'INTERNAL':
      return 'internal error';
    case 'UNAVAILABLE':
      return 'temporarily unavailable, try again';
    case 'TIMEOUT':
      return 'the request took too long, try again';
    default:
      return assertNever(code);
  }
}
