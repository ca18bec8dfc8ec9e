import { randomUUID } from 'node:crypto';
import { YookassaSdk } from '@yookassa/sdk';
import { AxiosError } from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectSandbox } from '../client/remote-sandbox.js';
import { type Sandbox, startSandbox } from '../sandbox.js';
import { type Receiver, startReceiver } from '../test-support/receiver.js';
import type { YookassaShop } from './yookassa-emulator.js';

let sandbox: Sandbox;
let receiver: Receiver;
let shop: YookassaShop;
let sdk: YookassaSdk;

beforeEach(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox({
    yookassa: { notificationRetry: { initialDelayMs: 10, maxDelayMs: 20 } },
  });
  shop = sandbox.yookassa.createShop({ notificationUrl: receiver.url });
  sdk = sdkFor(shop);
});

afterEach(async () => {
  await sandbox.stop();
  await receiver.close();
});

function sdkFor(target: Pick<YookassaShop, 'shopId' | 'secretKey'>): YookassaSdk {
  const client = new YookassaSdk({ shopId: target.shopId, secretKey: target.secretKey });
  // The SDK reads basePath from its configuration on every request.
  client.configuration.basePath = sandbox.yookassa.apiUrl;
  return client;
}

const order = {
  amount: { value: '1500.00', currency: 'RUB' as const },
  confirmation: { type: 'redirect' as const, return_url: 'https://shop.example/return' },
  description: 'Plan Pro, 1 month',
  metadata: { orderId: '42' },
};

/** The API's error body from an SDK call that must fail. */
async function apiError(
  call: Promise<unknown>,
): Promise<{ status: number; data: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AxiosError && error.response) {
      return {
        status: error.response.status,
        data: error.response.data as Record<string, unknown>,
      };
    }
    throw error;
  }
  throw new Error('The call succeeded but was expected to fail');
}

