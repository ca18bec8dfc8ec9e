import { type ConfigValues, env, loadConfigOrExit, PLATFORM_VARIABLES } from '@booking/core';
import { z } from 'zod';

/** `name:key` pairs; a key is at least 32 characters of letters, digits, - or _. */
const API_KEY_PAIR = /^([a-z][a-z0-9_-]{0,39}):([A-Za-z0-9_-]{32,200})$/;

const VARIABLES = {
  ...PLATFORM_VARIABLES,
  /** The master bot's token from BotFather. Unset: the process serves the operator API only. */
  MASTER_BOT_TOKEN: env.string('a bot token from BotFather').optional(),
  /** Telegram ids of the operators; anybody else gets no answer from the master bot. */
  OPERATOR_IDS: z
    .string()
    .regex(/^\d{1,15}(,\d{1,15})*$/)
    .transform((value) => value.split(',').map(Number))
    .describe('comma-separated Telegram user ids, such as 11111,22222')
    .optional(),
  /** Language of the alerts sent to operators. */
  OPERATOR_LOCALE: env.oneOf(['ru', 'en']).default('ru'),
  /**
   * Keys of the operator REST API, `name:key` pairs separated by commas; the name is
   * what the audit log records. Unset: every API request gets 401.
   */
  OPERATOR_API_KEYS: z
    .string()
    .transform((value) => value.split(',').map((pair) => pair.trim()))
    .refine((pairs) => pairs.every((pair) => API_KEY_PAIR.test(pair)))
    .transform((pairs) =>
      pairs.map((pair) => {
        const [, name, key] = API_KEY_PAIR.exec(pair) as RegExpExecArray;
        return { name: name as string, key: key as string };
      }),
    )
    .refine((keys) => new Set(keys.map((k) => k.name)).size === keys.length)
    .describe(
      'comma-separated name:key pairs (name: a-z, 0-9, - or _; key: 32 or more letters, digits, - or _), names unique',
    )
    .optional(),
  /** Requests one API key may make per minute. */
  API_RATE_LIMIT_PER_MINUTE: env.int(1, 100_000).default(120),
  /** The Bot API; the sandbox's root in development and tests. */
  TELEGRAM_API_ROOT: env.url(['https', 'http']).default('https://api.telegram.org'),
  /** Set: webhook mode on the process's one HTTP server. Unset: long polling. */
  PUBLIC_URL: env.url(['https', 'http']).optional(),
  /** Namespace of the shared BullMQ queues: deletion clears a tenant's jobs, alerts watch them. */
  QUEUE_NAMESPACE: env.string('letters, digits, - or _').default('booking'),
  /** How often the alert checks run. */
  ALERT_INTERVAL_MS: env.int(1_000, 3_600_000).default(15_000),
  /** A fleet process whose heartbeat is older than this is reported stopped. */
  ALERT_HEARTBEAT_STALE_MS: env.int(1_000, 3_600_000).default(45_000),
  /** Waiting jobs in one queue past which the queue is reported backing up. */
  ALERT_QUEUE_BACKLOG: env.int(1, 10_000_000).default(1_000),
  /** Failed payments within an hour past which payments are reported failing. */
  ALERT_PAYMENT_FAILURES: env.int(1, 100_000).default(5),
};

/** Configuration of the master-bot process. */
export type Config = ConfigValues<typeof VARIABLES>;

/** Reads and validates the environment once; exits 1 naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined>): Config {
  return loadConfigOrExit('master-bot', VARIABLES, source);
}
