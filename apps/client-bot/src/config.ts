import { type ConfigValues, env, loadConfigOrExit, PLATFORM_VARIABLES } from '@booking/core';
import { z } from 'zod';

const VARIABLES = {
  ...PLATFORM_VARIABLES,
  /** The Bot API; the sandbox's root in development and tests. */
  TELEGRAM_API_ROOT: env.url(['https', 'http']).default('https://api.telegram.org'),
  /**
   * Set: webhook mode, Telegram calls `<PUBLIC_URL>/tg/<tenant>/<secret>`, served on the
   * process's one HTTP server (OPS_HOST:OPS_PORT). Unset: long polling.
   */
  PUBLIC_URL: env.url(['https', 'http']).optional(),
  /** Namespace of the shared BullMQ queues (`<namespace>:bq`). */
  QUEUE_NAMESPACE: env.string('letters, digits, - or _').default('booking'),
  WORKER_CONCURRENCY: env.int(1, 200).default(10),
  /** Longest an update holds its chat's queue and its webhook call. */
  UPDATE_TIME_LIMIT_MS: env.int(1_000, 600_000).default(60_000),
  /**
   * `--fleet`: how often platform.tenants is re-read besides core's change notices (the
   * safety net for a notice lost while Redis was away).
   */
  FLEET_REREAD_MS: env.int(1_000, 3_600_000).default(30_000),
  /**
   * The sales bot's username: the owner of a suspended tenant is sent there to renew
   * (`https://t.me/<username>?start=renew_<slug>`). Unset: owners are told to contact
   * the platform instead.
   */
  SALES_BOT_USERNAME: z
    .string()
    .regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/)
    .transform((username) => username.replace(/^@/, ''))
    .describe('the sales bot username, such as booking_sales_bot')
    .optional(),
};

/** Configuration of the client-bot process. */
export type Config = ConfigValues<typeof VARIABLES>;

/** Reads and validates the environment once; exits 1 naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined>): Config {
  return loadConfigOrExit('client-bot', VARIABLES, source);
}
