import {
  createLogger,
  deleteKeysMatching,
  type Incident,
  markTenantTokenRejected,
  queuePrefix,
  removeFleetHeartbeat,
  replaceTenantBotToken,
  writeFleetHeartbeat,
} from '@booking/core';
import {
  createTestTenant,
  getTestTenantDeps,
  randomBotToken,
  randomId,
  type TestTenant,
} from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertWatcher } from './alerts.js';

describe('operator alerts', () => {
  const keyPrefix = `p:{master-alerts-${randomId(8)}}:`;
  const namespace = `alerts${randomId(6)}`;
  const instance = `fleet-test-${randomId(6)}`;
  const told: Array<{ id: string; cleared: boolean; figures: Incident['figures'] }> = [];
  let watcher: AlertWatcher;
  let tenant: TestTenant;

  /** What this file's subjects were told, ignoring other files' tenants and fleets. */
  const ours = () =>
    told.filter(
      ({ id }) =>
        id === `token:${tenant.slug}` || id === `heartbeat:${instance}` || id.startsWith('queue:'),
    );

  beforeAll(async () => {
    const deps = await getTestTenantDeps();
    tenant = await createTestTenant();
    watcher = new AlertWatcher({
      db: deps.db,
      redis: deps.redis,
      logger: createLogger({ app: 'test', level: 'silent' }),
      keyPrefix,
      thresholds: {
        queueNamespace: namespace,
        heartbeatStaleMs: 30_000,
        queueBacklog: 3,
        paymentFailures: 5,
      },
      notify: async (incident, cleared) => {
        told.push({ id: incident.id, cleared, figures: incident.figures });
      },
    });
  });

  afterAll(async () => {
    const { redis } = await getTestTenantDeps();
    await tenant.dispose();
    await deleteKeysMatching(redis, `${keyPrefix}*`);
    await deleteKeysMatching(redis, `${queuePrefix(namespace)}:*`);
    await removeFleetHeartbeat(redis, instance);
  });

  it('tells once when a token is rejected, and once when a new token clears it', async () => {
    const deps = await getTestTenantDeps();
    const token = randomBotToken();
    await replaceTenantBotToken(deps, tenant.slug, token);
    await watcher.check();
    expect(ours()).toEqual([]);
    expect(await markTenantTokenRejected(deps, tenant.slug, token)).toBe(true);
    await watcher.check();
    await watcher.check();
    expect(ours()).toEqual([{ id: `token:${tenant.slug}`, cleared: false, figures: {} }]);
    await replaceTenantBotToken(deps, tenant.slug, randomBotToken());
    await watcher.check();
    await watcher.check();
    expect(ours().map(({ id, cleared }) => [id, cleared])).toEqual([
      [`token:${tenant.slug}`, false],
      [`token:${tenant.slug}`, true],
    ]);
    told.length = 0;
  });

  it('tells once when a fleet process stops reporting, and once when it reports again', async () => {
    const { redis } = await getTestTenantDeps();
    const now = Date.now();
    const beat = (at: number) =>
      writeFleetHeartbeat(redis, {
        instance,
        intake: 'polling',
        startedAt: new Date(now).toISOString(),
        at: new Date(at).toISOString(),
        tenants: [],
        polling: [],
        tokenRejected: [],
        failing: [],
      });
    await beat(now);
    await watcher.check(new Date(now + 1_000));
    expect(ours()).toEqual([]);
    // Killed: its key expires and nothing refreshes it.
    await redis.del(`p:{fleet}:replica:${instance}`);
    await watcher.check(new Date(now + 20_000));
    expect(ours()).toEqual([]);
    await watcher.check(new Date(now + 31_000));
    await watcher.check(new Date(now + 40_000));
    expect(ours()).toEqual([
      { id: `heartbeat:${instance}`, cleared: false, figures: { seconds: 31 } },
    ]);
    await beat(now + 45_000);
    await watcher.check(new Date(now + 46_000));
    expect(ours().map(({ id, cleared }) => [id, cleared])).toEqual([
      [`heartbeat:${instance}`, false],
      [`heartbeat:${instance}`, true],
    ]);
    told.length = 0;
  });

  it('tells once when a queue backs up past the threshold, and once when it drains', async () => {
    const { redis } = await getTestTenantDeps();
    const wait = `${queuePrefix(namespace)}:{reminders}:wait`;
    await redis.rpush(wait, '1', '2', '3', '4');
    await watcher.check();
    await watcher.check();
    expect(ours()).toEqual([{ id: 'queue:reminders', cleared: false, figures: { count: 4 } }]);
    await redis.del(wait);
    await watcher.check();
    expect(ours().map(({ id, cleared }) => [id, cleared])).toEqual([
      ['queue:reminders', false],
      ['queue:reminders', true],
    ]);
  });
});
