import {
  BOT_TOKEN_PATTERN,
  type ConfigValues,
  env,
  loadConfigOrExit,
  PLATFORM_VARIABLES,
  YOOKASSA_VARIABLES,
} from '@booking/core';
import { z } from 'zod';

const VARIABLES = {
  ...PLATFORM_VARIABLES,
  /** The Bot API; the sandbox's root in development and tests. */
  TELEGRAM_API_ROOT: env.url(['https', 'http']).default('https://api.telegram.org'),
  /** The storefront bot's own token from BotFather (a secret: never logged). */
  SALES_BOT_TOKEN: z
    .string()
    .regex(BOT_TOKEN_PATTERN)
    .describe('the sales bot token from @BotFather: digits, a colon, then 30 or more characters'),
  /**
   * Set: webhook mode, Telegram calls `<PUBLIC_URL>/tg/sales/<secret>`, served on the
   * process's one HTTP server (OPS_HOST:OPS_PORT). Unset: long polling.
   */
  PUBLIC_URL: env.url(['https', 'http']).optional(),
  /** Namespace of the shared BullMQ queues (`<namespace>:bq`). */
  QUEUE_NAMESPACE: env.string('letters, digits, - or _').default('booking'),
  WORKER_CONCURRENCY: env.int(1, 200).default(10),
  /** The demo salon's bot prospects can try: its https://t.me/<username> link. */
  DEMO_BOT_URL: env
    .url(['https'], 'the demo salon bot link, such as https://t.me/demo_salon_bot')
    .default('https://t.me/demo_salon_bot'),
  /** Where prospects and owners get help: @username, an https link or an email address. */
  SUPPORT_CONTACT: z
    .string()
    .regex(/^(@[A-Za-z][A-Za-z0-9_]{3,31}|https:\/\/\S+|[^@\s]+@[^@\s]+\.[^@\s]+)$/)
    .describe('the support contact: a Telegram @username, an https:// link or an email address'),
  /**
   * Whether the checkout offers auto-renewal. Off until YooKassa has enabled autopayments
   * for a live shop: it refuses a payment that asks to save the card.
   */
  OFFER_AUTO_RENEWAL: env.bool().default(true),
  /** How often the billing sweep runs (charges due, notices due, expired periods). */
  BILLING_SWEEP_EVERY_MS: env.int(10_000, 86_400_000).default(600_000),
  YOOKASSA_SHOP_ID: YOOKASSA_VARIABLES.YOOKASSA_SHOP_ID,
  YOOKASSA_SECRET_KEY: YOOKASSA_VARIABLES.YOOKASSA_SECRET_KEY,
  YOOKASSA_API_URL: YOOKASSA_VARIABLES.YOOKASSA_API_URL,
  YOOKASSA_VAT_CODE: YOOKASSA_VARIABLES.YOOKASSA_VAT_CODE,
  YOOKASSA_TAX_SYSTEM_CODE: YOOKASSA_VARIABLES.YOOKASSA_TAX_SYSTEM_CODE,
  YOOKASSA_ALLOWED_SOURCES: YOOKASSA_VARIABLES.YOOKASSA_ALLOWED_SOURCES,
  YOOKASSA_TRUSTED_PROXIES: YOOKASSA_VARIABLES.YOOKASSA_TRUSTED_PROXIES,
};

/** Configuration of the sales-bot process. */
export type Config = ConfigValues<typeof VARIABLES>;

/** Reads and validates the environment once; exits 1 naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined>): Config {
  return loadConfigOrExit('sales-bot', VARIABLES, source);
}
