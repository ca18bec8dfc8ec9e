import { getTestRedis, randomSlug } from '@booking/core/testing';
import { describe, expect, it } from 'vitest';
import { deleteTenantKeys, queuePrefix, tenantKey } from './redis.js';

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
