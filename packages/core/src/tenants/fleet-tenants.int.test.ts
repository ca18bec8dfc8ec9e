import { once } from 'node:events';
import {
  createTestTenant,
  expectAppError,
  getTestTenantDeps,
  randomBotToken,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../redis/index.js';
import {
  deleteTenant,
  getTenant,
  getTenantBotToken,
  listFleetTenants,
  markTenantTokenRejected,
  parseTenantChange,
  pinTenant,
  replaceTenantBotToken,
  resumeTenant,
  suspendTenant,
  TENANT_CHANGES_CHANNEL,
  type TenantChangeNotice,
  unpinTenant,
} from './index.js';

const subscriber = createRedis(TEST_REDIS_URL, { connectionName: 'test-tenant-changes' });
const heard: TenantChangeNotice[] = [];

let probesHeard = 0;

beforeAll(async () => {
  subscriber.on('message', (_channel, message) => {
    if (message === 'probe') {
      probesHeard += 1;
      return;
    }
    const notice = parseTenantChange(message);
    if (notice) {
      heard.push(notice);
    }
  });
  // Subscribing before the connection's ready check (an INFO) would refuse that check.
  if (subscriber.status !== 'ready') {
    await once(subscriber, 'ready');
  }
  await subscriber.subscribe(TENANT_CHANGES_CHANNEL);
  // Listen only once the subscription is seen to deliver (a busy machine is slow to).
  const publisher = (await getTestTenantDeps()).redis;
  for (let waited = 0; probesHeard === 0 && waited < 10_000; waited += 100) {
    await publisher.publish(TENANT_CHANGES_CHANNEL, 'probe');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(probesHeard).toBeGreaterThan(0);
});
afterAll(() => subscriber.disconnect());

/** The changes heard for `slug`, once `count` of them arrived. */
async function changesOf(slug: string, count: number): Promise<string[]> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const changes = heard.filter((notice) => notice.slug === slug).map((notice) => notice.change);
    if (changes.length >= count) {
      return changes;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return heard.filter((notice) => notice.slug === slug).map((notice) => notice.change);
}

describe('what a fleet needs of the tenants', () => {
  it('announces each change once, on one channel, and only real changes', async () => {
    const deps = await getTestTenantDeps();
    const t = await createTestTenant();
    await suspendTenant(deps, t.slug);
    await suspendTenant(deps, t.slug);
    await resumeTenant(deps, t.slug);
    await pinTenant(deps, t.slug);
    await pinTenant(deps, t.slug);
    await unpinTenant(deps, t.slug);
    await replaceTenantBotToken(deps, t.slug, randomBotToken());
    await deleteTenant(deps, t.slug);
    // A notice only makes the fleet read the tenants again, so their order does not
    // matter; on a Redis Cluster two notices published through different nodes may
    // arrive in either order.
    expect((await changesOf(t.slug, 7)).sort()).toEqual(
      ['provisioned', 'suspended', 'resumed', 'pinned', 'unpinned', 'token', 'deleted'].sort(),
    );
    expect(parseTenantChange('{"slug":"x","change":"suspended"}')).toBeUndefined();
    expect(parseTenantChange('not json')).toBeUndefined();
  });

  it('lists live unpinned tenants with their tokens; a rejected token is marked until a new one', async () => {
    const deps = await getTestTenantDeps();
    const [served, pinned] = [await createTestTenant(), await createTestTenant()];
    await pinTenant(deps, pinned.slug);
    const listed = await listFleetTenants(deps);
    const slugs = listed.map(({ tenant }) => tenant.slug);
    expect(slugs).toContain(served.slug);
    expect(slugs).not.toContain(pinned.slug);
    const oldToken = await getTenantBotToken(deps, served.slug);
    expect(listed.find(({ tenant }) => tenant.slug === served.slug)?.token).toBe(oldToken);

    expect(await markTenantTokenRejected(deps, served.slug, oldToken)).toBe(true);
    expect(await markTenantTokenRejected(deps, served.slug, oldToken)).toBe(false);
    const marked = await getTenant(deps.db, served.slug);
    expect(marked.botStatus).toBe('token_rejected');
    expect(marked.botStatusAt).toBeInstanceOf(Date);

    const newToken = randomBotToken();
    await replaceTenantBotToken(deps, served.slug, newToken);
    expect((await getTenant(deps.db, served.slug)).botStatus).toBe('ok');
    expect(await getTenantBotToken(deps, served.slug)).toBe(newToken);
    // A refusal of the old token that arrives late does not mark the new one.
    expect(await markTenantTokenRejected(deps, served.slug, oldToken)).toBe(false);
    expect((await changesOf(served.slug, 3)).sort()).toEqual([
      'bot_status',
      'provisioned',
      'token',
    ]);

    const taken = await expectAppError(replaceTenantBotToken(deps, pinned.slug, newToken));
    expect(taken.code).toBe('CONFLICT');
    const bad = await expectAppError(replaceTenantBotToken(deps, pinned.slug, 'nope'));
    expect(bad.code).toBe('VALIDATION');
    expect(bad.message).not.toContain('nope');
    await served.dispose();
    await pinned.dispose();
  });
});
