import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../orders/index.js';
import { findPaymentByOrder, listPaymentTransitions } from '../payments/index.js';
import { listPlans } from '../plans/index.js';
import { findSubscriptionByPurchaseOrder } from '../subscriptions/index.js';
import { expectAppError } from '../testing/index.js';
import { createOrderPayment, processYookassaNotification, syncOrderPayment } from './index.js';
import { type BillingWorld, randomOwnerId, startBillingWorld } from './testing/billing-world.js';

let world: BillingWorld;

beforeAll(async () => {
  world = await startBillingWorld();
});
afterAll(async () => {
  await world.close();
});

const DAY = 86_400_000;

describe('plans', () => {
  it('are seeded with their periods and prices in kopecks', async () => {
    const plans = await listPlans(world.db);
    expect(plans.map((plan) => [plan.code, plan.name, plan.periodDays, plan.priceKopecks])).toEqual(
      [
        ['starter', 'Starter', 30, 29_900],
        ['standard', 'Standard', 90, 79_900],
        ['business', 'Business', 180, 149_900],
        ['premium', 'Premium', 365, 249_900],
      ],
    );
  });
});

describe('checkout', () => {
  it('creates the payment with a receipt, and a paid notification creates the subscription', async () => {
    const owner = randomOwnerId();
    const order = await createOrder(world.db, {
      ownerTelegramId: owner,
      planCode: 'standard',
      email: 'anna@example.com',
      businessName: 'Anna Beauty',
    });
    expect(order).toMatchObject({ status: 'new', amountKopecks: 79_900, periodDays: 90 });
    const started = await createOrderPayment(world.deps, order.id, {
      returnUrl: 'https://t.me/sales_bot',
    });
    expect(started.confirmationUrl).toMatch(/\/yookassa\/checkout\//);
    expect(started.order.status).toBe('pending');
    const remote = world.sandbox.yookassa.getPayment(started.payment.yookassaPaymentId);
    expect(remote).toMatchObject({
      amount: { value: '799.00', currency: 'RUB' },
      metadata: { order_id: String(order.id) },
      receipt_registration: 'pending',
    });

    world.sandbox.yookassa.pay(remote.id);
    const paidAt = new Date();
    const processed = await processYookassaNotification(
      world.deps,
      { event: 'payment.succeeded', objectId: remote.id },
      paidAt,
    );
    expect(processed.kind).toBe('payment');
    const subscription = await findSubscriptionByPurchaseOrder(world.db, order.id);
    expect(subscription).toMatchObject({
      ownerTelegramId: owner,
      kind: 'paid',
      planCode: 'standard',
    });
    expect(subscription?.paidUntil.getTime()).toBe(paidAt.getTime() + 90 * DAY);
    const payment = await findPaymentByOrder(world.db, order.id);
    expect(payment?.status).toBe('succeeded');
    expect(
      (await listPaymentTransitions(world.db, payment?.id ?? 0)).map((step) => step.status),
    ).toEqual(['pending', 'succeeded']);
  });

  it('asks YooKassa once per order however often the payment is started', async () => {
    const order = await createOrder(world.db, {
      ownerTelegramId: randomOwnerId(),
      planCode: 'starter',
      email: 'b@example.com',
    });
    const [first, second] = await Promise.all([
      createOrderPayment(world.deps, order.id, { returnUrl: 'https://t.me/x' }),
      createOrderPayment(world.deps, order.id, { returnUrl: 'https://t.me/x' }),
    ]);
    expect(second.payment.yookassaPaymentId).toBe(first.payment.yookassaPaymentId);
    const third = await createOrderPayment(world.deps, order.id, { returnUrl: 'https://t.me/x' });
    expect(third.payment.yookassaPaymentId).toBe(first.payment.yookassaPaymentId);
    expect(
      world.sandbox.yookassa
        .listPayments(world.shop.shopId)
        .filter((payment) => payment.metadata?.order_id === String(order.id)),
    ).toHaveLength(1);
  });

  it('a declined payment cancels the order and grants nothing; "I have paid" re-reads it', async () => {
    const order = await createOrder(world.db, {
      ownerTelegramId: randomOwnerId(),
      planCode: 'starter',
      email: 'c@example.com',
    });
    const started = await createOrderPayment(world.deps, order.id, { returnUrl: 'https://t.me/x' });
    expect((await syncOrderPayment(world.deps, order.id)).payment.status).toBe('pending');
    world.sandbox.yookassa.decline(started.payment.yookassaPaymentId);
    const synced = await syncOrderPayment(world.deps, order.id);
    expect(synced).toMatchObject({ reached: 'canceled', order: { status: 'canceled' } });
    expect(synced.payment.cancellationReason).toBe('payment_canceled');
    expect(await findSubscriptionByPurchaseOrder(world.db, order.id)).toBeUndefined();
    const closed = await expectAppError(
      createOrderPayment(world.deps, order.id + 1_000_000_000, { returnUrl: 'https://t.me/x' }),
    );
    expect(closed.code).toBe('NOT_FOUND');
  });

  it('refuses a bad email with a message saying what is expected', async () => {
    const error = await expectAppError(
      createOrder(world.db, {
        ownerTelegramId: randomOwnerId(),
        planCode: 'starter',
        email: 'nope',
      }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.details.fields).toEqual(['email']);
    expect(error.message).toContain('must be an email address such as anna@example.com');
    expect(
      (
        await expectAppError(
          createOrder(world.db, {
            ownerTelegramId: randomOwnerId(),
            planCode: 'gold',
            email: 'a@b.co',
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });
});
