import type { createRedis } from '@booking/core';

type Redis = ReturnType<typeof createRedis>;

/**
 * Deletes every key matching `match` (a SCAN pattern such as `bench_x1:*`) with SCAN
 * and UNLINK, never KEYS, so a shared Redis is not blocked.
 *
 * @returns how many keys were deleted.
 */
export async function deleteKeysMatching(redis: Redis, match: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) {
      deleted += await redis.unlink(...keys);
    }
  } while (cursor !== '0');
  return deleted;
}
