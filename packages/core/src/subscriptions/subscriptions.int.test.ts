import {
  createTestTenant,
  expectAppError,
  getTestDb,
  type TestTenant,
} from '@booking/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { randomOwnerId } from '../billing/testing/billing-world.js';
import { claimDelivery, tenantDb } from '../index.js';
import { getTenant } from '../tenants/index.js';
import {
  attachTenantToSubscription,
  dueBillingNotice,
  getSubscription,
  hasUsedTrial,
  listBillingNoticesDue,
  listUnattachedSubscriptions,
  startTrial,
  suspendExpiredSubscriptions,
} from './index.js';

const DAY = 86_400_000;
const tenants: TestTenant[] = [];

afterAll(async () => {
  await Promise.all(tenants.map((tenant) => tenant.dispose()));
});

async function trialTenant(now = new Date()) {
  const db = await getTestDb();
  const owner = randomOwnerId();
  const trial = await startTrial(db, owner, now);
  const tenant = await createTestTenant();
  tenants.push(tenant);
  const subscription = await attachTenantToSubscription(db, {
    subscriptionId: trial.id,
    tenantId: tenant.tenant.id,
    ownerTelegramId: owner,
  });
  return { db, owner, subscription, tenant };
}

describe('free trial', () => {
  it('gives an owner’s first bot 7 days, once per Telegram user, even when asked at once', async () => {
    const db = await getTestDb();
    const owner = randomOwnerId();
    const now = new Date();
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, () => startTrial(db, owner, now)),
    );
    const granted = attempts.filter((attempt) => attempt.status === 'fulfilled');
    expect(granted).toHaveLength(1);
    const trial = (granted[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof startTrial>>>)
      .value;
    expect(trial).toMatchObject({ kind: 'trial', planCode: null, tenantId: null });
    expect(trial.paidUntil.getTime()).toBe(now.getTime() + 7 * DAY);
    for (const attempt of attempts) {
      if (attempt.status === 'rejected') {
        expect(attempt.reason).toMatchObject({
          code: 'CONFLICT',
          details: { reason: 'trial_used' },
        });
      }
    }
    expect(await hasUsedTrial(db, owner)).toBe(true);
    expect((await listUnattachedSubscriptions(db, owner)).map((item) => item.id)).toEqual([
      trial.id,
    ]);
  });

  it('the constraint refuses a second trial row whatever the application does', async () => {
    const db = await getTestDb();
    const trial = await startTrial(db, randomOwnerId());
    await expect(
      db
        .insertInto('platform.trials')
        .values({ owner_telegram_id: trial.ownerTelegramId, subscription_id: trial.id })
        .execute(),
    ).rejects.toThrow(/duplicate key/);
  });

  it('attaching gives the tenant the period and plan; another owner or tenant is refused', async () => {
    const { db, owner, subscription, tenant } = await trialTenant();
    const stored = await getTenant(db, tenant.slug);
    expect(stored).toMatchObject({ plan: 'trial', status: 'active' });
    expect(stored.paidUntil?.getTime()).toBe(subscription.paidUntil.getTime());
    expect(
      (
        await expectAppError(
          attachTenantToSubscription(db, {
            subscriptionId: subscription.id,
            tenantId: tenant.tenant.id,
            ownerTelegramId: owner + 1,
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const other = await createTestTenant();
    tenants.push(other);
    const taken = await expectAppError(
      attachTenantToSubscription(db, {
        subscriptionId: subscription.id,
        tenantId: other.tenant.id,
        ownerTelegramId: owner,
      }),
    );
    expect(taken).toMatchObject({ code: 'CONFLICT', details: { reason: 'subscription_attached' } });
  });
});

describe('expiry', () => {
  it('picks the nearest due notice: 7, 3, 1 days, or the warning before a charge', () => {
    const end = new Date('2026-12-20T10:00:00Z');
    const at = (daysBefore: number) => new Date(end.getTime() - daysBefore * DAY);
    expect(dueBillingNotice(end, at(8), false)).toBeUndefined();
    expect(dueBillingNotice(end, at(7), false)).toEqual({ kind: 'expiry', daysBefore: 7 });
    expect(dueBillingNotice(end, at(3.5), false)).toEqual({ kind: 'expiry', daysBefore: 7 });
    expect(dueBillingNotice(end, at(2), false)).toEqual({ kind: 'expiry', daysBefore: 3 });
    expect(dueBillingNotice(end, at(0.5), false)).toEqual({ kind: 'expiry', daysBefore: 1 });
    expect(dueBillingNotice(end, at(0), false)).toBeUndefined();
    expect(dueBillingNotice(end, at(5), true)).toBeUndefined();
    expect(dueBillingNotice(end, at(4), true)).toEqual({ kind: 'renewal_warning' });
    expect(dueBillingNotice(end, at(7), false, 'trial')).toBeUndefined();
    expect(dueBillingNotice(end, at(3), false, 'trial')).toEqual({ kind: 'expiry', daysBefore: 3 });
  });

  it('lists notices due with send-once keys, and claiming a key sends it once', async () => {
    const start = new Date();
    const { db, subscription, tenant } = await trialTenant(start);
    const sixDaysIn = new Date(start.getTime() + 6 * DAY);
    const due = await listBillingNoticesDue(db, sixDaysIn, {
      afterId: subscription.id - 1,
      limit: 1,
    });
    expect(due).toEqual([
      expect.objectContaining({
        notice: { kind: 'expiry', daysBefore: 1 },
        deliveryKey: `billing:expiry-1:${subscription.id}:${subscription.paidUntil.toISOString()}`,
        subscription: expect.objectContaining({ id: subscription.id, tenantSlug: tenant.slug }),
      }),
    ]);
    const deliveries = tenantDb(db, tenant.schema);
    expect(await claimDelivery(deliveries, due[0]?.deliveryKey ?? '', sixDaysIn)).toBe(true);
    expect(await claimDelivery(deliveries, due[0]?.deliveryKey ?? '', sixDaysIn)).toBe(false);
    const twoDaysIn = new Date(start.getTime() + 2 * DAY);
    // A trial skips the 7-day notice: none is due two days in.
    expect(
      await listBillingNoticesDue(db, twoDaysIn, { afterId: subscription.id - 1, limit: 1 }),
    ).toEqual([]);
    const fiveDaysIn = new Date(start.getTime() + 5 * DAY);
    expect(
      (await listBillingNoticesDue(db, fiveDaysIn, { afterId: subscription.id - 1, limit: 1 }))[0]
        ?.notice,
    ).toEqual({ kind: 'expiry', daysBefore: 3 });
  });

  it('suspends a tenant whose period ended, once, and leaves a paid one alone', async () => {
    const start = new Date();
    const ended = await trialTenant(start);
    const running = await trialTenant(new Date(start.getTime() + 2 * DAY));
    const afterEnd = new Date(ended.subscription.paidUntil.getTime() + 1);
    const [first, second] = await Promise.all([
      suspendExpiredSubscriptions(ended.db, afterEnd, 1000),
      suspendExpiredSubscriptions(ended.db, afterEnd, 1000),
    ]);
    const slugs = [...(first ?? []), ...(second ?? [])].map((item) => item.tenant.slug);
    expect(slugs.filter((slug) => slug === ended.tenant.slug)).toHaveLength(1);
    expect(slugs).not.toContain(running.tenant.slug);
    expect((await getTenant(ended.db, ended.tenant.slug)).status).toBe('suspended');
    expect((await getTenant(ended.db, running.tenant.slug)).status).toBe('active');
    expect((await getSubscription(ended.db, ended.subscription.id)).paidUntil).toEqual(
      ended.subscription.paidUntil,
    );
  });
});