describe('YooKassa emulator through @yookassa/sdk', () => {
  it('creates, gets, captures and refunds a two-stage payment, notifying each step', async () => {
    const created = (
      await sdk.payments.paymentsPost(randomUUID(), { ...order, capture: false } as never)
    ).data;
    expect(created).toMatchObject({
      status: 'pending',
      paid: false,
      amount: { value: '1500.00', currency: 'RUB' },
    });
    expect(created.confirmation).toMatchObject({ type: 'redirect' });

    sandbox.yookassa.pay(created.id);
    const authorized = (await sdk.payments.paymentsPaymentIdGet(created.id)).data;
    expect(authorized).toMatchObject({
      status: 'waiting_for_capture',
      paid: true,
      metadata: { orderId: '42' },
    });

    const captured = (
      await sdk.payments.paymentsPaymentIdCapturePost(created.id, randomUUID(), {
        amount: { value: '1500.00', currency: 'RUB' },
      } as never)
    ).data;
    expect(captured.status).toBe('succeeded');

    const refund = (
      await sdk.refunds.refundsPost(randomUUID(), {
        payment_id: created.id,
        amount: { value: '500.00', currency: 'RUB' },
      } as never)
    ).data;
    expect(refund).toMatchObject({ status: 'succeeded', payment_id: created.id });
    expect((await sdk.refunds.refundsRefundIdGet(refund.id)).data.amount.value).toBe('500.00');
    expect((await sdk.payments.paymentsPaymentIdGet(created.id)).data.refunded_amount?.value).toBe(
      '500.00',
    );

    const delivered = await receiver.waitForCount(3);
    expect(delivered.map((request) => (request.body as { event: string }).event)).toEqual([
      'payment.waiting_for_capture',
      'payment.succeeded',
      'refund.succeeded',
    ]);
    expect(delivered[0]?.body).toMatchObject({ type: 'notification', object: { id: created.id } });
  });

  it('rejects wrong credentials with 401 invalid_credentials', async () => {
    const error = await apiError(
      sdkFor({ shopId: shop.shopId, secretKey: 'wrong' }).payments.paymentsPost(
        randomUUID(),
        order as never,
      ),
    );
    expect(error.status).toBe(401);
    expect(error.data).toMatchObject({ type: 'error', code: 'invalid_credentials' });
    expect(typeof error.data.id).toBe('string');
  });

  it('answers 404 not_found for an unknown payment and for another shop’s payment', async () => {
    expect(await apiError(sdk.payments.paymentsPaymentIdGet(randomUUID()))).toMatchObject({
      status: 404,
      data: { type: 'error', code: 'not_found' },
    });
    const created = (await sdk.payments.paymentsPost(randomUUID(), order as never)).data;
    const other = sdkFor(sandbox.yookassa.createShop());
    expect((await apiError(other.payments.paymentsPaymentIdGet(created.id))).status).toBe(404);
  });

  it('requires an Idempotence-Key and replays or rejects a reused one', async () => {
    const missing = await fetch(`${sandbox.yookassa.apiUrl}/payments`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${shop.shopId}:${shop.secretKey}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(order),
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      code: 'invalid_request',
      parameter: 'Idempotence-Key',
    });

    const key = randomUUID();
    const first = (await sdk.payments.paymentsPost(key, order as never)).data;
    const again = (await sdk.payments.paymentsPost(key, order as never)).data;
    expect(again.id).toBe(first.id);
    expect(sandbox.yookassa.listPayments(shop.shopId)).toHaveLength(1);

    const conflict = await apiError(
      sdk.payments.paymentsPost(key, {
        ...order,
        amount: { value: '1.00', currency: 'RUB' },
      } as never),
    );
    expect(conflict).toMatchObject({
      status: 400,
      data: { code: 'invalid_request', parameter: 'Idempotence-Key' },
    });

    // A rejected request does not use up its key: fixed and retried, it goes through.
    const retryKey = randomUUID();
    const rejected = await apiError(
      sdk.payments.paymentsPost(retryKey, {
        ...order,
        amount: { value: '1', currency: 'XXX' },
      } as never),
    );
    expect(rejected.status).toBe(400);
    expect((await sdk.payments.paymentsPost(retryKey, order as never)).data.status).toBe('pending');
  });

  it('replays a request whose JSON has its keys in another order, as the same payment', async () => {
    const key = randomUUID();
    const first = (await sdk.payments.paymentsPost(key, order as never)).data;
    // The same request rebuilt by another client: keys reversed at every level, spaced.
    const reorder = (value: unknown): unknown =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(
            Object.entries(value as Record<string, unknown>)
              .reverse()
              .map(([name, item]) => [name, reorder(item)]),
          )
        : value;
    const replayed = await fetch(`${sandbox.yookassa.apiUrl}/payments`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${shop.shopId}:${shop.secretKey}`).toString('base64')}`,
        'content-type': 'application/json; charset=utf-8',
        'idempotence-key': key,
      },
      body: JSON.stringify(reorder(order), null, 2),
    });
    expect(replayed.status).toBe(200);
    expect(((await replayed.json()) as { id: string }).id).toBe(first.id);
    expect(sandbox.yookassa.listPayments(shop.shopId)).toHaveLength(1);
    // A different value under the same key is still refused.
    const changed = await apiError(
      sdk.payments.paymentsPost(key, { ...order, metadata: { orderId: '43' } } as never),
    );
    expect(changed).toMatchObject({ status: 400, data: { parameter: 'Idempotence-Key' } });
  });

  it.each([
    ['text/plain', JSON.stringify(order)],
    ['application/x-www-form-urlencoded', 'amount=1500'],
    [undefined, JSON.stringify(order)],
  ])('answers 415 to a body sent as %s', async (contentType, body) => {
    const response = await fetch(`${sandbox.yookassa.apiUrl}/payments`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${shop.shopId}:${shop.secretKey}`).toString('base64')}`,
        'idempotence-key': randomUUID(),
        ...(contentType ? { 'content-type': contentType } : {}),
      },
      body: contentType ? body : new Blob([body]),
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ type: 'error', parameter: 'Content-Type' });
    expect(sandbox.yookassa.listPayments(shop.shopId)).toHaveLength(0);
  });

  it('pages GET /payments by limit and cursor, newest first', async () => {
    const created: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      created.push((await sdk.payments.paymentsPost(randomUUID(), order as never)).data.id);
    }
    const list = (limit?: number, cursor?: string) =>
      sdk.payments.paymentsGet(
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        limit,
        cursor,
      );
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = (await list(2, cursor)).data;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
    expect((await list()).data.items).toHaveLength(5);
    expect((await list(1)).data.next_cursor).toBeDefined();
    expect((await apiError(list(0))).data).toMatchObject({ parameter: 'limit' });
    expect((await apiError(list(101))).data).toMatchObject({ parameter: 'limit' });
    expect((await apiError(list(2, 'bm90LWFuLWlk'))).data).toMatchObject({ parameter: 'cursor' });
  });

  it.each([
    [{ value: 1500, currency: 'RUB' }, 'amount.value'],
    [{ value: '15.999', currency: 'RUB' }, 'amount.value'],
    [{ value: '0.00', currency: 'RUB' }, 'amount.value'],
    [{ value: '10.00', currency: 'rub' }, 'amount.currency'],
    [{ value: '10.00', currency: 'USD' }, 'amount.currency'],
  ])('rejects amount %j naming %s', async (amount, parameter) => {
    const error = await apiError(
      sdk.payments.paymentsPost(randomUUID(), { ...order, amount } as never),
    );
    expect(error).toMatchObject({
      status: 400,
      data: { type: 'error', code: 'invalid_request', parameter },
    });
  });

  it('answers 405 to a wrong HTTP method', async () => {
    const created = (await sdk.payments.paymentsPost(randomUUID(), order as never)).data;
    const response = await fetch(`${sandbox.yookassa.apiUrl}/payments/${created.id}/cancel`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${shop.shopId}:${shop.secretKey}`).toString('base64')}`,
      },
    });
    expect(response.status).toBe(405);
  });

  it('requires a confirmation with a return_url for a new payment', async () => {
    const error = await apiError(
      sdk.payments.paymentsPost(randomUUID(), {
        ...order,
        confirmation: { type: 'redirect' },
      } as never),
    );
    expect(error.data).toMatchObject({
      code: 'invalid_request',
      parameter: 'confirmation.return_url',
    });
  });

  describe('with a shop that must send receipts', () => {
    const receipt = {
      customer: { email: 'ann@example.com' },
      items: [
        {
          description: 'Plan Pro',
          quantity: '1.00',
          amount: { value: '1500.00', currency: 'RUB' },
          vat_code: 1,
          payment_subject: 'service',
          payment_mode: 'full_payment',
        },
      ],
    };

    it('rejects a payment without receipt, with a bad customer or items that do not add up', async () => {
      const fiscal = sdkFor(sandbox.yookassa.createShop({ receiptRequired: true }));
      expect(
        await apiError(fiscal.payments.paymentsPost(randomUUID(), order as never)),
      ).toMatchObject({
        status: 400,
        data: {
          code: 'invalid_request',
          parameter: 'receipt',
          description: 'Receipt is missing or illegal',
        },
      });
      const noCustomer = await apiError(
        fiscal.payments.paymentsPost(randomUUID(), {
          ...order,
          receipt: { items: receipt.items },
        } as never),
      );
      expect(noCustomer.data.parameter).toBe('receipt.customer');
      const badVat = await apiError(
        fiscal.payments.paymentsPost(randomUUID(), {
          ...order,
          receipt: { ...receipt, items: [{ ...receipt.items[0], vat_code: 99 }] },
        } as never),
      );
      expect(badVat.data.parameter).toBe('receipt.items[0].vat_code');
      const wrongSum = await apiError(
        fiscal.payments.paymentsPost(randomUUID(), {
          ...order,
          receipt: {
            ...receipt,
            items: [{ ...receipt.items[0], amount: { value: '10.00', currency: 'RUB' } }],
          },
        } as never),
      );
      expect(wrongSum.data.parameter).toBe('receipt.items');
      const accepted = (
        await fiscal.payments.paymentsPost(randomUUID(), { ...order, receipt } as never)
      ).data;
      expect(accepted).toMatchObject({ status: 'pending', receipt_registration: 'pending' });
    });
  });

  it('enforces the payment state machine', async () => {
    const created = (await sdk.payments.paymentsPost(randomUUID(), order as never)).data;
    const capturePending = await apiError(
      sdk.payments.paymentsPaymentIdCapturePost(created.id, randomUUID(), {} as never),
    );
    expect(capturePending).toMatchObject({ status: 400, data: { code: 'invalid_request' } });
    expect(
      (await apiError(sdk.payments.paymentsPaymentIdCancelPost(created.id, randomUUID()))).status,
    ).toBe(400);

    sandbox.yookassa.pay(created.id);
    const canceled = (await sdk.payments.paymentsPaymentIdCancelPost(created.id, randomUUID()))
      .data;
    expect(canceled).toMatchObject({
      status: 'canceled',
      paid: false,
      cancellation_details: { party: 'merchant', reason: 'canceled_by_merchant' },
    });
    const refundCanceled = await apiError(
      sdk.refunds.refundsPost(randomUUID(), {
        payment_id: created.id,
        amount: order.amount,
      } as never),
    );
    expect(refundCanceled).toMatchObject({ status: 400, data: { code: 'invalid_request' } });
    expect(() => sandbox.yookassa.pay(created.id)).toThrow(/canceled/);
  });

  it('refuses refunds above what is left', async () => {
    const created = (
      await sdk.payments.paymentsPost(randomUUID(), { ...order, capture: true } as never)
    ).data;
    sandbox.yookassa.pay(created.id);
    expect(sandbox.yookassa.getPayment(created.id).status).toBe('succeeded');
    await sdk.refunds.refundsPost(randomUUID(), {
      payment_id: created.id,
      amount: { value: '1000.00', currency: 'RUB' },
    } as never);
    const tooMuch = await apiError(
      sdk.refunds.refundsPost(randomUUID(), {
        payment_id: created.id,
        amount: { value: '600.00', currency: 'RUB' },
      } as never),
    );
    expect(tooMuch).toMatchObject({ status: 400, data: { parameter: 'amount.value' } });
  });

  it('saves a payment method and charges it without confirmation, or fails per the switch', async () => {
    const first = (
      await sdk.payments.paymentsPost(randomUUID(), {
        ...order,
        capture: true,
        save_payment_method: true,
      } as never)
    ).data;
    const paid = sandbox.yookassa.pay(first.id);
    expect(paid.payment_method).toMatchObject({ type: 'bank_card', saved: true });
    const methodId = paid.payment_method?.id as string;

    const recurring = {
      amount: order.amount,
      capture: true,
      payment_method_id: methodId,
      description: 'Renewal',
    };
    const renewal = (await sdk.payments.paymentsPost(randomUUID(), recurring as never)).data;
    expect(renewal).toMatchObject({ status: 'succeeded', paid: true });
    expect(renewal.confirmation).toBeUndefined();

    sandbox.yookassa.setRecurringOutcome(
      { status: 'canceled', reason: 'insufficient_funds' },
      { once: true },
    );
    const failed = (await sdk.payments.paymentsPost(randomUUID(), recurring as never)).data;
    expect(failed).toMatchObject({
      status: 'canceled',
      cancellation_details: { party: 'payment_network', reason: 'insufficient_funds' },
    });
    expect((await sdk.payments.paymentsPost(randomUUID(), recurring as never)).data.status).toBe(
      'succeeded',
    );

    sandbox.yookassa.revokePaymentMethod(methodId);
    const revoked = (await sdk.payments.paymentsPost(randomUUID(), recurring as never)).data;
    expect(revoked.cancellation_details?.reason).toBe('permission_revoked');

    const unknown = await apiError(
      sdk.payments.paymentsPost(randomUUID(), {
        ...recurring,
        payment_method_id: randomUUID(),
      } as never),
    );
    expect(unknown).toMatchObject({ status: 400, data: { parameter: 'payment_method_id' } });
  });

  it('does not save the card unless asked', async () => {
    const created = (
      await sdk.payments.paymentsPost(randomUUID(), { ...order, capture: true } as never)
    ).data;
    const paid = sandbox.yookassa.pay(created.id);
    expect(paid.payment_method?.saved).toBe(false);
    const charge = await apiError(
      sdk.payments.paymentsPost(randomUUID(), {
        amount: order.amount,
        payment_method_id: paid.payment_method?.id,
      } as never),
    );
    expect(charge.data.parameter).toBe('payment_method_id');
  });
});

