import { randomInt } from 'node:crypto';
import { type Sandbox, startSandbox, type YookassaShop } from '@booking/sandbox';
import type { Database } from '../../db/index.js';
import { getTestDb } from '../../testing/index.js';
import { createYookassaClient, type YookassaClientOptions } from '../../yookassa/index.js';
import type { BillingDeps } from '../billing.js';

/** A YooKassa emulator with one receipt-requiring shop and billing deps over it. */
export interface BillingWorld {
  sandbox: Sandbox;
  shop: YookassaShop;
  db: Database;
  deps: BillingDeps;
  /** A client of the same shop with other options (a proxy's URL, fewer attempts). */
  client(options?: Partial<YookassaClientOptions>): BillingDeps['yookassa'];
  close(): Promise<void>;
}

/** Starts the emulator (no notification URL: tests hand notifications over themselves). */
export async function startBillingWorld(): Promise<BillingWorld> {
  const db = await getTestDb();
  const sandbox = await startSandbox({
    yookassa: { notificationRetry: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 3 } },
  });
  const shop = sandbox.yookassa.createShop({ receiptRequired: true });
  const client = (options: Partial<YookassaClientOptions> = {}) =>
    createYookassaClient({
      shopId: shop.shopId,
      secretKey: shop.secretKey,
      apiUrl: sandbox.yookassa.apiUrl,
      retryDelayMs: 10,
      ...options,
    });
  return {
    sandbox,
    shop,
    db,
    deps: { db, yookassa: client(), tax: { vatCode: 11, taxSystemCode: 1 } },
    client,
    close: () => sandbox.stop(),
  };
}

/** A Telegram user id no other test uses. */
export function randomOwnerId(): number {
  return randomInt(1_000_000_000, 281_474_976_710_655);
}
