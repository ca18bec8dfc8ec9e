/** Extra fields Telegram attaches to some errors. */
export interface TelegramErrorParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

/**
 * An error the emulated Bot API answers with: the HTTP status equals `errorCode` and the
 * body is `{ ok: false, error_code, description, parameters? }`, as Telegram sends it.
 */
export class TelegramApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: TelegramErrorParameters,
  ) {
    super(description);
    this.name = 'TelegramApiError';
  }

  /** The JSON body Telegram sends for this error. */
  toJSON(): Record<string, unknown> {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

/** 400 with Telegram's "Bad Request: " prefix. */
export function badRequest(reason: string): TelegramApiError {
  return new TelegramApiError(400, `Bad Request: ${reason}`);
}

/** 403 with Telegram's "Forbidden: " prefix. */
export function forbidden(reason: string): TelegramApiError {
  return new TelegramApiError(403, `Forbidden: ${reason}`);
}

/** 409 with Telegram's "Conflict: " prefix. */
export function conflict(reason: string): TelegramApiError {
  return new TelegramApiError(409, `Conflict: ${reason}`);
}

/** 429 with the wait Telegram asks for, in whole seconds. */
export function tooManyRequests(retryAfterSeconds: number): TelegramApiError {
  return new TelegramApiError(429, `Too Many Requests: retry after ${retryAfterSeconds}`, {
    retry_after: retryAfterSeconds,
  });
}
