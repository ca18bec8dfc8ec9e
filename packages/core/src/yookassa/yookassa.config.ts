import { isIP } from 'node:net';
import { z } from 'zod';
import { env } from '../config/index.js';
import type { ReceiptTaxSettings } from './receipt.js';
import { notificationSourceCheck } from './source-allowlist.js';
import { YOOKASSA_API_URL, type YookassaClientOptions } from './yookassa-client.js';

const ADDRESS_LIST_EXPECTED =
  'comma-separated IP addresses or CIDR ranges, such as 185.71.76.0/27,2a02:5180::/32';

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, extra] = entry.trim().split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) {
    return false;
  }
  return (
    prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))
  );
}

const addressList = () =>
  z
    .string()
    .refine((value) => value.split(',').every(isAddressOrRange))
    .transform((value) => value.split(',').map((entry) => entry.trim()))
    .describe(ADDRESS_LIST_EXPECTED);

/**
 * Environment variables of a process that takes payments (the sales bot). Spread them
 * into the app's shape beside `PLATFORM_VARIABLES`. The secret key is never echoed:
 * a bad one is reported by name only, and logs redact it.
 */
export const YOOKASSA_VARIABLES = {
  /** The shop's id from the YooKassa dashboard. */
  YOOKASSA_SHOP_ID: z
    .string()
    .regex(/^\d{1,12}$/)
    .describe('the YooKassa shop id: digits only, as in the dashboard (Integration → API keys)'),
  /** The shop's secret key (`live_…` or `test_…`). */
  YOOKASSA_SECRET_KEY: z
    .string()
    .regex(/^(?:live|test)_[A-Za-z0-9_-]{10,}$/)
    .describe('the YooKassa secret key: live_… or test_… as issued in the dashboard'),
  /** API base; the sandbox emulator's `/v3` URL in development and tests. */
  YOOKASSA_API_URL: env
    .url(['https', 'http'], 'the YooKassa API base URL, such as https://api.yookassa.ru/v3')
    .default(YOOKASSA_API_URL),
  /** `vat_code` of every receipt line. */
  YOOKASSA_VAT_CODE: z.coerce
    .number()
    .int()
    .min(1)
    .max(12)
    .describe(
      'a YooKassa vat_code from 1 to 12: 11 for 22 % VAT (since 2026-01-01); 1 (no VAT), 7 (5 %) or 8 (7 %) on the simplified tax system',
    ),
  /** `tax_system_code` of every receipt, when the shop's cash register needs it. */
  YOOKASSA_TAX_SYSTEM_CODE: z.coerce
    .number()
    .int()
    .min(1)
    .max(6)
    .describe(
      'a YooKassa tax_system_code from 1 to 6: 1 general, 2 simplified (income), 3 simplified (income minus expenses), 6 patent',
    )
    .optional(),
  /** Where notifications may come from; default YooKassa's published ranges. */
  YOOKASSA_ALLOWED_SOURCES: addressList().optional(),
  /** Proxies whose `X-Forwarded-For` is believed; default none. */
  YOOKASSA_TRUSTED_PROXIES: addressList().optional(),
};

/** The validated values of {@link YOOKASSA_VARIABLES}. */
export interface YookassaConfig {
  YOOKASSA_SHOP_ID: string;
  YOOKASSA_SECRET_KEY: string;
  YOOKASSA_API_URL: string;
  YOOKASSA_VAT_CODE: number;
  YOOKASSA_TAX_SYSTEM_CODE?: number | undefined;
  YOOKASSA_ALLOWED_SOURCES?: readonly string[] | undefined;
  YOOKASSA_TRUSTED_PROXIES?: readonly string[] | undefined;
}

/** What the configuration gives billing: client options, receipt taxes, the source check. */
export interface YookassaSettings {
  client: YookassaClientOptions;
  tax: ReceiptTaxSettings;
  isAllowedSource: ReturnType<typeof notificationSourceCheck>;
}

/** Turns validated {@link YOOKASSA_VARIABLES} into {@link YookassaSettings}. */
export function yookassaSettings(config: YookassaConfig): YookassaSettings {
  return {
    client: {
      shopId: config.YOOKASSA_SHOP_ID,
      secretKey: config.YOOKASSA_SECRET_KEY,
      apiUrl: config.YOOKASSA_API_URL,
    },
    tax: { vatCode: config.YOOKASSA_VAT_CODE, taxSystemCode: config.YOOKASSA_TAX_SYSTEM_CODE },
    isAllowedSource: notificationSourceCheck({
      ...(config.YOOKASSA_ALLOWED_SOURCES ? { allowed: config.YOOKASSA_ALLOWED_SOURCES } : {}),
      ...(config.YOOKASSA_TRUSTED_PROXIES
        ? { trustedProxies: config.YOOKASSA_TRUSTED_PROXIES }
        : {}),
    }),
  };
}
