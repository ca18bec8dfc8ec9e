import { getTestRedis, randomSlug } from '@booking/core/testing';
import { describe, expect, it } from 'vitest';
import { deleteTenantKeys, masterNodes, queuePrefix, RedisScript, tenantKey } from './redis.js';

describe('tenant keys', () => {
  it('puts the slug in a hash tag', () => {
    expect(tenantKey('acme', 'session', 42)).toBe('t:{acme}:session:42');
  });

  it('deletes every key of one tenant with SCAN, and none of a tenant whose slug extends it', async () => {
    const redis = getTestRedis();
    const slug = randomSlug();
    const neighbour = `${slug}_x`;
    const keys = Array.from({ length: 2500 }, (_, i) => tenantKey(slug, 'session', i));
    await redis.mset(...keys.flatMap((key) => [key, '1']));
    await redis.set(tenantKey(neighbour, 'session', 1), '1');
    expect(await deleteTenantKeys(redis, slug)).toBe(2500);
    expect(await redis.exists(...keys.slice(0, 100))).toBe(0);
    expect(await redis.get(tenantKey(neighbour, 'session', 1))).toBe('1');
    await deleteTenantKeys(redis, neighbour);
  });

  it('rejects a queue namespace that could break the key layout', () => {
    expect(queuePrefix('test_1')).toBe('test_1:bq');
    expect(() => queuePrefix('a:{b}')).toThrow(/Invalid queue namespace/);
  });
});

describe('RedisScript', () => {
  it('runs by SHA1 and loads the script again when the server has forgotten it', async () => {
    const redis = getTestRedis();
    const key = tenantKey(randomSlug(), 'counter');
    // A script no server has seen: the first run falls back to EVAL, which loads it.
    const script = new RedisScript(
      `return redis.call('INCRBY', KEYS[1], ARGV[1]) -- ${randomSlug()}`,
    );
    // On a cluster each master has its own script cache: ask them all.
    const knownBy = async () => {
      let count = 0;
      for (const node of masterNodes(redis)) {
        count += ((await node.script('EXISTS', script.sha)) as number[])[0] ?? 0;
      }
      return count;
    };
    expect(await knownBy()).toBe(0);
    expect(await script.run(redis, [key], [2])).toBe(2);
    expect(await script.run(redis, [key], [3])).toBe(5);
    expect(await knownBy()).toBe(1);
    await redis.del(key);
  });

  it('passes a script error through', async () => {
    const script = new RedisScript(`return redis.error_reply('BROKEN on purpose')`);
    await expect(script.run(getTestRedis(), [], [])).rejects.toThrow(/BROKEN on purpose/);
  });
});
