/**
 * When a Bot API call that failed is worth trying again, and how long to wait first.
 * The one retry policy of every outgoing call; the Telegram client applies it.
 */
export interface TelegramRetryPolicy {
  /**
   * How long after a call's first attempt a 5xx or network failure may still be
   * retried, in milliseconds. Past it the error reaches the caller, which queues what
   * must not be lost. Default 30 s: a restart of the Bot API or of a proxy in front of
   * it is over by then, and a person waiting on a button still gets the answer.
   */
  deadlineMs: number;
  /** The first backoff after a 5xx or network failure; it doubles per attempt. Default 500 ms. */
  initialDelayMs: number;
  /** The longest backoff. Default 5 s. */
  maxDelayMs: number;
  /** How many times a 429 is retried after its `retry_after`. Default 3. */
  max429Retries: number;
}

/** See {@link TelegramRetryPolicy}. */
export const DEFAULT_TELEGRAM_RETRY: TelegramRetryPolicy = {
  deadlineMs: 30_000,
  initialDelayMs: 500,
  maxDelayMs: 5_000,
  max429Retries: 3,
};

/**
 * A failure that says nothing about the call itself, so trying again may succeed:
 * `rate-limited` (429, wait `retryAfterSeconds`), `server` (a 5xx, from Telegram as JSON
 * or from a proxy as an HTML page) or `network` (refused, reset, timed out, DNS).
 */
export type TransientFailure =
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'server'; status: number }
  | { kind: 'network'; code: string };

/** System error codes of a Bot API that cannot be reached or stopped answering. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Tells a transient failure (see {@link TransientFailure}) from a definite answer such
 * as 400 or 403, which would fail again, and from the caller's own abort.
 */
export function transientFailureOf(error: unknown): TransientFailure | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const response = (
    error as { response?: { error_code?: number; parameters?: { retry_after?: number } } }
  ).response;
  if (typeof response?.error_code === 'number') {
    if (response.error_code === 429) {
      return { kind: 'rate-limited', retryAfterSeconds: response.parameters?.retry_after ?? 1 };
    }
    return response.error_code >= 500 ? { kind: 'server', status: response.error_code } : undefined;
  }
  const { name, code, message } = error as { name?: string; code?: unknown; message?: unknown };
  if (name === 'AbortError') {
    return undefined;
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return { kind: 'network', code };
  }
  // The transport's own idle timeout carries no code.
  if (typeof message === 'string' && /timeout|timed out|socket hang up/i.test(message)) {
    return { kind: 'network', code: 'TIMEOUT' };
  }
  return undefined;
}

/**
 * Whether a Bot API call failed because Telegram was unavailable (5xx, network, 429)
 * rather than because of the call: what still fails past the retry deadline is worth
 * queueing for later, a 400 or 403 is not.
 */
export function isTelegramUnavailable(error: unknown): boolean {
  return transientFailureOf(error) !== undefined;
}

/**
 * The wait before retry number `retry` (0 for the first) after a 5xx or network
 * failure: exponential up to `maxDelayMs`, each wait drawn from its upper half so that
 * the bots of a fleet do not knock on a recovering API in lockstep. `random` is in [0, 1).
 */
export function retryDelayMs(
  retry: number,
  policy: Pick<TelegramRetryPolicy, 'initialDelayMs' | 'maxDelayMs'>,
  random: number = Math.random(),
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(retry, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