describe('YooKassa checkout page and notifications', () => {
  it('pays on the confirmation page and redirects to return_url', async () => {
    const created = (
      await sdk.payments.paymentsPost(randomUUID(), { ...order, capture: true } as never)
    ).data;
    const url =
      created.confirmation && 'confirmation_url' in created.confirmation
        ? created.confirmation.confirmation_url
        : '';
    const page = await fetch(url as string);
    const html = await page.text();
    expect(html).toContain('1500.00 RUB');
    expect(html).toContain('Plan Pro, 1 month');
    const paid = await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe('https://shop.example/return');
    expect(sandbox.yookassa.getPayment(created.id).status).toBe('succeeded');
    const [notification] = await receiver.waitForCount(1);
    expect(notification?.body).toMatchObject({
      event: 'payment.succeeded',
      object: { id: created.id, paid: true },
    });
  });

  it('cancels on Decline and notifies payment.canceled', async () => {
    const created = (await sdk.payments.paymentsPost(randomUUID(), order as never)).data;
    const response = await fetch(`${sandbox.url}/yookassa/checkout/${created.id}/decline`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const [notification] = await receiver.waitForCount(1);
    expect(notification?.body).toMatchObject({
      event: 'payment.canceled',
      object: { status: 'canceled' },
    });
  });

  it('retries a failing receiver until it answers 2xx', async () => {
    receiver.failNext(500, 503);
    const created = (
      await sdk.payments.paymentsPost(randomUUID(), { ...order, capture: true } as never)
    ).data;
    sandbox.yookassa.pay(created.id);
    const delivery = await sandbox.yookassa.waitForNotification(
      (item) => item.body.object.id === created.id,
    );
    expect(delivery.attempts).toBe(3);
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.map((request) => (request.body as { event: string }).event)).toEqual([
      'payment.succeeded',
      'payment.succeeded',
      'payment.succeeded',
    ]);
  });

  it('sends notifications from the configured source address', async () => {
    sandbox.yookassa.setNotificationSourceAddress('127.0.0.2');
    const created = (await sdk.payments.paymentsPost(randomUUID(), order as never)).data;
    sandbox.yookassa.decline(created.id);
    const [notification] = await receiver.waitForCount(1);
    expect(notification?.remoteAddress).toBe('127.0.0.2');
  });
});

