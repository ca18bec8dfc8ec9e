import { createTestTenant, type TestTenant } from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, getOrder, listStalePendingOrders } from '../orders/index.js';
import { findPaymentByOrder, listPaymentTransitions, listRefunds } from '../payments/index.js';
import {
  attachTenantToSubscription,
  findSubscriptionByPurchaseOrder,
  getSubscription,
  type Subscription,
  suspendExpiredSubscriptions,
} from '../subscriptions/index.js';
import { getTenant } from '../tenants/index.js';
import { expectAppError } from '../testing/index.js';
import { buildServiceReceipt } from '../yookassa/index.js';
import {
  createOrderPayment,
  parseYookassaNotification,
  processYookassaNotification,
  refundOrderPayment,
  syncOrderPayment,
  type YookassaEvent,
} from './index.js';
import { type BillingWorld, randomOwnerId, startBillingWorld } from './testing/billing-world.js';

let world: BillingWorld;
const tenants: TestTenant[] = [];

beforeAll(async () => {
  world = await startBillingWorld();
});
afterAll(async () => {
  await Promise.all(tenants.map((tenant) => tenant.dispose()));
  await world.close();
});

const DAY = 86_400_000;

/** A pending payment of a new order, as the customer sees it before paying. */
async function startPurchase(planCode = 'standard', owner = randomOwnerId()) {
  const order = await createOrder(world.db, {
    ownerTelegramId: owner,
    planCode,
    email: 'owner@example.com',
  });
  const started = await createOrderPayment(world.deps, order.id, {
    returnUrl: 'https://t.me/sales_bot',
  });
  return { order, owner, paymentId: started.payment.yookassaPaymentId };
}

function notify(event: YookassaEvent, objectId: string, now = new Date()) {
  return processYookassaNotification(world.deps, { event, objectId }, now);
}

/** A bought subscription attached to a fresh tenant. */
async function subscribedTenant(): Promise<{ tenant: TestTenant; subscription: Subscription }> {
  const { order, owner, paymentId } = await startPurchase('starter');
  world.sandbox.yookassa.pay(paymentId);
  await notify('payment.succeeded', paymentId);
  const bought = await findSubscriptionByPurchaseOrder(world.db, order.id);
  const tenant = await createTestTenant();
  tenants.push(tenant);
  const subscription = await attachTenantToSubscription(world.db, {
    subscriptionId: bought?.id ?? 0,
    tenantId: tenant.tenant.id,
    ownerTelegramId: owner,
  });
  return { tenant, subscription };
}

