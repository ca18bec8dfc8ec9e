import { invalidRequest } from './yookassa-errors.js';
import type { YkAmount, YkReceipt, YkReceiptItem } from './yookassa-types.js';

/** A create-payment request after validation. */
export interface CreatePaymentInput {
  readonly amount: YkAmount;
  readonly capture: boolean;
  readonly description?: string;
  readonly metadata: Record<string, string>;
  readonly returnUrl?: string;
  readonly savePaymentMethod: boolean;
  readonly paymentMethodId?: string;
  readonly receipt?: YkReceipt;
  readonly merchantCustomerId?: string;
}

const AMOUNT_PATTERN = /^\d{1,10}(\.\d{1,2})?$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;
const PAYMENT_SUBJECTS = new Set([
  'commodity',
  'excise',
  'job',
  'service',
  'gambling_bet',
  'gambling_prize',
  'lottery',
  'lottery_prize',
  'intellectual_activity',
  'payment',
  'agent_commission',
  'property_right',
  'non_operating_gain',
  'insurance_premium',
  'sales_tax',
  'resort_fee',
  'composite',
  'another',
]);
const PAYMENT_MODES = new Set([
  'full_prepayment',
  'partial_prepayment',
  'advance',
  'full_payment',
  'partial_payment',
  'credit',
  'credit_payment',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates an amount object: `value` a string with up to two decimals and greater than
 * zero, `currency` one the shop accepts. Returns it with the value as "123.00".
 */
export function parseAmount(
  value: unknown,
  parameter: string,
  currencies: readonly string[],
): YkAmount {
  if (!isObject(value)) {
    throw invalidRequest(`Parameter ${parameter} is required`, parameter);
  }
  if (typeof value.value !== 'string' || !AMOUNT_PATTERN.test(value.value)) {
    throw invalidRequest(
      `Invalid ${parameter}.value: expected a string with a dot and up to 2 decimals, like "100.00"`,
      `${parameter}.value`,
    );
  }
  const cents = Math.round(Number(value.value) * 100);
  if (cents <= 0) {
    throw invalidRequest(
      `Invalid ${parameter}.value: the amount must be greater than 0`,
      `${parameter}.value`,
    );
  }
  if (typeof value.currency !== 'string' || !CURRENCY_PATTERN.test(value.currency)) {
    throw invalidRequest(
      `Invalid ${parameter}.currency: expected an ISO-4217 code`,
      `${parameter}.currency`,
    );
  }
  if (!currencies.includes(value.currency)) {
    throw invalidRequest(
      `Currency ${value.currency} is not available for this shop`,
      `${parameter}.currency`,
    );
  }
  return { value: formatCents(cents), currency: value.currency };
}

/** Amount in kopecks (or cents) for arithmetic. */
export function toCents(amount: YkAmount): number {
  return Math.round(Number(amount.value) * 100);
}

/** "12345" kopecks -> "123.45". */
export function formatCents(cents: number): string {
  return (cents / 100).toFixed(2);
}

/**
 * Validates a 54-FZ receipt: a customer with email or phone, and items with description,
 * quantity, amount, vat_code (1-12) and, when given, known payment_subject / payment_mode.
 * The items must add up to `total` when it is given.
 */
export function parseReceipt(
  value: unknown,
  currencies: readonly string[],
  total?: YkAmount,
): YkReceipt {
  if (!isObject(value)) {
    throw invalidRequest('Receipt is missing or illegal', 'receipt');
  }
  const customer = value.customer;
  const email = isObject(customer) ? customer.email : value.email;
  const phone = isObject(customer) ? customer.phone : value.phone;
  if (typeof email !== 'string' && typeof phone !== 'string') {
    throw invalidRequest('Receipt customer must have an email or a phone', 'receipt.customer');
  }
  if (typeof email === 'string' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw invalidRequest('Invalid receipt customer email', 'receipt.customer.email');
  }
  if (typeof phone === 'string' && !/^\+?\d{7,15}$/.test(phone)) {
    throw invalidRequest(
      'Invalid receipt customer phone, expected digits in ITU-T E.164 format',
      'receipt.customer.phone',
    );
  }
  if (!Array.isArray(value.items) || value.items.length === 0) {
    throw invalidRequest('Receipt must contain items', 'receipt.items');
  }
  if (value.items.length > 100) {
    throw invalidRequest('Receipt can contain at most 100 items', 'receipt.items');
  }
  let sum = 0;
  const items = value.items.map((raw: unknown, index: number): YkReceiptItem => {
    const parameter = `receipt.items[${index}]`;
    if (!isObject(raw)) {
      throw invalidRequest(`Invalid ${parameter}`, parameter);
    }
    if (
      typeof raw.description !== 'string' ||
      raw.description.trim() === '' ||
      raw.description.length > 128
    ) {
      throw invalidRequest(
        `Invalid ${parameter}.description: 1 to 128 characters`,
        `${parameter}.description`,
      );
    }
    const quantity = Number(raw.quantity);
    if (raw.quantity === undefined || !Number.isFinite(quantity) || quantity <= 0) {
      throw invalidRequest(`Invalid ${parameter}.quantity`, `${parameter}.quantity`);
    }
    const amount = parseAmount(raw.amount, `${parameter}.amount`, currencies);
    if (
      !Number.isInteger(raw.vat_code) ||
      (raw.vat_code as number) < 1 ||
      (raw.vat_code as number) > 12
    ) {
      throw invalidRequest(
        `Invalid ${parameter}.vat_code: an integer from 1 to 12`,
        `${parameter}.vat_code`,
      );
    }
    if (raw.payment_subject !== undefined && !PAYMENT_SUBJECTS.has(String(raw.payment_subject))) {
      throw invalidRequest(`Invalid ${parameter}.payment_subject`, `${parameter}.payment_subject`);
    }
    if (raw.payment_mode !== undefined && !PAYMENT_MODES.has(String(raw.payment_mode))) {
      throw invalidRequest(`Invalid ${parameter}.payment_mode`, `${parameter}.payment_mode`);
    }
    sum += Math.round(toCents(amount) * quantity);
    return {
      ...raw,
      description: raw.description,
      quantity: raw.quantity as string | number,
      amount,
      vat_code: raw.vat_code as number,
    };
  });
  if (total && sum !== toCents(total)) {
    throw invalidRequest(
      `Sum of receipt items (${formatCents(sum)}) does not match the amount (${total.value})`,
      'receipt.items',
    );
  }
  return { ...value, items } as YkReceipt;
}

/** Validates the body of `POST /v3/payments`. */
export function parseCreatePayment(
  body: unknown,
  options: { currencies: readonly string[]; receiptRequired: boolean },
): CreatePaymentInput {
  if (!isObject(body)) {
    throw invalidRequest('Request body must be a JSON object');
  }
  const amount = parseAmount(body.amount, 'amount', options.currencies);
  if (body.capture !== undefined && typeof body.capture !== 'boolean') {
    throw invalidRequest('Invalid capture: expected true or false', 'capture');
  }
  if (
    body.description !== undefined &&
    (typeof body.description !== 'string' || body.description.length > 128)
  ) {
    throw invalidRequest('Invalid description: a string of at most 128 characters', 'description');
  }
  const metadata = parseMetadata(body.metadata);
  const paymentMethodId = body.payment_method_id;
  if (paymentMethodId !== undefined && typeof paymentMethodId !== 'string') {
    throw invalidRequest('Invalid payment_method_id', 'payment_method_id');
  }
  let returnUrl: string | undefined;
  if (body.confirmation !== undefined) {
    if (!isObject(body.confirmation) || typeof body.confirmation.type !== 'string') {
      throw invalidRequest('Invalid confirmation: type is required', 'confirmation.type');
    }
    if (body.confirmation.type !== 'redirect') {
      throw invalidRequest(
        `Confirmation type ${body.confirmation.type} is not supported by the sandbox; use redirect`,
        'confirmation.type',
      );
    }
    if (
      typeof body.confirmation.return_url !== 'string' ||
      !/^https?:\/\/\S+$/.test(body.confirmation.return_url)
    ) {
      throw invalidRequest(
        'Invalid confirmation.return_url: an http(s) URL is required',
        'confirmation.return_url',
      );
    }
    returnUrl = body.confirmation.return_url;
  } else if (paymentMethodId === undefined) {
    throw invalidRequest(
      'Parameter confirmation is required for a payment without payment_method_id',
      'confirmation',
    );
  }
  if (body.save_payment_method !== undefined && typeof body.save_payment_method !== 'boolean') {
    throw invalidRequest(
      'Invalid save_payment_method: expected true or false',
      'save_payment_method',
    );
  }
  let receipt: YkReceipt | undefined;
  if (body.receipt !== undefined || options.receiptRequired) {
    if (body.receipt === undefined) {
      throw invalidRequest('Receipt is missing or illegal', 'receipt');
    }
    receipt = parseReceipt(body.receipt, options.currencies, amount);
  }
  return {
    amount,
    capture: body.capture === true,
    metadata,
    savePaymentMethod: body.save_payment_method === true,
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    ...(returnUrl ? { returnUrl } : {}),
    ...(typeof paymentMethodId === 'string' ? { paymentMethodId } : {}),
    ...(receipt ? { receipt } : {}),
    ...(typeof body.merchant_customer_id === 'string'
      ? { merchantCustomerId: body.merchant_customer_id }
      : {}),
  };
}

function parseMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) {
    return {};
  }
  if (!isObject(value)) {
    throw invalidRequest('Invalid metadata: expected an object', 'metadata');
  }
  const entries = Object.entries(value);
  if (entries.length > 16) {
    throw invalidRequest('Invalid metadata: at most 16 keys', 'metadata');
  }
  const metadata: Record<string, string> = {};
  for (const [key, item] of entries) {
    if (key.length > 32) {
      throw invalidRequest(`Invalid metadata key ${key}: at most 32 characters`, 'metadata');
    }
    const text = typeof item === 'string' ? item : JSON.stringify(item);
    if (text.length > 512) {
      throw invalidRequest(`Invalid metadata value of ${key}: at most 512 characters`, 'metadata');
    }
    metadata[key] = text;
  }
  return metadata;
}
