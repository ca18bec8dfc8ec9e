import {
  getTestRedis,
  pendingTestJobIds,
  queueTestJob,
  randomId,
  randomSlug,
} from '@booking/core/testing';
import { describe, expect, it } from 'vitest';
import {
  assertOneSlot,
  deleteKeysMatching,
  isCluster,
  masterNodes,
  QUEUE_NAMES,
  RedisScript,
  redisTarget,
  tenantKey,
} from './redis.js';
import { removeTenantJobs } from './tenant-jobs.js';

describe('redisTarget', () => {
  it.each([
    [
      'one server',
      'redis://127.0.0.1:6379/2',
      {},
      { kind: 'server', url: 'redis://127.0.0.1:6379/2' },
    ],
    [
      'a cluster named by ?cluster=1',
      'redis://:s3cret@10.0.0.5:7001?cluster=1',
      {},
      {
        kind: 'cluster',
        nodes: [{ host: '10.0.0.5', port: 7001 }],
        password: 's3cret',
        tls: false,
      },
    ],
    [
      'a cluster named by REDIS_CLUSTER_NODES, TLS from the URL',
      'rediss://app@redis.internal:6379',
      { REDIS_CLUSTER_NODES: 'a:7001, b:7002,[::1]:7003' },
      {
        kind: 'cluster',
        nodes: [
          { host: 'a', port: 7001 },
          { host: 'b', port: 7002 },
          { host: '::1', port: 7003 },
        ],
        username: 'app',
        tls: true,
      },
    ],
  ])('reads %s', (_name, url, env, expected) => {
    expect(redisTarget(url, env)).toEqual(expected);
  });

  it('refuses a database index on a cluster and a malformed node list', () => {
    expect(() => redisTarget('redis://h:7001/3?cluster=1', {})).toThrow(/only database 0/);
    expect(() => redisTarget('redis://h:7001', { REDIS_CLUSTER_NODES: 'h' })).toThrow(
      /expected host:port/,
    );
  });
});

describe('one hash slot per command', () => {
  it('accepts keys of one tenant and refuses keys of two', () => {
    expect(() =>
      assertOneSlot([tenantKey('acme', 'rl', 'bot'), tenantKey('acme', 'rl', 'chat', 1)]),
    ).not.toThrow();
    expect(() => assertOneSlot([tenantKey('acme', 'a'), tenantKey('beta', 'a')])).toThrow(
      /different hash tags/,
    );
  });

  it('refuses to run a script over keys of two slots, before Redis would', async () => {
    const script = new RedisScript(`return #KEYS -- ${randomId()}`);
    await expect(
      script.run(getTestRedis(), [tenantKey(randomSlug(), 'x'), tenantKey(randomSlug(), 'x')], []),
    ).rejects.toThrow(/different hash tags/);
  });
});

describe('keys over every master', () => {
  it('deletes matching keys wherever their slots live', async () => {
    const redis = getTestRedis();
    const prefix = `cluster_${randomId()}`;
    // 60 hash tags: on a three-master cluster they land on every master.
    const keys = Array.from({ length: 60 }, (_, i) => `${prefix}:{${prefix}_${i}}:k`);
    for (const key of keys) {
      await redis.set(key, '1');
    }
    const holders = [];
    for (const node of masterNodes(redis)) {
      // A shared Redis holds other tests' keys too: follow the cursor to its end.
      let cursor = '0';
      let count = 0;
      do {
        const [next, found] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
        cursor = next;
        count += found.length;
      } while (cursor !== '0');
      holders.push(count);
    }
    if (isCluster(redis)) {
      expect(holders.filter((count) => count > 0).length).toBeGreaterThan(1);
    }
    expect(holders.reduce((sum, count) => sum + count, 0)).toBe(60);
    expect(await deleteKeysMatching(redis, `${prefix}:*`)).toBe(60);
    for (const key of keys.slice(0, 10)) {
      expect(await redis.exists(key)).toBe(0);
    }
  });

  it("removes a deleted tenant's queued jobs and keeps the others'", async () => {
    const namespace = `cl_${randomId(8)}`;
    const gone = randomSlug();
    const kept = randomSlug();
    await queueTestJob(namespace, QUEUE_NAMES.reminders, {
      name: 'remind',
      data: { tenant: gone },
      options: { delay: 60_000 },
    });
    const keptId = await queueTestJob(namespace, QUEUE_NAMES.notifications, {
      name: 'notify',
      data: { tenant: kept },
      options: { delay: 60_000 },
    });
    await queueTestJob(namespace, QUEUE_NAMES.notifications, {
      name: 'notify',
      data: { tenant: gone },
    });
    expect(await removeTenantJobs(getTestRedis(), gone, namespace)).toBe(2);
    expect(await pendingTestJobIds(namespace, QUEUE_NAMES.reminders)).toEqual([]);
    expect(await pendingTestJobIds(namespace, QUEUE_NAMES.notifications)).toEqual([keptId]);
    await deleteKeysMatching(getTestRedis(), `${namespace}:*`);
  });
});
