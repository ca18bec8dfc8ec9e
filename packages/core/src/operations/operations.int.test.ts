import {
  createTestTenant,
  expectAppError,
  getTestTenantDeps,
  randomBotToken,
  randomId,
  randomSlug,
  type TestTenant,
} from '@booking/core/testing';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookAppointment } from '../booking/index.js';
import { at, seedSalon } from '../booking/test-fixtures.js';
import { tenantDb } from '../db/index.js';
import { updateSettings } from '../settings/index.js';
import { attachTenantToSubscription, getSubscription, startTrial } from '../subscriptions/index.js';
import {
  getTenant,
  removeFleetHeartbeat,
  type TenantDeps,
  writeFleetHeartbeat,
} from '../tenants/index.js';
import {
  changeTenantPlanBy,
  deleteTenantBy,
  extendTenantBy,
  getPlatformStats,
  getTenantCard,
  listOperatorAudit,
  listTenantsForOperator,
  operatorActor,
  pinTenantBy,
  provisionTenantBy,
  resumeTenantBy,
  suspendTenantBy,
  unpinTenantBy,
} from './index.js';

const DAY_MS = 86_400_000;
const actor = operatorActor(Number(String(Date.now()).slice(-9)));

describe('operator operations', () => {
  let deps: TenantDeps;
  // One marker in every bot username, so searches see only this file's tenants.
  const marker = `op${randomId(6)}`;
  const slugs: string[] = [];
  // Owners of this run only: the shared test database keeps other runs' tenants.
  const ownerBase = 700_000_000 + Math.floor(Math.random() * 90_000_000);

  beforeAll(async () => {
    deps = await getTestTenantDeps();
    for (const [index, plan] of ['trial', 'basic', 'trial'].entries()) {
      const slug = randomSlug();
      slugs.push(slug);
      await provisionTenantBy(deps, actor, {
        slug,
        botToken: randomBotToken(),
        botUsername: `${marker}_${index}_bot`,
        ownerTelegramId: ownerBase + index,
        plan,
        paidUntil: index === 1 ? new Date(Date.now() + 3 * DAY_MS) : undefined,
      });
    }
  });

  afterAll(async () => {
    for (const slug of slugs) {
      await deleteTenantBy(deps, actor, slug, slug).catch(() => undefined);
    }
  });

  it('lists tenants by search, status and "expires within 7 days", in pages with a total', async () => {
    const all = await listTenantsForOperator(deps.db, { search: marker });
    expect(all.tenants.map((t) => t.slug)).toEqual(slugs);
    expect(all.total).toBe(3);

    const byUsername = await listTenantsForOperator(deps.db, { search: `${marker}_1` });
    expect(byUsername.tenants.map((t) => t.slug)).toEqual([slugs[1]]);
    const bySlug = await listTenantsForOperator(deps.db, { search: slugs[2]?.toUpperCase() });
    expect(bySlug.tenants.map((t) => t.slug)).toEqual([slugs[2]]);

    const expiring = await listTenantsForOperator(deps.db, { search: marker, expiringSoon: true });
    expect(expiring.tenants.map((t) => t.slug)).toEqual([slugs[1]]);

    const secondPage = await listTenantsForOperator(
      deps.db,
      { search: marker },
      { page: 2, pageSize: 2 },
    );
    expect(secondPage).toMatchObject({ page: 2, pageSize: 2, total: 3, pages: 2 });
    expect(secondPage.tenants.map((t) => t.slug)).toEqual([slugs[2]]);

    await suspendTenantBy(deps, actor, slugs[0] as string);
    const suspended = await listTenantsForOperator(deps.db, {
      search: marker,
      statuses: ['suspended'],
    });
    expect(suspended.tenants.map((t) => t.slug)).toEqual([slugs[0]]);
    await resumeTenantBy(deps, actor, slugs[0] as string);
  });

  it('finds a tenant by part of the business name in its settings, with the other filters', async () => {
    const named = slugs[1] as string;
    await updateSettings(tenantDb(deps.db, (await getTenant(deps.db, named)).schema), {
      businessName: `Barbería ${marker} Rosa_100%`,
    });
    const byName = await listTenantsForOperator(deps.db, { search: `${marker.toUpperCase()} ro` });
    expect(byName.tenants.map((t) => t.slug)).toEqual([named]);
    expect(byName.total).toBe(1);
    // Wildcards in the search are plain characters.
    const literal = await listTenantsForOperator(deps.db, { search: `${marker} Rosa_100%` });
    expect(literal.tenants.map((t) => t.slug)).toEqual([named]);
    const wildcard = await listTenantsForOperator(deps.db, { search: `${marker} Rosa%1` });
    expect(wildcard.total).toBe(0);
    const suspendedOnly = await listTenantsForOperator(deps.db, {
      search: `${marker} rosa`,
      statuses: ['suspended'],
    });
    expect(suspendedOnly.total).toBe(0);
  });

  it('finds a tenant by its owner id', async () => {
    const byOwner = await listTenantsForOperator(deps.db, { search: String(ownerBase + 2) });
    expect(byOwner.tenants.map((t) => t.slug)).toContain(slugs[2]);
  });

  it('audits each change with its actor, and refuses a deletion whose confirmation differs', async () => {
    const slug = slugs[0] as string;
    await suspendTenantBy(deps, actor, slug);
    await resumeTenantBy(deps, actor, slug);
    await pinTenantBy(deps, actor, slug);
    expect((await getTenant(deps.db, slug)).pinned).toBe(true);
    await unpinTenantBy(deps, actor, slug);
    await changeTenantPlanBy(deps, actor, slug, 'premium');
    const entries = await listOperatorAudit(deps.db, { target: slug });
    expect(entries.map((entry) => entry.action).slice(0, 7)).toEqual([
      'tenant.plan_changed',
      'tenant.updated',
      'tenant.unpinned',
      'tenant.pinned',
      'tenant.resumed',
      'tenant.suspended',
      'tenant.resumed',
    ]);
    expect(entries.every((entry) => entry.actor === actor)).toBe(true);
    expect(entries[0]?.details).toEqual({ from: 'trial', to: 'premium' });

    const unknownPlan = await expectAppError(changeTenantPlanBy(deps, actor, slug, 'pro'));
    expect(unknownPlan.code).toBe('VALIDATION');
    expect(unknownPlan.details).toMatchObject({ fields: ['plan'] });
    expect((await getTenant(deps.db, slug)).plan).toBe('premium');

    const error = await expectAppError(deleteTenantBy(deps, actor, slug, `${slug}x`));
    expect(error.code).toBe('VALIDATION');
    expect((await getTenant(deps.db, slug)).status).toBe('active');
  });

  it('extends the paid period with a manual payment that shows in revenue', async () => {
    const slug = slugs[2] as string;
    const before = await getPlatformStats(deps.db);
    const month = new Date().toISOString().slice(0, 7);
    const revenueOf = (stats: typeof before) =>
      stats.revenuePerMonth.find((row) => row.month === month && row.currency === 'RUB')
        ?.amountMinor ?? 0;

    const tenant = await extendTenantBy(deps, actor, slug, {
      amountMinor: 123_45,
      periodDays: 30,
      comment: 'bank transfer',
    });
    const expected = Date.now() + 30 * DAY_MS;
    expect(Math.abs((tenant.paidUntil?.getTime() ?? 0) - expected)).toBeLessThan(60_000);
    const again = await extendTenantBy(deps, actor, slug, { amountMinor: 100, periodDays: 1 });
    expect(again.paidUntil?.getTime()).toBe((tenant.paidUntil?.getTime() ?? 0) + DAY_MS);

    const bad = await expectAppError(
      extendTenantBy(deps, actor, slug, { amountMinor: -1, periodDays: 0, currency: 'rub' }),
    );
    expect(bad.code).toBe('VALIDATION');
    expect(bad.details?.fields).toEqual(['amountMinor', 'currency', 'periodDays']);

    const after = await getPlatformStats(deps.db);
    // Other files may add payments meanwhile: at least ours.
    expect(revenueOf(after) - revenueOf(before)).toBeGreaterThanOrEqual(123_45 + 100);
    expect(after.trialConversion.converted).toBeGreaterThanOrEqual(1);
    expect(after.bookingsPerDay).toHaveLength(14);
    expect(after.tenantsByStatus.active).toBeGreaterThanOrEqual(3);
  });
});

