import { z } from 'zod';

/** Statuses of a YooKassa payment. */
export const PAYMENT_STATUSES = [
  'pending',
  'waiting_for_capture',
  'succeeded',
  'canceled',
] as const;
/** Statuses of a YooKassa refund. */
export const REFUND_STATUSES = ['pending', 'succeeded', 'canceled'] as const;

/** An amount as YooKassa writes it: a decimal string and an ISO 4217 currency. */
export const YookassaAmountSchema = z.object({
  value: z.string().regex(/^\d{1,12}(?:\.\d{1,2})?$/),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
/** See {@link YookassaAmountSchema}. */
export type YookassaAmount = z.infer<typeof YookassaAmountSchema>;

/**
 * The facts of a payment object this platform reads. Other fields YooKassa sends are
 * kept out (`z.object` strips them).
 */
export const YookassaPaymentSchema = z.object({
  id: z.string().min(1).max(64),
  status: z.enum(PAYMENT_STATUSES),
  amount: YookassaAmountSchema,
  paid: z.boolean(),
  refunded_amount: YookassaAmountSchema.optional(),
  confirmation: z.object({ type: z.string(), confirmation_url: z.string().optional() }).optional(),
  payment_method: z
    .object({
      id: z.string(),
      type: z.string(),
      saved: z.boolean(),
      title: z.string().optional(),
    })
    .optional(),
  cancellation_details: z.object({ party: z.string(), reason: z.string() }).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  created_at: z.string(),
});
/** See {@link YookassaPaymentSchema}. */
export type YookassaPayment = z.infer<typeof YookassaPaymentSchema>;

/** The facts of a refund object this platform reads. */
export const YookassaRefundSchema = z.object({
  id: z.string().min(1).max(64),
  payment_id: z.string().min(1).max(64),
  status: z.enum(REFUND_STATUSES),
  amount: YookassaAmountSchema,
  created_at: z.string(),
});
/** See {@link YookassaRefundSchema}. */
export type YookassaRefund = z.infer<typeof YookassaRefundSchema>;

/** One line of a 54-FZ receipt. */
export interface YookassaReceiptItem {
  description: string;
  quantity: string;
  amount: YookassaAmount;
  vat_code: number;
  payment_subject: 'service';
  payment_mode: 'full_payment';
}

/** A 54-FZ receipt as YooKassa takes it. */
export interface YookassaReceipt {
  customer: { email: string };
  items: YookassaReceiptItem[];
  tax_system_code?: number;
}

/** What {@link YookassaClient.createPayment} sends. */
export interface CreatePaymentRequest {
  amount: YookassaAmount;
  description: string;
  receipt: YookassaReceipt;
  capture: boolean;
  /** A payment the customer confirms on YooKassa's page; absent for a saved method's charge. */
  confirmation?: { type: 'redirect'; return_url: string };
  save_payment_method?: boolean;
  /** Charges a saved payment method without the customer (auto-renewal). */
  payment_method_id?: string;
  metadata: Record<string, string>;
}

/** What {@link YookassaClient.createRefund} sends. */
export interface CreateRefundRequest {
  payment_id: string;
  amount: YookassaAmount;
  receipt?: YookassaReceipt;
  description?: string;
}

/**
 * The YooKassa API as billing uses it. Every call that changes something takes the
 * `Idempotence-Key`: the same key and body repeated (after a timeout, a 5xx, a crash)
 * gets the first answer, never a second payment.
 */
export interface YookassaClient {
  /** Creates a payment. */
  createPayment(request: CreatePaymentRequest, idempotenceKey: string): Promise<YookassaPayment>;
  /** The payment as YooKassa has it now. @throws AppError `NOT_FOUND`. */
  getPayment(paymentId: string): Promise<YookassaPayment>;
  /** Captures a payment waiting for capture, all of it unless `amount` is given. */
  capturePayment(
    paymentId: string,
    idempotenceKey: string,
    amount?: YookassaAmount,
  ): Promise<YookassaPayment>;
  /** Cancels a payment waiting for capture. */
  cancelPayment(paymentId: string, idempotenceKey: string): Promise<YookassaPayment>;
  /** Refunds (part of) a succeeded payment. */
  createRefund(request: CreateRefundRequest, idempotenceKey: string): Promise<YookassaRefund>;
  /** The refund as YooKassa has it now. @throws AppError `NOT_FOUND`. */
  getRefund(refundId: string): Promise<YookassaRefund>;
}
