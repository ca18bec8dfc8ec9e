import { createTestTenant, type TestTenant } from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../orders/index.js';
import {
  attachTenantToSubscription,
  findSubscriptionByPurchaseOrder,
  getSubscription,
  listRenewalsDue,
  type Subscription,
  setAutoRenew,
} from '../subscriptions/index.js';
import { getTenant } from '../tenants/index.js';
import { expectAppError } from '../testing/index.js';
import { chargeRenewal, createOrderPayment, processYookassaNotification } from './index.js';
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

/** A Starter bought with (or without) the auto-renewal opt-in, attached to a tenant. */
async function boughtStarter(
  optIn: boolean,
): Promise<{ subscription: Subscription; tenant: TestTenant }> {
  const owner = randomOwnerId();
  const order = await createOrder(world.db, {
    ownerTelegramId: owner,
    planCode: 'starter',
    email: 'owner@example.com',
    savePaymentMethod: optIn,
  });
  const started = await createOrderPayment(world.deps, order.id, { returnUrl: 'https://t.me/x' });
  world.sandbox.yookassa.pay(started.payment.yookassaPaymentId);
  await processYookassaNotification(world.deps, {
    event: 'payment.succeeded',
    objectId: started.payment.yookassaPaymentId,
  });
  const bought = await findSubscriptionByPurchaseOrder(world.db, order.id);
  const tenant = await createTestTenant();
  tenants.push(tenant);
  const subscription = await attachTenantToSubscription(world.db, {
    subscriptionId: bought?.id ?? 0,
    tenantId: tenant.tenant.id,
    ownerTelegramId: owner,
  });
  return { subscription, tenant };
}

function recurringCharges(subscription: Subscription): number {
  return world.sandbox.yookassa
    .listPayments(world.shop.shopId)
    .filter(
      (payment) =>
        payment.description?.includes('Starter') &&
        payment.confirmation === undefined &&
        payment.payment_method?.id !== undefined &&
        payment.metadata?.order_id !== String(subscription.purchaseOrderId),
    )
    .filter((payment) => payment.created_at >= subscription.createdAt.toISOString()).length;
}

describe('auto-renewal', () => {
  it('is off without the opt-in, and cannot be switched on without a saved card', async () => {
    const { subscription } = await boughtStarter(false);
    expect(subscription).toMatchObject({ autoRenew: false, hasPaymentMethod: false });
    const error = await expectAppError(
      setAutoRenew(world.db, {
        subscriptionId: subscription.id,
        ownerTelegramId: subscription.ownerTelegramId,
        enabled: true,
      }),
    );
    expect(error).toMatchObject({ code: 'VALIDATION', details: { reason: 'no_payment_method' } });
    expect(await chargeRenewal(world.deps, subscription.id)).toEqual({
      outcome: 'skipped',
      reason: 'auto_renew_off',
    });
  });

  it('charges the saved card 3 days before the end, once and extending once, however often it runs', async () => {
    const { subscription, tenant } = await boughtStarter(true);
    expect(subscription).toMatchObject({
      autoRenew: true,
      hasPaymentMethod: true,
      paymentMethodTitle: 'Bank card *4444',
    });
    const early = new Date(subscription.paidUntil.getTime() - 4 * DAY);
    expect((await listRenewalsDue(world.db, early, 1000)).map((due) => due.id)).not.toContain(
      subscription.id,
    );
    const now = new Date(subscription.paidUntil.getTime() - 3 * DAY);
    expect((await listRenewalsDue(world.db, now, 1000)).map((due) => due.id)).toContain(
      subscription.id,
    );

    const runs = await Promise.all([
      chargeRenewal(world.deps, subscription.id, { periodEnd: subscription.paidUntil, now }),
      chargeRenewal(world.deps, subscription.id, { periodEnd: subscription.paidUntil, now }),
    ]);
    // The run that comes second sees the first's payment (charged) or, when the first
    // has already extended the period, a period that is no longer due (skipped).
    expect(runs.filter((run) => run.outcome === 'charged').length).toBeGreaterThanOrEqual(1);
    for (const run of runs) {
      expect(run.outcome === 'charged' || run).toEqual(
        run.outcome === 'charged' ? true : { outcome: 'skipped', reason: 'period_changed' },
      );
    }
    const again = await chargeRenewal(world.deps, subscription.id, {
      periodEnd: subscription.paidUntil,
      now,
    });
    // The period moved on: the job of the old period does nothing.
    expect(again).toEqual({ outcome: 'skipped', reason: 'period_changed' });
    const renewed = await getSubscription(world.db, subscription.id);
    expect(renewed.paidUntil.getTime()).toBe(subscription.paidUntil.getTime() + 30 * DAY);
    expect((await getTenant(world.db, tenant.slug)).paidUntil?.getTime()).toBe(
      renewed.paidUntil.getTime(),
    );
    expect(recurringCharges(subscription)).toBe(1);
    expect((await listRenewalsDue(world.db, now, 1000)).map((due) => due.id)).not.toContain(
      subscription.id,
    );
  });

  it.each([
    ['insufficient_funds', 'insufficient_funds'],
    ['card_expired', 'card_expired'],
    ['general_decline', 'declined'],
  ] as const)('reports a charge canceled for %s as %s, once per period', async (reason, kind) => {
    const { subscription } = await boughtStarter(true);
    world.sandbox.yookassa.setRecurringOutcome({ status: 'canceled', reason }, { once: true });
    const failed = await chargeRenewal(world.deps, subscription.id);
    expect(failed).toMatchObject({ outcome: 'failed', failure: kind });
    expect(failed.outcome === 'failed' && failed.deliveryKey).toBe(
      `billing:renewal-failed:${subscription.id}:${subscription.paidUntil.toISOString()}`,
    );
    // Run again for the same period: answered from Postgres, YooKassa is not asked again.
    expect(await chargeRenewal(world.deps, subscription.id)).toMatchObject({
      outcome: 'failed',
      failure: kind,
    });
    expect(recurringCharges(subscription)).toBe(1);
    expect((await getSubscription(world.db, subscription.id)).paidUntil).toEqual(
      subscription.paidUntil,
    );
  });

  it('reports a revoked permission, and the owner can switch auto-renewal off and on', async () => {
    const { subscription } = await boughtStarter(true);
    const method = world.sandbox.yookassa
      .listPayments(world.shop.shopId)
      .find((payment) => payment.metadata?.order_id === String(subscription.purchaseOrderId))
      ?.payment_method?.id;
    world.sandbox.yookassa.revokePaymentMethod(method ?? '');
    expect(await chargeRenewal(world.deps, subscription.id)).toMatchObject({
      outcome: 'failed',
      failure: 'permission_revoked',
    });
    const off = await setAutoRenew(world.db, {
      subscriptionId: subscription.id,
      ownerTelegramId: subscription.ownerTelegramId,
      enabled: false,
    });
    expect(off.autoRenew).toBe(false);
    const forbidden = await expectAppError(
      setAutoRenew(world.db, {
        subscriptionId: subscription.id,
        ownerTelegramId: subscription.ownerTelegramId + 1,
        enabled: true,
      }),
    );
    expect(forbidden.code).toBe('FORBIDDEN');
  });
});