describe('a manual payment for a tenant bought through the storefront', () => {
  it('extends its subscription, the period the billing sweep reads, together with the tenant', async () => {
    const deps = await getTestTenantDeps();
    const slug = randomSlug();
    const owner = 800_000_000 + Math.floor(Math.random() * 99_999_999);
    const { tenant } = await provisionTenantBy(deps, actor, {
      slug,
      botToken: randomBotToken(),
      ownerTelegramId: owner,
    });
    try {
      const trial = await startTrial(deps.db, owner);
      await attachTenantToSubscription(deps.db, {
        subscriptionId: trial.id,
        tenantId: tenant.id,
        ownerTelegramId: owner,
      });
      // A trial has no price to extend at: the operator is told to pick a plan first.
      const onTrial = await expectAppError(
        extendTenantBy(deps, actor, slug, { amountMinor: 79_900, periodDays: 90 }),
      );
      expect(onTrial.code).toBe('VALIDATION');
      expect(onTrial.details?.fields).toEqual(['plan']);

      await changeTenantPlanBy(deps, actor, slug, 'standard');
      const extended = await extendTenantBy(deps, actor, slug, {
        amountMinor: 79_900,
        periodDays: 90,
      });
      const subscription = await getSubscription(deps.db, trial.id);
      expect(subscription).toMatchObject({ kind: 'paid', planCode: 'standard' });
      expect(subscription.paidUntil.getTime()).toBe(extended.paidUntil?.getTime());
      // From the trial's end, which was later than now.
      expect(subscription.paidUntil.getTime()).toBe(trial.paidUntil.getTime() + 90 * DAY_MS);
    } finally {
      await deleteTenantBy(deps, actor, slug, slug);
    }
  });
});

