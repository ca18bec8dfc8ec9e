import { describe, expect, it } from 'vitest';
import type { Order } from '../orders/index.js';
import { paymentRequestForOrder, planPurchaseDescription } from './checkout.js';

const order: Order = {
  id: 42,
  kind: 'purchase',
  ownerTelegramId: 7,
  planCode: 'business',
  amountKopecks: 149_900,
  currency: 'RUB',
  periodDays: 180,
  email: 'anna@example.com',
  businessName: 'Anna',
  locale: 'ru',
  savePaymentMethod: true,
  subscriptionId: null,
  renewsPeriodEnd: null,
  status: 'new',
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

describe('the payment request of an order', () => {
  it('carries the amount, a 54-FZ receipt with the plan as one service item, and the order id', () => {
    const request = paymentRequestForOrder(
      order,
      'Business',
      { tax: { vatCode: 11, taxSystemCode: 1 } },
      { returnUrl: 'https://t.me/sales_bot' },
    );
    const description = planPurchaseDescription('Business', 180);
    expect(request).toEqual({
      amount: { value: '1499.00', currency: 'RUB' },
      description,
      capture: true,
      confirmation: { type: 'redirect', return_url: 'https://t.me/sales_bot' },
      save_payment_method: true,
      metadata: { order_id: '42' },
      receipt: {
        customer: { email: 'anna@example.com' },
        tax_system_code: 1,
        items: [
          {
            description,
            quantity: '1.00',
            amount: { value: '1499.00', currency: 'RUB' },
            vat_code: 11,
            payment_subject: 'service',
            payment_mode: 'full_payment',
          },
        ],
      },
    });
  });

  it('charges a saved method without confirmation, and leaves out an unset tax system', () => {
    const request = paymentRequestForOrder(
      { ...order, kind: 'auto_renewal', savePaymentMethod: false },
      'Business',
      { tax: { vatCode: 7 } },
      { paymentMethodId: 'pm-1' },
    );
    expect(request.payment_method_id).toBe('pm-1');
    expect(request.confirmation).toBeUndefined();
    expect(request.save_payment_method).toBeUndefined();
    expect(request.receipt.tax_system_code).toBeUndefined();
    expect(request.receipt.items[0]?.vat_code).toBe(7);
  });
});
