import type { SendFailureKind } from '@booking/core';

/** Network errors raised before a request could leave: it was certainly not carried out. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** The `error_code` of a Bot API error answer; `undefined` for any other error. */
export function telegramErrorCode(error: unknown): number | undefined {
  const code = (error as { response?: { error_code?: unknown } } | null)?.response?.error_code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * What a failed Bot API call means for a message that must be sent once (see core's
 * `deliverOnce`). Only Telegram's own JSON answer (`ok: false` with an `error_code`) says
 * for sure that nothing was carried out: a 403 (the person blocked the bot or never
 * started it) is `refused`, every other code `failed` and worth a retry. A connection
 * refused or a name not resolved is `failed` too: the request never left. Anything
 * else (no answer in time, a dropped connection, a proxy's HTML error page) is
 * `unknown`: Telegram may have delivered the message.
 */
export function telegramSendFailure(error: unknown): SendFailureKind {
  const response = (error as { response?: { ok?: unknown; error_code?: unknown } } | null)
    ?.response;
  if (response?.ok === false && typeof response.error_code === 'number') {
    return response.error_code === 403 ? 'refused' : 'failed';
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NOT_SENT_CODES.has(code)) {
    return 'failed';
  }
  return 'unknown';
}