describe('tenant card', () => {
  let tenant: TestTenant;

  beforeAll(async () => {
    tenant = await createTestTenant();
  });
  afterAll(async () => {
    await tenant.dispose();
  });

  it('shows bookings of the last 30 days, the last customer activity and the serving process', async () => {
    const deps = await getTestTenantDeps();
    const salon = await seedSalon(tenant.db, { specialists: 1, clients: 1 });
    // A week of its own, far ahead, for this run: bookings of other test files, made at
    // their own clocks, stay out of its statistics window and the counts are exact.
    const monday = DateTime.fromISO('2041-01-07', { zone: salon.timeZone }).plus({
      weeks: Math.floor(Math.random() * 2_000),
    });
    const day = (offset: number, time: string) =>
      at(`${monday.plus({ days: offset }).toISODate()}T${time}`, salon.timeZone);
    // The clock of the card and the statistics: Thursday morning of that week.
    const now = day(3, '08:00');
    const perDay = async () =>
      new Map(
        (await getPlatformStats(deps.db, now)).bookingsPerDay.map((entry) => [
          entry.day,
          entry.count,
        ]),
      );
    const before = await perDay();
    // One booking made on Monday, one on Thursday: each is stamped at its own clock.
    for (const madeOn of [0, 3]) {
      await bookAppointment(
        tenant.db,
        {
          clientId: salon.clientIds[0] as number,
          serviceId: salon.serviceId,
          staffId: 'any',
          startsAt: day(madeOn, '12:00'),
        },
        { now: day(madeOn, '08:00') },
      );
    }
    const instance = `test-${randomId(6)}`;
    const beatAt = new Date().toISOString();
    await writeFleetHeartbeat(deps.redis, {
      instance,
      intake: 'polling',
      startedAt: beatAt,
      at: beatAt,
      tenants: [tenant.slug],
      polling: [tenant.slug],
      tokenRejected: [],
      failing: [],
    });

    const card = await getTenantCard(deps, tenant.slug, now);
    expect(card.bookingsLast30Days).toBe(2);
    // Thirty days later the Monday booking has left the window; the Thursday one has not.
    expect((await getTenantCard(deps, tenant.slug, day(3 + 30, '06:00'))).bookingsLast30Days).toBe(
      1,
    );
    // The newest booking was made then; the client was seeded at the real, earlier clock.
    expect(card.lastCustomerActivity).toEqual(now);
    expect(card.servedBy).toMatchObject({ kind: 'fleet' });
    expect(card.servedBy.kind === 'fleet' && card.servedBy.instances).toContain(instance);

    await pinTenantBy(deps, actor, tenant.slug);
    expect((await getTenantCard(deps, tenant.slug)).servedBy).toEqual({ kind: 'pinned' });
    await removeFleetHeartbeat(deps.redis, instance);

    const after = await perDay();
    expect(after.size).toBe(14);
    const utcDay = (offset: number) => day(offset, '08:00').toISOString().slice(0, 10);
    const added = [...after].map(([date, count]) => [date, count - (before.get(date) ?? 0)]);
    expect(added.filter(([, count]) => count !== 0)).toEqual([
      [utcDay(0), 1],
      [utcDay(3), 1],
    ]);
    expect(after.has(utcDay(4))).toBe(false);

    const missing = await expectAppError(getTenantCard(deps, randomSlug()));
    expect(missing.code).toBe('NOT_FOUND');
  });
});
