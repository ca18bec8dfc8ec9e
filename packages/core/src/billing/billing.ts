import type { Database } from '../db/index.js';
import type { ReceiptTaxSettings, YookassaClient } from '../yookassa/index.js';

/** What billing's operations need. */
export interface BillingDeps {
  db: Database;
  /** The YooKassa API (the sandbox emulator in tests and development). */
  yookassa: YookassaClient;
  /** The seller's VAT and tax system codes for every receipt. */
  tax: ReceiptTaxSettings;
}

/** The metadata key that ties a YooKassa payment to its order. */
export const ORDER_METADATA_KEY = 'order_id';
