/** Shapes of YooKassa API v3 objects as the emulator returns them (snake_case, as on the wire). */

export interface YkAmount {
  value: string;
  currency: string;
}

export type YkPaymentStatus = 'pending' | 'waiting_for_capture' | 'succeeded' | 'canceled';

export interface YkCancellationDetails {
  party: 'yoo_money' | 'payment_network' | 'merchant';
  reason: string;
}

export interface YkPaymentMethod {
  type: 'bank_card';
  id: string;
  saved: boolean;
  title: string;
  card?: {
    first6: string;
    last4: string;
    expiry_year: string;
    expiry_month: string;
    card_type: string;
    issuer_country: string;
  };
}

export interface YkReceiptItem {
  description: string;
  quantity: string | number;
  amount: YkAmount;
  vat_code: number;
  payment_subject?: string;
  payment_mode?: string;
  [key: string]: unknown;
}

export interface YkReceipt {
  customer?: { email?: string; phone?: string; full_name?: string; inn?: string };
  items: YkReceiptItem[];
  [key: string]: unknown;
}

export interface YkPayment {
  id: string;
  status: YkPaymentStatus;
  amount: YkAmount;
  income_amount?: YkAmount;
  description?: string;
  recipient: { account_id: string; gateway_id: string };
  payment_method?: YkPaymentMethod;
  captured_at?: string;
  created_at: string;
  expires_at?: string;
  confirmation?: { type: 'redirect'; return_url: string; confirmation_url: string };
  test: boolean;
  refunded_amount?: YkAmount;
  paid: boolean;
  refundable: boolean;
  receipt_registration?: 'pending' | 'succeeded' | 'canceled';
  metadata: Record<string, string>;
  cancellation_details?: YkCancellationDetails;
  authorization_details?: { rrn: string; auth_code: string; three_d_secure: { applied: boolean } };
  merchant_customer_id?: string;
}

export interface YkRefund {
  id: string;
  payment_id: string;
  status: 'pending' | 'succeeded' | 'canceled';
  created_at: string;
  amount: YkAmount;
  description?: string;
  receipt_registration?: 'pending' | 'succeeded' | 'canceled';
}

export type YkNotificationEvent =
  | 'payment.succeeded'
  | 'payment.waiting_for_capture'
  | 'payment.canceled'
  | 'refund.succeeded';

/** The body YooKassa POSTs to a shop's notification URL. */
export interface YkNotification {
  type: 'notification';
  event: YkNotificationEvent;
  object: YkPayment | YkRefund;
}
