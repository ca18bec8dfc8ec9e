import { request } from 'node:http';
import {
  createOrder,
  createOrderPayment,
  findPaymentByOrder,
  getOrder,
  getSubscription,
  getTenant,
  listPaymentTransitions,
  listUnattachedSubscriptions,
  type YookassaEvent,
  yookassaNotificationJobId,
} from '@booking/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaidBot, paidBot, type SalesHarness, startSalesHarness } from '../testing/harness.js';

const DAY_MS = 86_400_000;

let harness: SalesHarness;
let paid: PaidBot;

beforeAll(async () => {
  harness = await startSalesHarness();
  // The tests send the notifications themselves.
  harness.sandbox.yookassa.setNotificationUrl(harness.shop.shopId, undefined);
  paid = await paidBot(harness);
});

afterAll(async () => {
  await harness?.disposeTenant(paid.tenant);
  await harness?.stop();
});

/** POSTs a notification to the webhook from `localAddress` (any 127.x works on Linux). */
function notify(
  event: YookassaEvent,
  objectId: string,
  localAddress = '127.0.0.1',
  headers: Record<string, string> = {},
): Promise<number> {
  const body = JSON.stringify({
    type: 'notification',
    event,
    object: { id: objectId, status: 'succeeded', paid: true },
  });
  return new Promise((resolve, reject) => {
    const outgoing = request(
      harness.webhookUrl,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (answer) => {
        answer.resume();
        answer.on('end', () => resolve(answer.statusCode ?? 0));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Waits until the notification's job has finished (completed or failed for good). */
async function processed(event: YookassaEvent, objectId: string): Promise<string> {
  const id = yookassaNotificationJobId({ event, objectId });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const state = await harness.app.jobs.queue.getJobState(id);
    if (state === 'completed' || state === 'failed') {
      return state;
    }
    if (Date.now() > deadline) {
      throw new Error(`job ${id} is still ${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A renewal order of the paid bot with its payment created (pending). */
async function pendingRenewal() {
  const order = await createOrder(harness.app.billing.db, {
    ownerTelegramId: paid.ownerId,
    planCode: 'standard',
    email: 'owner@example.com',
    locale: 'en',
    subscriptionId: paid.subscriptionId,
  });
  const started = await createOrderPayment(harness.app.billing, order.id, {
    returnUrl: 'https://t.me/x',
  });
  return { order, paymentId: started.payment.yookassaPaymentId };
}

describe('POST /yookassa/webhook', () => {
  it('refuses a notification from an address outside the allowed sources, and changes nothing', async () => {
    const { order, paymentId } = await pendingRenewal();
    harness.sandbox.yookassa.pay(paymentId);
    expect(await notify('payment.succeeded', paymentId, '127.0.0.2')).toBe(403);
    // X-Forwarded-For is believed only from a configured proxy, and none is configured.
    expect(
      await notify('payment.succeeded', paymentId, '127.0.0.3', { 'x-forwarded-for': '127.0.0.1' }),
    ).toBe(403);
    const id = yookassaNotificationJobId({ event: 'payment.succeeded', objectId: paymentId });
    expect(await harness.app.jobs.queue.getJob(id)).toBeUndefined();
    expect((await getOrder(harness.app.billing.db, order.id)).status).toBe('pending');
    expect((await findPaymentByOrder(harness.app.billing.db, order.id))?.status).toBe('pending');
  });

  it('applies what the API says, not what an allowed notification claims', async () => {
    const before = await getSubscription(harness.app.billing.db, paid.subscriptionId);
    const { order, paymentId } = await pendingRenewal();
    expect(await notify('payment.succeeded', paymentId)).toBe(200);
    expect(await processed('payment.succeeded', paymentId)).toBe('completed');
    expect((await getOrder(harness.app.billing.db, order.id)).status).toBe('pending');
    expect((await findPaymentByOrder(harness.app.billing.db, order.id))?.status).toBe('pending');
    const after = await getSubscription(harness.app.billing.db, paid.subscriptionId);
    expect(after.paidUntil.getTime()).toBe(before.paidUntil.getTime());
  });

  it('extends once for the same notification five times at once and for late older ones', async () => {
    const before = await getSubscription(harness.app.billing.db, paid.subscriptionId);
    const { order, paymentId } = await pendingRenewal();
    harness.sandbox.yookassa.pay(paymentId);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => notify('payment.succeeded', paymentId)),
    );
    expect(answers).toEqual([200, 200, 200, 200, 200]);
    // An older event arriving after the newer one, and the newest once more.
    expect(await notify('payment.waiting_for_capture', paymentId)).toBe(200);
    expect(await processed('payment.succeeded', paymentId)).toBe('completed');
    expect(await processed('payment.waiting_for_capture', paymentId)).toBe('completed');
    expect(await notify('payment.succeeded', paymentId)).toBe(200);

    const after = await getSubscription(harness.app.billing.db, paid.subscriptionId);
    expect(after.paidUntil.getTime() - before.paidUntil.getTime()).toBe(90 * DAY_MS);
    const tenant = await getTenant(harness.app.billing.db, paid.tenant.slug);
    expect(tenant.paidUntil?.getTime()).toBe(after.paidUntil.getTime());
    expect((await getOrder(harness.app.billing.db, order.id)).status).toBe('paid');
    const payment = await findPaymentByOrder(harness.app.billing.db, order.id);
    expect(payment?.status).toBe('succeeded');
    const transitions = await listPaymentTransitions(harness.app.billing.db, payment?.id ?? 0);
    expect(transitions.map((transition) => transition.status)).toEqual(['pending', 'succeeded']);
    // The owner heard about the renewal once.
    const chat = harness.sandbox.chat(harness.bot, paid.ownerId);
    await chat.waitFor(/Payment received/);
    expect(chat.botMessages().filter((m) => m.text.includes('Payment received'))).toHaveLength(1);
    expect(await listUnattachedSubscriptions(harness.app.billing.db, paid.ownerId)).toEqual([]);
  });
});
