import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRawBody } from '../http/body.js';
import { sendHtml, sendJson } from '../http/respond.js';
import { renderCheckoutPage } from './checkout-page.js';
import {
  DEFAULT_NOTIFICATION_RETRY,
  type NotificationDelivery,
  type NotificationRetryOptions,
  Notifier,
} from './notifier.js';
import {
  formatCents,
  parseAmount,
  parseCreatePayment,
  parseReceipt,
  toCents,
} from './payment-validation.js';
import { invalidRequest, unsupportedMediaType, YookassaApiError } from './yookassa-errors.js';
import type {
  YkCancellationDetails,
  YkNotificationEvent,
  YkPayment,
  YkPaymentMethod,
  YkRefund,
} from './yookassa-types.js';

/** A shop (merchant account) of the emulator. */
export interface YookassaShop {
  readonly shopId: string;
  readonly secretKey: string;
  /** Payments and refunds must carry a 54-FZ receipt. */
  readonly receiptRequired: boolean;
  /** Where notifications go; undefined sends none. */
  notificationUrl: string | undefined;
  readonly currencies: readonly string[];
}

/** Options of {@link YookassaEmulator.createShop}. */
export interface CreateShopOptions {
  readonly shopId?: string;
  readonly secretKey?: string;
  readonly receiptRequired?: boolean;
  readonly notificationUrl?: string;
  /** Accepted currencies; defaults to RUB only. */
  readonly currencies?: readonly string[];
}

/** Options of the YooKassa emulator. */
export interface YookassaEmulatorOptions {
  /** Shops to create at start. */
  readonly shops?: readonly CreateShopOptions[];
  /** Local address notifications are sent from (default 127.0.0.1; any 127.x works on Linux). */
  readonly notificationSourceAddress?: string;
  readonly notificationRetry?: Partial<NotificationRetryOptions>;
}

/** What a charge by saved payment method does, see {@link YookassaEmulator.setRecurringOutcome}. */
export type RecurringOutcome =
  | { readonly status: 'succeeded' }
  | { readonly status: 'canceled'; readonly reason: string };

interface PaymentRecord {
  readonly shopId: string;
  payment: YkPayment;
  readonly savePaymentMethod: boolean;
  readonly capture: boolean;
  readonly returnUrl?: string;
}

interface IdempotentAnswer {
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
}

/** Thrown for a known path called with the wrong HTTP method. */
class MethodNotAllowed extends Error {}

const NOT_FOUND_PAYMENT =
  "Payment doesn't exist or access denied. Specify the payment ID created in your store.";

function newObjectId(kind: 'payment' | 'refund'): string {
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  const variant = '89ab'[randomInt(4)];
  const middle = kind === 'payment' ? '000f-5000' : '0015-5000';
  return `${time}-${middle}-${variant}${randomBytes(2).toString('hex').slice(0, 3)}-${randomBytes(6).toString('hex')}`;
}

/** `application/json`, with or without parameters such as `; charset=utf-8`. */
function isJsonContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** JSON with every object's keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Largest and default page of a list, as YooKassa documents them. */
const LIST_LIMIT_MAX = 100;
const LIST_LIMIT_DEFAULT = 10;

/**
 * One page of a list, newest first: `limit` items (1-100, default 10) after the item
 * the `cursor` names; `next_cursor` is present while more items follow.
 */
function listPage<T extends { id: string }>(
  items: readonly T[],
  query: URLSearchParams,
): { type: 'list'; items: T[]; next_cursor?: string } {
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? LIST_LIMIT_DEFAULT : Number(rawLimit);
  if (!/^\d+$/.test(rawLimit ?? '10') || limit < 1 || limit > LIST_LIMIT_MAX) {
    throw invalidRequest(`Invalid limit: an integer from 1 to ${LIST_LIMIT_MAX}`, 'limit');
  }
  const cursor = query.get('cursor');
  let start = 0;
  if (cursor !== null) {
    const after = Buffer.from(cursor, 'base64url').toString('utf8');
    const index = items.findIndex((item) => item.id === after);
    if (cursor === '' || index < 0) {
      throw invalidRequest('Invalid cursor: pass next_cursor of the previous page', 'cursor');
    }
    start = index + 1;
  }
  const page = items.slice(start, start + limit);
  const last = page.at(-1);
  return {
    type: 'list',
    items: page,
    ...(last && start + limit < items.length
      ? { next_cursor: Buffer.from(last.id, 'utf8').toString('base64url') }
      : {}),
  };
}