describe('YooKassa control API (connectSandbox)', () => {
  it('switches recurring outcomes, revokes a method and moves notifications over HTTP', async () => {
    const remote = connectSandbox(sandbox.url);
    const first = (
      await sdk.payments.paymentsPost(randomUUID(), {
        ...order,
        capture: true,
        save_payment_method: true,
      } as never)
    ).data;
    const methodId = (await remote.yookassa.pay(first.id)).payment_method?.id as string;
    const charge = () =>
      sdk.payments.paymentsPost(randomUUID(), {
        amount: order.amount,
        capture: true,
        payment_method_id: methodId,
      } as never);
    await remote.yookassa.setRecurringOutcome(
      { status: 'canceled', reason: 'card_expired' },
      { once: true },
    );
    expect((await charge()).data.cancellation_details?.reason).toBe('card_expired');
    expect((await charge()).data.status).toBe('succeeded');
    await remote.yookassa.revokePaymentMethod(methodId);
    expect((await charge()).data.cancellation_details?.reason).toBe('permission_revoked');
    await remote.yookassa.setNotificationUrl(shop.shopId, undefined);
    const quiet = (await sdk.payments.paymentsPost(randomUUID(), order as never)).data;
    expect((await remote.yookassa.expire(quiet.id)).status).toBe('canceled');
    const events = (await remote.yookassa.notifications()).filter(
      (item) => item.body.object.id === quiet.id,
    );
    expect(events).toHaveLength(0);
  });

  it('creates a shop, pays and lists payments and notifications over HTTP', async () => {
    const remote = connectSandbox(sandbox.url);
    const remoteShop = await remote.yookassa.createShop({ notificationUrl: receiver.url });
    const client = sdkFor(remoteShop);
    const created = (
      await client.payments.paymentsPost(randomUUID(), { ...order, capture: true } as never)
    ).data;
    expect((await remote.yookassa.pay(created.id)).status).toBe('succeeded');
    expect(
      (await remote.yookassa.listPayments(remoteShop.shopId)).map((payment) => payment.id),
    ).toEqual([created.id]);
    await receiver.waitForCount(1);
    const declined = (await client.payments.paymentsPost(randomUUID(), order as never)).data;
    expect((await remote.yookassa.decline(declined.id)).status).toBe('canceled');
    await receiver.waitForCount(2);
    const events = (await remote.yookassa.notifications()).map((item) => item.body.event);
    expect(events).toEqual(['payment.succeeded', 'payment.canceled']);
    await expect(remote.yookassa.pay(created.id)).rejects.toThrow(
      /only pending payments can be paid/,
    );
  });
});
