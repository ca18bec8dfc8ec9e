const REDACTED = '[REDACTED]';

// Telegram bot tokens look like `123456789:AAH...` (a numeric bot id, a colon, 35
// url-safe characters). They also hide inside URLs such as `/bot123:AA.../getMe`, so
// the match cannot rely on a word boundary before the digits.
const BOT_TOKEN = /(?<!\d)\d{5,12}:[A-Za-z0-9_-]{30,}/g;
// YooKassa secret keys: `live_...` or `test_...`.
const YOOKASSA_SECRET = /\b(?:live|test)_[A-Za-z0-9_-]{20,}/g;
// Authorization header values and credentials in connection strings.
const AUTH_SCHEME = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._-]{8,}/g;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+:)[^@\s/]+@/gi;

/**
 * Replaces every secret this platform handles (bot tokens, YooKassa keys, basic or
 * bearer credentials, passwords in URLs) with `[REDACTED]`. Used by the logger on
 * every line it writes and by boundaries before an error message leaves the process.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(BOT_TOKEN, REDACTED)
    .replace(YOOKASSA_SECRET, REDACTED)
    .replace(AUTH_SCHEME, `$1 ${REDACTED}`)
    .replace(URL_PASSWORD, `$1${REDACTED}@`);
}

/** Field names whose values are secrets wherever they appear in a log object. */
export const SECRET_FIELD_NAMES = [
  'token',
  'botToken',
  'bot_token',
  'secret',
  'secret_token',
  'secretToken',
  'secretKey',
  'secret_key',
  'password',
  'authorization',
  'encryptionKey',
  'TOKEN_ENCRYPTION_KEY',
  'YOOKASSA_SECRET_KEY',
  'bot_token_encrypted',
] as const;

/** pino redact paths: each secret field at the top level and one or two levels down. */
export const REDACTED_PATHS: string[] = SECRET_FIELD_NAMES.flatMap((name) => [
  name,
  `*.${name}`,
  `*.*.${name}`,
]);