describe('YooKassa notifications', () => {
  it('reads only the event and object id of a body', () => {
    expect(
      parseYookassaNotification({
        type: 'notification',
        event: 'payment.succeeded',
        object: { id: '2f1-000f-5000', status: 'succeeded', paid: true },
      }),
    ).toEqual({ event: 'payment.succeeded', objectId: '2f1-000f-5000' });
    expect(
      parseYookassaNotification({
        type: 'notification',
        event: 'deal.closed',
        object: { id: 'x' },
      }),
    ).toBeUndefined();
    expect(
      parseYookassaNotification({ event: 'payment.succeeded', object: { id: '../x' } }),
    ).toBeUndefined();
  });

  it('a success claimed for a payment the API says is pending changes nothing', async () => {
    const { order, paymentId } = await startPurchase();
    const processed = await notify('payment.succeeded', paymentId);
    expect(processed).toMatchObject({ kind: 'payment', applied: { reached: undefined } });
    expect((await findPaymentByOrder(world.db, order.id))?.status).toBe('pending');
    expect(await findSubscriptionByPurchaseOrder(world.db, order.id)).toBeUndefined();
  });

  it('an unknown payment id is refused as not found, and nothing is written', async () => {
    const error = await expectAppError(
      notify('payment.succeeded', '2f0c8c4a-000f-5000-8000-1b1b1b1b1b1b'),
    );
    expect(error.code).toBe('NOT_FOUND');
  });

  it('5 identical notifications at once extend once', async () => {
    const { tenant, subscription } = await subscribedTenant();
    const renewal = await createOrder(world.db, {
      ownerTelegramId: subscription.ownerTelegramId,
      planCode: 'standard',
      email: 'owner@example.com',
      subscriptionId: subscription.id,
    });
    const started = await createOrderPayment(world.deps, renewal.id, {
      returnUrl: 'https://t.me/x',
    });
    world.sandbox.yookassa.pay(started.payment.yookassaPaymentId);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        notify('payment.succeeded', started.payment.yookassaPaymentId),
      ),
    );
    expect(
      results.filter(
        (result) => result.kind === 'payment' && result.applied.reached === 'succeeded',
      ),
    ).toHaveLength(1);
    const extended = await getSubscription(world.db, subscription.id);
    // A renewal before the end extends from the current end, not from now.
    expect(extended.paidUntil.getTime()).toBe(subscription.paidUntil.getTime() + 90 * DAY);
    expect(extended.planCode).toBe('standard');
    expect((await getTenant(world.db, tenant.slug)).paidUntil?.getTime()).toBe(
      extended.paidUntil.getTime(),
    );
  });

  it('notifications out of order, stale and duplicated, at once: one extension, final state right', async () => {
    const { order, paymentId } = await startPurchase('business');
    world.sandbox.yookassa.pay(paymentId);
    const now = new Date();
    const events: YookassaEvent[] = [
      'payment.canceled',
      'payment.succeeded',
      'payment.waiting_for_capture',
      'payment.succeeded',
      'payment.canceled',
    ];
    await Promise.all(events.map((event) => notify(event, paymentId, now)));
    const payment = await findPaymentByOrder(world.db, order.id);
    expect(payment?.status).toBe('succeeded');
    expect(
      (await listPaymentTransitions(world.db, payment?.id ?? 0)).map((step) => step.status),
    ).toEqual(['pending', 'succeeded']);
    const subscription = await findSubscriptionByPurchaseOrder(world.db, order.id);
    expect(subscription?.paidUntil.getTime()).toBe(now.getTime() + 180 * DAY);
    // A late stale event afterwards moves nothing back.
    await notify('payment.waiting_for_capture', paymentId);
    expect((await findPaymentByOrder(world.db, order.id))?.status).toBe('succeeded');
  });

  it('a payment for a suspended tenant resumes it, its period from now', async () => {
    const { tenant, subscription } = await subscribedTenant();
    const afterEnd = new Date(subscription.paidUntil.getTime() + 1_000);
    const suspended = await suspendExpiredSubscriptions(world.db, afterEnd);
    expect(suspended.map((item) => item.tenant.slug)).toContain(tenant.slug);
    expect((await getTenant(world.db, tenant.slug)).status).toBe('suspended');

    const renewal = await createOrder(world.db, {
      ownerTelegramId: subscription.ownerTelegramId,
      planCode: 'starter',
      email: 'owner@example.com',
      subscriptionId: subscription.id,
    });
    const started = await createOrderPayment(world.deps, renewal.id, {
      returnUrl: 'https://t.me/x',
    });
    world.sandbox.yookassa.pay(started.payment.yookassaPaymentId);
    const later = new Date(afterEnd.getTime() + 5 * DAY);
    await notify('payment.succeeded', started.payment.yookassaPaymentId, later);
    const resumed = await getTenant(world.db, tenant.slug);
    expect(resumed.status).toBe('active');
    expect(resumed.paidUntil?.getTime()).toBe(later.getTime() + 30 * DAY);
  });

  it('a partial refund shortens the period in proportion; a full one ends it and suspends the tenant', async () => {
    const { tenant, subscription } = await subscribedTenant();
    const orderId = subscription.purchaseOrderId ?? 0;
    // 299.00 ₽ bought 30 days: 99.67 ₽ back is 10 days, to the second.
    const partial = await refundOrderPayment(world.deps, orderId, { amountKopecks: 9_967 });
    expect(partial).toMatchObject({ applied: true, ended: false });
    // Applied when YooKassa answered: the notifications that follow change nothing.
    const results = await Promise.all(
      Array.from({ length: 3 }, () => notify('refund.succeeded', partial.refund.yookassaRefundId)),
    );
    expect(
      results.filter((result) => result.kind === 'refund' && result.applied?.applied),
    ).toHaveLength(0);
    const shortened = await getSubscription(world.db, subscription.id);
    const expectedSeconds = Math.round((30 * 86_400 * 9_967) / 29_900);
    expect(subscription.paidUntil.getTime() - shortened.paidUntil.getTime()).toBe(
      expectedSeconds * 1000,
    );
    expect((await getTenant(world.db, tenant.slug)).status).toBe('active');

    const now = new Date();
    const full = await refundOrderPayment(world.deps, orderId, { now });
    expect(full).toMatchObject({ applied: true, ended: true, refund: { amountKopecks: 19_933 } });
    expect((await getSubscription(world.db, subscription.id)).paidUntil.getTime()).toBe(
      now.getTime(),
    );
    expect((await getTenant(world.db, tenant.slug)).status).toBe('suspended');
    const payment = await findPaymentByOrder(world.db, orderId);
    expect(payment?.refundedKopecks).toBe(29_900);
    const refunds = await listRefunds(world.db, payment?.id ?? 0);
    expect(refunds.map((refund) => refund.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('a refund notified before its payment applies the payment first, then the refund', async () => {
    const { order, paymentId } = await startPurchase('starter');
    world.sandbox.yookassa.pay(paymentId);
    // Refunded behind billing's back (in YooKassa's dashboard, say): billing learns of
    // the refund before it applied the payment.
    const refund = await world.client().createRefund(
      {
        payment_id: paymentId,
        amount: { value: '299.00', currency: 'RUB' },
        receipt: buildServiceReceipt(
          'Refund',
          { value: '299.00', currency: 'RUB' },
          'owner@example.com',
          { vatCode: 11 },
        ),
      },
      `refund-early-${paymentId}`,
    );
    const now = new Date();
    await notify('refund.succeeded', refund.id, now);
    await notify('payment.succeeded', paymentId, now);
    const subscription = await findSubscriptionByPurchaseOrder(world.db, order.id);
    expect(subscription?.paidUntil.getTime()).toBe(now.getTime());
  });

  it('captures a payment waiting for capture, then applies its success', async () => {
    const order = await createOrder(world.db, {
      ownerTelegramId: randomOwnerId(),
      planCode: 'starter',
      email: 'owner@example.com',
    });
    // A two-stage payment of the order (as a dashboard setting would make it).
    const amount = { value: '299.00', currency: 'RUB' };
    const twoStage = await world.deps.yookassa.createPayment(
      {
        amount,
        description: 'Starter',
        receipt: buildServiceReceipt('Starter', amount, 'owner@example.com', { vatCode: 11 }),
        capture: false,
        confirmation: { type: 'redirect', return_url: 'https://t.me/x' },
        metadata: { order_id: String(order.id) },
      },
      `two-stage-${order.id}`,
    );
    world.sandbox.yookassa.pay(twoStage.id);
    expect(world.sandbox.yookassa.getPayment(twoStage.id).status).toBe('waiting_for_capture');
    const processed = await notify('payment.waiting_for_capture', twoStage.id);
    expect(processed).toMatchObject({ kind: 'payment', applied: { reached: 'succeeded' } });
    expect(world.sandbox.yookassa.getPayment(twoStage.id).status).toBe('succeeded');
    expect(await findSubscriptionByPurchaseOrder(world.db, order.id)).toBeDefined();
  });

  it('a payment whose amount is not its order’s grants nothing', async () => {
    const order = await createOrder(world.db, {
      ownerTelegramId: randomOwnerId(),
      planCode: 'premium',
      email: 'owner@example.com',
    });
    const cheap = { value: '1.00', currency: 'RUB' };
    const forged = await world.deps.yookassa.createPayment(
      {
        amount: cheap,
        description: 'Premium',
        receipt: buildServiceReceipt('Premium', cheap, 'owner@example.com', { vatCode: 11 }),
        capture: true,
        confirmation: { type: 'redirect', return_url: 'https://t.me/x' },
        metadata: { order_id: String(order.id) },
      },
      `cheap-${order.id}`,
    );
    world.sandbox.yookassa.pay(forged.id);
    await expect(notify('payment.succeeded', forged.id)).rejects.toThrow(/is for 1.00 RUB/);
    expect(await findPaymentByOrder(world.db, order.id)).toBeUndefined();
    expect(await findSubscriptionByPurchaseOrder(world.db, order.id)).toBeUndefined();
    expect((await getOrder(world.db, order.id)).status).toBe('new');
  });

  it('a sweep of stale pending orders applies a payment whose notification was lost', async () => {
    const { order, paymentId } = await startPurchase('starter');
    world.sandbox.yookassa.pay(paymentId);
    const stale = await listStalePendingOrders(world.db, new Date(Date.now() + 60_000), 1000);
    expect(stale.map((item) => item.id)).toContain(order.id);
    expect((await syncOrderPayment(world.deps, order.id)).reached).toBe('succeeded');
    expect(
      (await listStalePendingOrders(world.db, new Date(Date.now() + 60_000), 1000)).map(
        (item) => item.id,
      ),
    ).not.toContain(order.id);
  });

  it('a payment racing the expiry sweep leaves the tenant active with the paid period', async () => {
    const { tenant, subscription } = await subscribedTenant();
    const renewal = await createOrder(world.db, {
      ownerTelegramId: subscription.ownerTelegramId,
      planCode: 'starter',
      email: 'owner@example.com',
      subscriptionId: subscription.id,
    });
    const started = await createOrderPayment(world.deps, renewal.id, {
      returnUrl: 'https://t.me/x',
    });
    world.sandbox.yookassa.pay(started.payment.yookassaPaymentId);
    const afterEnd = new Date(subscription.paidUntil.getTime() + 1_000);
    await Promise.all([
      suspendExpiredSubscriptions(world.db, afterEnd, 1000),
      notify('payment.succeeded', started.payment.yookassaPaymentId, afterEnd),
      suspendExpiredSubscriptions(world.db, afterEnd, 1000),
    ]);
    const stored = await getTenant(world.db, tenant.slug);
    expect(stored.status).toBe('active');
    expect(stored.paidUntil?.getTime()).toBe(afterEnd.getTime() + 30 * DAY);
  });
});