function isoNow(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString();
}

/**
 * The YooKassa API v3 emulator: payments (one- and two-stage, saved payment methods),
 * refunds, the checkout page behind `confirmation_url`, and notifications with retries.
 * Point `@yookassa/sdk` at {@link YookassaEmulator.apiUrl}.
 */
export class YookassaEmulator {
  private readonly shops = new Map<string, YookassaShop>();
  private readonly payments = new Map<string, PaymentRecord>();
  private readonly refunds = new Map<string, { shopId: string; refund: YkRefund }>();
  private readonly savedMethods = new Map<
    string,
    { shopId: string; method: YkPaymentMethod; revoked: boolean }
  >();
  private readonly idempotence = new Map<string, IdempotentAnswer>();
  private readonly notifier: Notifier;
  private readonly recurringOutcomes: RecurringOutcome[] = [];
  private defaultRecurringOutcome: RecurringOutcome = { status: 'succeeded' };
  private sourceAddress: string;
  private baseUrl = 'http://127.0.0.1';

  constructor(options: YookassaEmulatorOptions = {}) {
    this.notifier = new Notifier({
      ...DEFAULT_NOTIFICATION_RETRY,
      ...(options.notificationRetry ?? {}),
    });
    this.sourceAddress = options.notificationSourceAddress ?? '127.0.0.1';
    for (const shop of options.shops ?? []) {
      this.createShop(shop);
    }
  }

