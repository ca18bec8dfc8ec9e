import type { YookassaAmount, YookassaReceipt } from './yookassa.js';

/** The seller's tax facts every receipt carries (`YOOKASSA_VAT_CODE`, `YOOKASSA_TAX_SYSTEM_CODE`). */
export interface ReceiptTaxSettings {
  /**
   * YooKassa's `vat_code`, 1-12: 11 is 22 % VAT (since 2026-01-01); 1 (no VAT), 7 (5 %)
   * or 8 (7 %) for sellers on the simplified tax system.
   */
  vatCode: number;
  /** YooKassa's `tax_system_code`, 1-6, when the shop's cash register needs it. */
  taxSystemCode?: number | undefined;
}

/**
 * The 54-FZ receipt of one service sold for `amount`: one item (quantity 1,
 * `payment_subject: service`, `payment_mode: full_payment`) and the customer's email.
 * Descriptions are cut to YooKassa's 128 characters.
 */
export function buildServiceReceipt(
  description: string,
  amount: YookassaAmount,
  email: string,
  tax: ReceiptTaxSettings,
): YookassaReceipt {
  return {
    customer: { email },
    items: [
      {
        description: description.slice(0, 128),
        quantity: '1.00',
        amount,
        vat_code: tax.vatCode,
        payment_subject: 'service',
        payment_mode: 'full_payment',
      },
    ],
    ...(tax.taxSystemCode !== undefined ? { tax_system_code: tax.taxSystemCode } : {}),
  };
}
