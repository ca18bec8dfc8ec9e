import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACTED_PATHS, redactSecrets } from './redact.js';
import { serializeError } from './serialize-error.js';

export type { Logger } from 'pino';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Process name, such as `client-bot`; becomes the `app` field. */
  app: string;
  /** pino level name. Default `info`. */
  level?: string;
  /** Replica identity; becomes the `instance` field. */
  instance?: string;
  /** Where lines go. Default stdout. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

/**
 * Creates the JSON logger every process uses. Secrets never reach the output: fields
 * named like secrets are censored, and every written line passes through
 * {@link redactSecrets}, which also catches a token inside a URL, a message or a stack.
 * Errors (the `err` field) keep only what says what failed ({@link serializeError}), not
 * the payload or row they were handling.
 * Bind `tenant` and `update_id` with `logger.child({ tenant, update_id })`.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: options.app, ...(options.instance ? { instance: options.instance } : {}) },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      serializers: { err: serializeError },
      hooks: { streamWrite: redactSecrets },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