  /** Tells the emulator where it is served, for `apiUrl` and confirmation URLs. */
  setBaseUrl(baseUrl: string): void {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** The API base for the SDK's `basePath` (and `YOOKASSA_API_URL`): `http://host:port/v3`. */
  get apiUrl(): string {
    return `${this.baseUrl}/v3`;
  }

  /** Creates a shop; returns its credentials for Basic auth. */
  createShop(options: CreateShopOptions = {}): YookassaShop {
    const shopId = options.shopId ?? String(randomInt(100_000, 999_999));
    if (this.shops.has(shopId)) {
      throw new Error(`Shop ${shopId} already exists`);
    }
    const shop: YookassaShop = {
      shopId,
      secretKey: options.secretKey ?? `test_${randomBytes(24).toString('base64url')}`,
      receiptRequired: options.receiptRequired ?? false,
      notificationUrl: options.notificationUrl,
      currencies: options.currencies ?? ['RUB'],
    };
    this.shops.set(shopId, shop);
    return shop;
  }

  /** Sets (or clears) the shop's notification URL, as in the YooKassa dashboard. */
  setNotificationUrl(shopId: string, url: string | undefined): void {
    this.getShop(shopId).notificationUrl = url;
  }

  /** Changes the local address notifications are sent from. */
  setNotificationSourceAddress(address: string): void {
    this.sourceAddress = address;
  }

  /** A payment by id or confirmation_url, as the API would return it. */
  getPayment(paymentId: string): YkPayment {
    return structuredClone(this.paymentRecord(paymentId).payment);
  }

  /** All payments, oldest first, optionally of one shop. */
  listPayments(shopId?: string): YkPayment[] {
    return [...this.payments.values()]
      .filter((record) => shopId === undefined || record.shopId === shopId)
      .map((record) => structuredClone(record.payment));
  }

  /** All refunds, oldest first. */
  listRefunds(): YkRefund[] {
    return [...this.refunds.values()].map((record) => structuredClone(record.refund));
  }

  /**
   * Pays a pending payment as the customer would on the checkout page: succeeded (or
   * waiting_for_capture when created with `capture: false`), then a notification.
   * Takes the payment id or its `confirmation_url` (e.g. from a bot's URL button).
   */
  pay(paymentId: string): YkPayment {
    const record = this.paymentRecord(paymentId);
    if (record.payment.status !== 'pending') {
      throw new Error(
        `Payment ${paymentId} is ${record.payment.status}, only pending payments can be paid`,
      );
    }
    this.authorize(record, this.newCardMethod(record));
    return this.getPayment(record.payment.id);
  }

  /** Declines a pending payment (id or confirmation_url) as the customer would: canceled, then a notification. */
  decline(
    paymentId: string,
    details: YkCancellationDetails = { party: 'payment_network', reason: 'payment_canceled' },
  ): YkPayment {
    const record = this.paymentRecord(paymentId);
    if (record.payment.status !== 'pending') {
      throw new Error(
        `Payment ${paymentId} is ${record.payment.status}, only pending payments can be declined`,
      );
    }
    this.cancel(record, details);
    return this.getPayment(record.payment.id);
  }

  /** Cancels a pending payment as if the customer never paid (expired_on_confirmation). */
  expire(paymentId: string): YkPayment {
    return this.decline(paymentId, { party: 'yoo_money', reason: 'expired_on_confirmation' });
  }

  /**
   * Decides what charges by `payment_method_id` do: `once` queues an outcome for the next
   * charge only; otherwise it becomes the default (initially succeeded).
   */
  setRecurringOutcome(outcome: RecurringOutcome, options: { once?: boolean } = {}): void {
    if (options.once) {
      this.recurringOutcomes.push(outcome);
    } else {
      this.defaultRecurringOutcome = outcome;
    }
  }

  /** Revokes a saved payment method: later charges with it are canceled (permission_revoked). */
  revokePaymentMethod(paymentMethodId: string): void {
    const saved = this.savedMethods.get(paymentMethodId);
    if (!saved) {
      throw new Error(`No saved payment method ${paymentMethodId}`);
    }
    saved.revoked = true;
  }

  /** Every notification sent so far with its delivery state. */
  notifications(): NotificationDelivery[] {
    return this.notifier.deliveries.map((delivery) => ({ ...delivery }));
  }

  /**
   * Resolves with the first notification delivery for which `match` is true once it is
   * delivered (2xx); rejects after `timeoutMs` listing what was sent.
   */
  waitForNotification(
    match: (delivery: NotificationDelivery) => boolean,
    timeoutMs = 3_000,
  ): Promise<NotificationDelivery> {
    const found = () =>
      this.notifier.deliveries.find((delivery) => delivery.delivered && match(delivery));
    const existing = found();
    if (existing) {
      return Promise.resolve({ ...existing });
    }
    return new Promise((resolve, reject) => {
      const unsubscribe = this.notifier.onAttempt(() => {
        const delivery = found();
        if (delivery) {
          clearTimeout(timer);
          unsubscribe();
          resolve({ ...delivery });
        }
      });
      const timer = setTimeout(() => {
        unsubscribe();
        const sent = this.notifier.deliveries
          .map(
            (delivery) =>
              `${delivery.body.event} ${delivery.body.object.id} -> ${delivery.url}: ${delivery.attempts} attempt(s), ${delivery.delivered ? 'delivered' : `last ${delivery.lastStatus ?? delivery.lastError}`}`,
          )
          .join('\n  ');
        reject(
          new Error(
            `No matching notification delivered within ${timeoutMs} ms. Sent:\n  ${sent || '(none)'}`,
          ),
        );
      }, timeoutMs);
    });
  }

  /**
   * Handles `/v3/...` API requests and the checkout page (`/yookassa/checkout/:id`) plus
   * the control API under `/_sandbox/yookassa/`. Returns false for other paths.
   */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname.startsWith('/v3/')) {
      await this.handleApi(request, response, url);
      return true;
    }
    const checkout = /^\/yookassa\/checkout\/([^/]+)(?:\/(pay|decline))?$/.exec(url.pathname);
    if (checkout) {
      await readRawBody(request);
      this.handleCheckout(
        response,
        checkout[1] as string,
        request.method === 'POST' ? checkout[2] : undefined,
      );
      return true;
    }
    if (url.pathname.startsWith('/_sandbox/yookassa/')) {
      await this.handleControl(request, response, url);
      return true;
    }
    return false;
  }

  /** Stops notification retries. */
  close(): void {
    this.notifier.close();
  }

  private async handleApi(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    try {
      const raw = await readRawBody(request);
      const shop = this.authenticate(request);
      const method = request.method ?? 'GET';
      const path = url.pathname.slice('/v3'.length).replace(/\/+$/, '');
      if (method === 'POST') {
        const key = request.headers['idempotence-key'];
        if (typeof key !== 'string' || key === '') {
          throw invalidRequest(
            "Idempotence key isn't specified. Specify the Idempotence-Key header",
            'Idempotence-Key',
          );
        }
        if (key.length > 64) {
          throw invalidRequest(
            'Idempotence key is too long: at most 64 characters',
            'Idempotence-Key',
          );
        }
        let body: unknown = {};
        if (raw.length > 0) {
          const contentType = request.headers['content-type'];
          if (!isJsonContentType(contentType)) {
            throw unsupportedMediaType(contentType);
          }
          try {
            body = JSON.parse(raw.toString('utf8'));
          } catch {
            throw invalidRequest('Request body is not valid JSON');
          }
        }
        // The parsed body, keys sorted: a client that rebuilds its JSON with the keys in
        // another order (or other whitespace) repeats the same request.
        const fingerprint = createHash('sha256')
          .update(`${path}\n${canonicalJson(body)}`)
          .digest('hex');
        const storeKey = `${shop.shopId}:${key}`;
        const previous = this.idempotence.get(storeKey);
        if (previous) {
          if (previous.fingerprint !== fingerprint) {
            throw invalidRequest(
              'Idempotence key duplicated: the same key was used for a request with other parameters. Use a new key',
              'Idempotence-Key',
            );
          }
          sendJson(response, previous.status, previous.body);
          return;
        }
        // Only successful answers are kept: a rejected request may be fixed and retried
        // with the same key.
        const answer = this.post(shop, path, body);
        this.idempotence.set(storeKey, { fingerprint, status: 200, body: answer });
        sendJson(response, 200, answer);
        return;
      }
      if (method === 'GET') {
        sendJson(response, 200, this.get(shop, path, url.searchParams));
        return;
      }
      throw new MethodNotAllowed();
    } catch (error) {
      if (error instanceof YookassaApiError) {
        sendJson(response, error.status, error.toJSON());
        return;
      }
      if (error instanceof MethodNotAllowed) {
        // YooKassa answers a wrong HTTP method with 405 and no error object.
        response.writeHead(405).end();
        return;
      }
      throw error;
    }
  }

  private authenticate(request: IncomingMessage): YookassaShop {
    const header = request.headers.authorization ?? '';
    const match = /^Basic\s+(\S+)$/i.exec(header);
    const decoded = match ? Buffer.from(match[1] as string, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const shop = colon > 0 ? this.shops.get(decoded.slice(0, colon)) : undefined;
    if (!shop || shop.secretKey !== decoded.slice(colon + 1)) {
      throw new YookassaApiError(
        'invalid_credentials',
        'Authentication by given credentials failed. Check the shopId and the secret key (Basic auth)',
        'Authorization',
      );
    }
    return shop;
  }

  private post(shop: YookassaShop, path: string, body: unknown): unknown {
    if (path === '/payments') {
      return this.createPayment(shop, body);
    }
    if (path === '/refunds') {
      return this.createRefund(shop, body);
    }
    if (/^\/(payments|refunds)\/[^/]+$/.test(path)) {
      throw new MethodNotAllowed();
    }
    const action = /^\/payments\/([^/]+)\/(capture|cancel)$/.exec(path);
    if (action) {
      const record = this.shopPayment(shop, action[1] as string);
      return action[2] === 'capture'
        ? this.capture(shop, record, body)
        : this.cancelByMerchant(record);
    }
    throw new YookassaApiError('not_found', `Unknown API path POST /v3${path}`);
  }

  private get(shop: YookassaShop, path: string, query: URLSearchParams): unknown {
    const payment = /^\/payments\/([^/]+)$/.exec(path);
    if (payment) {
      return this.shopPayment(shop, payment[1] as string).payment;
    }
    const refund = /^\/refunds\/([^/]+)$/.exec(path);
    if (refund) {
      const record = this.refunds.get(refund[1] as string);
      if (!record || record.shopId !== shop.shopId) {
        throw new YookassaApiError(
          'not_found',
          "Refund doesn't exist or access denied",
          'refund_id',
        );
      }
      return record.refund;
    }
    if (path === '/payments') {
      const status = query.get('status');
      return listPage(
        this.listPayments(shop.shopId)
          .filter((item) => !status || item.status === status)
          .reverse(),
        query,
      );
    }
    if (path === '/refunds') {
      const paymentId = query.get('payment_id');
      return listPage(
        [...this.refunds.values()]
          .filter((record) => record.shopId === shop.shopId)
          .map((record) => record.refund)
          .filter((item) => !paymentId || item.payment_id === paymentId)
          .reverse(),
        query,
      );
    }
    if (/^\/payments\/[^/]+\/(capture|cancel)$/.test(path)) {
      throw new MethodNotAllowed();
    }
    throw new YookassaApiError('not_found', `Unknown API path GET /v3${path}`);
  }

  private createPayment(shop: YookassaShop, body: unknown): YkPayment {
    const input = parseCreatePayment(body, {
      currencies: shop.currencies,
      receiptRequired: shop.receiptRequired,
    });
    const id = newObjectId('payment');
    const payment: YkPayment = {
      id,
      status: 'pending',
      amount: input.amount,
      ...(input.description !== undefined ? { description: input.description } : {}),
      recipient: { account_id: shop.shopId, gateway_id: '100500' },
      created_at: isoNow(),
      test: true,
      paid: false,
      refundable: false,
      metadata: input.metadata,
      ...(input.receipt ? { receipt_registration: 'pending' as const } : {}),
      ...(input.merchantCustomerId ? { merchant_customer_id: input.merchantCustomerId } : {}),
    };
    const record: PaymentRecord = {
      shopId: shop.shopId,
      payment,
      savePaymentMethod: input.savePaymentMethod,
      capture: input.capture,
      ...(input.returnUrl ? { returnUrl: input.returnUrl } : {}),
    };
    if (input.paymentMethodId !== undefined) {
      const saved = this.savedMethods.get(input.paymentMethodId);
      if (!saved || saved.shopId !== shop.shopId) {
        throw invalidRequest(
          `Payment method ${input.paymentMethodId} doesn't exist or isn't saved for this shop`,
          'payment_method_id',
        );
      }
      this.payments.set(id, record);
      const outcome = this.recurringOutcomes.shift() ?? this.defaultRecurringOutcome;
      if (saved.revoked) {
        payment.payment_method = structuredClone(saved.method);
        this.cancel(record, { party: 'yoo_money', reason: 'permission_revoked' });
      } else if (outcome.status === 'canceled') {
        payment.payment_method = structuredClone(saved.method);
        this.cancel(record, { party: 'payment_network', reason: outcome.reason });
      } else {
        this.authorize(record, structuredClone(saved.method));
      }
      return payment;
    }
    payment.confirmation = {
      type: 'redirect',
      return_url: input.returnUrl as string,
      confirmation_url: `${this.baseUrl}/yookassa/checkout/${id}`,
    };
    this.payments.set(id, record);
    return payment;
  }

  private newCardMethod(record: PaymentRecord): YkPaymentMethod {
    const method: YkPaymentMethod = {
      type: 'bank_card',
      id: record.payment.id,
      saved: record.savePaymentMethod,
      title: 'Bank card *4444',
      card: {
        first6: '555555',
        last4: '4444',
        expiry_year: String(new Date().getUTCFullYear() + 3),
        expiry_month: '12',
        card_type: 'MasterCard',
        issuer_country: 'RU',
      },
    };
    if (record.savePaymentMethod) {
      this.savedMethods.set(method.id, {
        shopId: record.shopId,
        method: structuredClone(method),
        revoked: false,
      });
    }
    return method;
  }

  /** The customer paid: waiting_for_capture for two-stage payments, else succeeded. */
  private authorize(record: PaymentRecord, method: YkPaymentMethod): void {
    const { payment } = record;
    payment.payment_method = method;
    payment.paid = true;
    delete payment.confirmation;
    payment.authorization_details = {
      rrn: String(randomInt(100_000_000_000, 999_999_999_999)),
      auth_code: String(randomInt(100_000, 999_999)),
      three_d_secure: { applied: false },
    };
    if (record.capture) {
      this.succeed(record, payment.amount.value);
    } else {
      payment.status = 'waiting_for_capture';
      payment.expires_at = isoNow(7 * 24 * 3600 * 1000);
      this.notify(record.shopId, 'payment.waiting_for_capture', payment);
    }
  }

  private succeed(record: PaymentRecord, value: string): void {
    const { payment } = record;
    payment.status = 'succeeded';
    payment.amount = { ...payment.amount, value };
    payment.income_amount = {
      value: formatCents(Math.round(toCents(payment.amount) * 0.965)),
      currency: payment.amount.currency,
    };
    payment.captured_at = isoNow();
    payment.refundable = true;
    payment.refunded_amount = { value: '0.00', currency: payment.amount.currency };
    delete payment.expires_at;
    if (payment.receipt_registration) {
      payment.receipt_registration = 'succeeded';
    }
    this.notify(record.shopId, 'payment.succeeded', payment);
  }

  private cancel(record: PaymentRecord, details: YkCancellationDetails): void {
    const { payment } = record;
    payment.status = 'canceled';
    payment.paid = false;
    payment.refundable = false;
    payment.cancellation_details = details;
    delete payment.confirmation;
    delete payment.expires_at;
    if (payment.receipt_registration) {
      payment.receipt_registration = 'canceled';
    }
    this.notify(record.shopId, 'payment.canceled', payment);
  }

  private capture(shop: YookassaShop, record: PaymentRecord, body: unknown): YkPayment {
    const { payment } = record;
    if (payment.status !== 'waiting_for_capture') {
      throw invalidRequest(
        `Incorrect payment status: ${payment.status}. Only a payment in waiting_for_capture can be captured`,
        'payment_id',
      );
    }
    const requested = (body as { amount?: unknown } | null)?.amount;
    let value = payment.amount.value;
    if (requested !== undefined) {
      const amount = parseAmount(requested, 'amount', [payment.amount.currency]);
      if (toCents(amount) > toCents(payment.amount)) {
        throw invalidRequest('Capture amount is greater than the payment amount', 'amount.value');
      }
      value = amount.value;
    }
    const receipt = (body as { receipt?: unknown } | null)?.receipt;
    if (receipt !== undefined) {
      parseReceipt(receipt, shop.currencies, { value, currency: payment.amount.currency });
    }
    this.succeed(record, value);
    return payment;
  }

  private cancelByMerchant(record: PaymentRecord): YkPayment {
    const { payment } = record;
    if (payment.status !== 'waiting_for_capture') {
      throw invalidRequest(
        `Incorrect payment status: ${payment.status}. Only a payment in waiting_for_capture can be canceled`,
        'payment_id',
      );
    }
    this.cancel(record, { party: 'merchant', reason: 'canceled_by_merchant' });
    return payment;
  }

  private createRefund(shop: YookassaShop, body: unknown): YkRefund {
    const input = (body ?? {}) as Record<string, unknown>;
    if (typeof input.payment_id !== 'string') {
      throw invalidRequest('Parameter payment_id is required', 'payment_id');
    }
    const record = this.shopPayment(shop, input.payment_id);
    const { payment } = record;
    const amount = parseAmount(input.amount, 'amount', [payment.amount.currency]);
    if (payment.status !== 'succeeded') {
      throw invalidRequest(
        `Incorrect payment status: ${payment.status}. Only a succeeded payment can be refunded`,
        'payment_id',
      );
    }
    const refunded = toCents(payment.refunded_amount ?? { value: '0', currency: amount.currency });
    if (refunded + toCents(amount) > toCents(payment.amount)) {
      throw invalidRequest(
        `Refund amount exceeds the amount available for refund (${formatCents(toCents(payment.amount) - refunded)})`,
        'amount.value',
      );
    }
    if (
      input.receipt !== undefined ||
      (shop.receiptRequired && payment.receipt_registration !== undefined)
    ) {
      if (input.receipt === undefined) {
        throw invalidRequest('Receipt is missing or illegal', 'receipt');
      }
      parseReceipt(input.receipt, shop.currencies, amount);
    }
    if (
      input.description !== undefined &&
      (typeof input.description !== 'string' || input.description.length > 250)
    ) {
      throw invalidRequest(
        'Invalid description: a string of at most 250 characters',
        'description',
      );
    }
    const refund: YkRefund = {
      id: newObjectId('refund'),
      payment_id: payment.id,
      status: 'succeeded',
      created_at: isoNow(),
      amount,
      ...(typeof input.description === 'string' ? { description: input.description } : {}),
      ...(input.receipt !== undefined ? { receipt_registration: 'succeeded' as const } : {}),
    };
    const total = refunded + toCents(amount);
    payment.refunded_amount = { value: formatCents(total), currency: amount.currency };
    payment.refundable = total < toCents(payment.amount);
    this.refunds.set(refund.id, { shopId: shop.shopId, refund });
    this.notify(shop.shopId, 'refund.succeeded', refund);
    return refund;
  }

  private notify(shopId: string, event: YkNotificationEvent, object: YkPayment | YkRefund): void {
    const url = this.getShop(shopId).notificationUrl;
    if (!url) {
      return;
    }
    this.notifier.send(shopId, url, this.sourceAddress, {
      type: 'notification',
      event,
      object: structuredClone(object),
    });
  }

  private handleCheckout(
    response: ServerResponse,
    paymentId: string,
    action: string | undefined,
  ): void {
    const record = this.payments.get(paymentId);
    if (!record) {
      sendHtml(response, 404, '<!doctype html><title>Not found</title><p>No such payment.</p>');
      return;
    }
    if (action !== undefined && record.payment.status === 'pending') {
      if (action === 'pay') {
        this.pay(paymentId);
      } else {
        this.decline(paymentId);
      }
      if (record.returnUrl) {
        response.writeHead(303, { location: record.returnUrl });
        response.end();
        return;
      }
    }
    sendHtml(response, 200, renderCheckoutPage(record.payment, record.shopId, record.returnUrl));
  }

  private async handleControl(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    const raw = await readRawBody(request);
    const path = url.pathname.slice('/_sandbox/yookassa'.length);
    try {
      const body =
        raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
      if (path === '/shops' && request.method === 'POST') {
        sendJson(response, 200, this.createShop(body as CreateShopOptions));
        return;
      }
      if (path === '/payments' && request.method === 'GET') {
        sendJson(response, 200, this.listPayments(url.searchParams.get('shopId') ?? undefined));
        return;
      }
      if (path === '/notifications' && request.method === 'GET') {
        sendJson(response, 200, this.notifications());
        return;
      }
      if (path === '/recurring-outcome' && request.method === 'POST') {
        const { once, ...outcome } = body as RecurringOutcome & { once?: boolean };
        if (outcome.status !== 'succeeded' && outcome.status !== 'canceled') {
          throw new Error('status must be succeeded or canceled (with a reason)');
        }
        this.setRecurringOutcome(outcome, { once: once === true });
        sendJson(response, 200, { ok: true });
        return;
      }
      const revoke = /^\/payment-methods\/([^/]+)\/revoke$/.exec(path);
      if (revoke && request.method === 'POST') {
        this.revokePaymentMethod(decodeURIComponent(revoke[1] as string));
        sendJson(response, 200, { ok: true });
        return;
      }
      const notificationUrl = /^\/shops\/([^/]+)\/notification-url$/.exec(path);
      if (notificationUrl && request.method === 'POST') {
        const url = (body as { url?: unknown }).url;
        this.setNotificationUrl(
          decodeURIComponent(notificationUrl[1] as string),
          typeof url === 'string' ? url : undefined,
        );
        sendJson(response, 200, { ok: true });
        return;
      }
      const action = /^\/payments\/([^/]+)\/(pay|decline|expire)$/.exec(path);
      if (action && request.method === 'POST') {
        const id = action[1] as string;
        const result =
          action[2] === 'pay'
            ? this.pay(id)
            : action[2] === 'decline'
              ? this.decline(id)
              : this.expire(id);
        sendJson(response, 200, result);
        return;
      }
      sendJson(response, 404, { error: `Unknown sandbox path ${request.method} ${url.pathname}` });
    } catch (error) {
      sendJson(response, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private getShop(shopId: string): YookassaShop {
    const shop = this.shops.get(shopId);
    if (!shop) {
      throw new Error(`No shop ${shopId} in the sandbox`);
    }
    return shop;
  }

  /** Finds a payment by id or by its confirmation_url (what a bot shows as a URL button). */
  private paymentRecord(paymentIdOrUrl: string): PaymentRecord {
    const fromUrl = /\/yookassa\/checkout\/([^/?#]+)/.exec(paymentIdOrUrl)?.[1];
    const record = this.payments.get(fromUrl ? decodeURIComponent(fromUrl) : paymentIdOrUrl);
    if (!record) {
      throw new Error(`No payment ${paymentIdOrUrl} in the sandbox`);
    }
    return record;
  }

  private shopPayment(shop: YookassaShop, paymentId: string): PaymentRecord {
    const record = this.payments.get(paymentId);
    if (!record || record.shopId !== shop.shopId) {
      throw new YookassaApiError('not_found', NOT_FOUND_PAYMENT, 'payment_id');
    }
    return record;
  }
}
