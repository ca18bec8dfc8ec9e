import { createHash } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';

/** Options of {@link createRedis}. */
export interface CreateRedisOptions {
  /**
   * BullMQ workers block on Redis and require `maxRetriesPerRequest: null`; plain
   * clients keep ioredis' default so a dead Redis fails a command instead of hanging.
   */
  forBullmq?: boolean;
  /** Name shown by `CLIENT LIST`. */
  connectionName?: string;
  /**
   * Longest wait for an answer, in milliseconds, outage included (commands queue while
   * ioredis reconnects); then the command fails. Plain clients only: BullMQ blocks on
   * purpose. Absent or 0: ioredis' own limit (about 10 s of reconnecting).
   */
  commandTimeoutMs?: number;
}

/**
 * Creates an ioredis client for `url` (`redis://host:port/db`). The caller owns it and
 * calls `quit()` on shutdown.
 */
export function createRedis(url: string, options: CreateRedisOptions = {}): Redis {
  const redisOptions: RedisOptions = {
    connectionName: options.connectionName ?? 'booking',
    lazyConnect: false,
    // Commands issued in one tick (the claim, the session and the rate limit of many
    // concurrent updates) leave in one write instead of one system call each.
    // BullMQ manages its own connections' commands and is left as it expects.
    ...(options.forBullmq ? { maxRetriesPerRequest: null } : { enableAutoPipelining: true }),
  };
  if (!options.forBullmq && options.commandTimeoutMs) {
    // A customer's button waits on these commands: during an outage the update should
    // fail soon, and be answered, rather than spin for ioredis' whole reconnect budget.
    redisOptions.commandTimeout = options.commandTimeoutMs;
  }
  return new Redis(url, redisOptions);
}

/**
 * A Lua script run by its SHA1 (`EVALSHA`), so the script text is not sent and hashed
 * by Redis on every call; loaded with `EVAL` when the server does not know it yet (a
 * restart, a `SCRIPT FLUSH`, a new replica).
 */
export class RedisScript {
  /** The SHA1 Redis knows the script by. */
  readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  /** Runs the script with `keys` as `KEYS` and `args` as `ARGV`. */
  async run(
    redis: Redis,
    keys: readonly string[],
    args: ReadonlyArray<string | number>,
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) {
        throw error;
      }
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}

/**
 * Prefix of every Redis key of one tenant: `t:{slug}:`. The braces are a Redis Cluster
 * hash tag, so all of a tenant's keys share one slot and can be found with one SCAN.
 *
 * @param slug a validated tenant slug (it never contains braces).
 */
export function tenantKeyPrefix(slug: string): string {
  return `t:{${slug}}:`;
}

/** A key of a tenant: `tenantKey('acme', 'session', 42)` is `t:{acme}:session:42`. */
export function tenantKey(slug: string, ...parts: Array<string | number>): string {
  return tenantKeyPrefix(slug) + parts.join(':');
}

/**
 * Deletes every key under the tenant's prefix with SCAN and UNLINK, never KEYS, so a
 * large keyspace does not block Redis. Keys of other tenants are untouched, even
 * those whose slug starts with this one (the closing brace ends the match).
 *
 * @returns how many keys were deleted.
 */
export async function deleteTenantKeys(redis: Redis, slug: string): Promise<number> {
  return deleteKeysMatching(redis, `${tenantKeyPrefix(slug)}*`);
}

/**
 * Deletes every key matching `match` (a SCAN pattern such as `bench_x1:*`) with SCAN and
 * UNLINK, never KEYS, so a shared Redis is not blocked.
 *
 * @returns how many keys were deleted.
 */
export async function deleteKeysMatching(redis: Redis, match: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = nextCursor;
    if (keys.length > 0) {
      deleted += await redis.unlink(...keys);
    }
  } while (cursor !== '0');
  return deleted;
}

/**
 * Names of the shared BullMQ queues. Each name is a hash tag, so a queue's keys stay
 * on one Redis Cluster slot while different queues spread over the cluster. Every job
 * carries its tenant slug; no queue exists per tenant.
 */
export const QUEUE_NAMES = {
  reminders: '{reminders}',
  notifications: '{notifications}',
  waitlist: '{waitlist}',
  billing: '{billing}',
  deliveries: '{deliveries}',
  broadcasts: '{broadcasts}',
} as const;

/** One of {@link QUEUE_NAMES}. */
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/**
 * Key prefix of the BullMQ queues of one deployment (`<namespace>:bq`). Tests pass a
 * random namespace so their queues never meet another test's.
 */
export function queuePrefix(namespace = 'booking'): string {
  if (!/^[a-z0-9_-]{1,40}$/i.test(namespace)) {
    throw new Error(`Invalid queue namespace: ${namespace}`);
  }
  return `${namespace}:bq`;
}
