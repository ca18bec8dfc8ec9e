/** An error as a log line carries it: what failed and why, nothing of the data it handled. */
export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  /** A Node, Postgres or `AppError` code such as `ECONNREFUSED`, `23505`, `SLOT_TAKEN`. */
  code?: string | number;
  /** A failed Bot API call: its method, HTTP-like code, Telegram's description, its chat. */
  method?: string;
  error_code?: number;
  description?: string;
  retry_after?: number;
  chat_id?: number | string;
  [field: string]: unknown;
}

// Fields that say where a network or database operation failed, and never hold a row's
// values, a request's body or a credential.
const SAFE_FIELDS = [
  'code',
  'errno',
  'syscall',
  'address',
  'port',
  'status',
  'statusCode',
  'severity',
  'schema',
  'table',
  'column',
  'constraint',
] as const;

const MAX_DEPTH = 3;
const MAX_NESTED_ERRORS = 5;

/**
 * The logger's `err` serializer: an error's type, message, stack, cause and the few
 * fields that say what failed, and nothing else. Its default would copy every field,
 * and errors carry the data they were handling: a failed Bot API call holds its whole
 * payload (message text with a client's name and phone, signed callback data, a
 * webhook's secret path and token), a Postgres error the offending row's values in
 * `detail`, an `AppError` the facts of its outcome in `details`. Of a Bot API
 * call only the method and the chat id are kept.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) {
    return error;
  }
  const source = error as Error & Record<string, unknown>;
  const serialized: SerializedError = {
    type: error.constructor?.name ?? error.name,
    message: error.message,
  };
  if (error.stack) {
    serialized.stack = error.stack;
  }
  for (const field of SAFE_FIELDS) {
    const value = source[field];
    if (typeof value === 'string' || typeof value === 'number') {
      serialized[field] = value;
    }
  }
  Object.assign(serialized, botApiFacts(source));
  if (depth < MAX_DEPTH) {
    if (error.cause !== undefined) {
      serialized.cause = serializeError(error.cause, depth + 1);
    }
    if (error instanceof AggregateError) {
      serialized.errors = error.errors
        .slice(0, MAX_NESTED_ERRORS)
        .map((nested: unknown) => serializeError(nested, depth + 1));
    }
  }
  return serialized;
}

/**
 * The method, chat and answer of a failed Bot API call, from an error shaped as
 * telegraf's `TelegramError` (`response` holds Telegram's answer, `on` the call).
 */
function botApiFacts(source: Record<string, unknown>): Partial<SerializedError> {
  const facts: Partial<SerializedError> = {};
  const response = asRecord(source.response);
  if (typeof response?.error_code === 'number') {
    facts.error_code = response.error_code;
  }
  if (typeof response?.description === 'string') {
    facts.description = response.description;
  }
  const retryAfter = asRecord(response?.parameters)?.retry_after;
  if (typeof retryAfter === 'number') {
    facts.retry_after = retryAfter;
  }
  const call = asRecord(source.on);
  if (typeof call?.method === 'string') {
    facts.method = call.method;
  }
  const chatId = asRecord(call?.payload)?.chat_id;
  if (typeof chatId === 'number' || typeof chatId === 'string') {
    facts.chat_id = chatId;
  }
  return facts;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}
