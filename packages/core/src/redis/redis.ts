import { createHash } from 'node:crypto';
import { Cluster, Redis, type RedisOptions } from 'ioredis';

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

/** Where {@link createRedis} connects: one server, or the seed nodes of a Redis Cluster. */
export type RedisTarget =
  | { kind: 'server'; url: string }
  | {
      kind: 'cluster';
      nodes: Array<{ host: string; port: number }>;
      /** Credentials and TLS of the URL, used on every node. */
      username?: string;
      password?: string;
      tls: boolean;
    };

/**
 * Reads where a Redis URL points. A cluster is named by `?cluster=1` on the URL of any of
 * its nodes (`redis://host:7001?cluster=1`; the client discovers the others), or by
 * `REDIS_CLUSTER_NODES` (`host:port,host:port`), whose nodes are then the seeds and the
 * URL gives only credentials and TLS. A cluster has no database index: a path other than
 * `/` or `/0` is refused.
 *
 * @throws Error when the URL or the node list is malformed.
 */
export function redisTarget(
  url: string,
  env: Record<string, string | undefined> = process.env,
): RedisTarget {
  const parsed = new URL(url);
  const listed = env.REDIS_CLUSTER_NODES?.trim();
  const flag = parsed.searchParams.get('cluster');
  if (!listed && flag !== '1' && flag !== 'true') {
    return { kind: 'server', url };
  }
  if (parsed.pathname !== '' && parsed.pathname !== '/' && parsed.pathname !== '/0') {
    throw new Error('A Redis Cluster has only database 0: drop the database from the URL');
  }
  const nodes = listed
    ? listed.split(',').map((entry) => {
        const match = /^\s*([^\s:]+|\[[^\]]+\]):(\d{1,5})\s*$/.exec(entry);
        if (!match) {
          throw new Error(`REDIS_CLUSTER_NODES: expected host:port[,host:port…], got "${entry}"`);
        }
        return { host: (match[1] as string).replace(/^\[|\]$/g, ''), port: Number(match[2]) };
      })
    : [{ host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || 6379) }];
  return {
    kind: 'cluster',
    nodes,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === 'rediss:',
  };
}

/**
 * Creates the ioredis client for `url`: a `Redis` for one server
 * (`redis://host:port/db`), a `Cluster` when the URL names a Redis Cluster (see
 * {@link redisTarget}). Every Redis client of the project, BullMQ's included, is made
 * here. A `Cluster` has the same command methods as a `Redis` and is typed as one;
 * what must reach every node (SCAN) asks {@link masterNodes}. The caller owns the client
 * and calls `quit()` on shutdown.
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
  const target = redisTarget(url);
  if (target.kind === 'server') {
    return new Redis(url, redisOptions);
  }
  const { enableAutoPipelining, maxRetriesPerRequest, ...nodeOptions } = redisOptions;
  const cluster = new Cluster(target.nodes, {
    enableAutoPipelining,
    maxRedirections: 16,
    // ioredis gives CLUSTER SLOTS one second by default; a node that answers late on a
    // busy machine then reads as unreachable and the client refuses every command.
    slotsRefreshTimeout: 10_000,
    redisOptions: {
      ...nodeOptions,
      maxRetriesPerRequest,
      username: target.username,
      password: target.password,
      ...(target.tls ? { tls: {} } : {}),
    },
  });
  // Typed as Redis on purpose: callers use only the command API both classes share.
  return cluster as unknown as Redis;
}

/** Whether `redis` is a Redis Cluster client (see {@link createRedis}). */
export function isCluster(redis: Redis): boolean {
  return (redis as unknown) instanceof Cluster;
}

/**
 * The clients of every master of a cluster, or `[redis]` for one server: what a command
 * that sees one node's keys only (SCAN, DBSIZE) must be sent to.
 */
export function masterNodes(redis: Redis): Redis[] {
  return isCluster(redis) ? (redis as unknown as Cluster).nodes('master') : [redis];
}

/**
 * The hash tag Redis Cluster places `key` by: the text between the first `{` and the
 * next `}` when not empty, else the whole key. Keys with one tag share one slot.
 */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) {
      return key.slice(open + 1, close);
    }
  }
  return key;
}

/**
 * Throws unless every key has one hash tag: a Lua script or a multi-key command over
 * keys of several slots fails on a Redis Cluster (CROSSSLOT). Checked on plain Redis
 * too, so the suite catches such a call wherever it runs.
 */
export function assertOneSlot(keys: readonly string[]): void {
  const first = keys[0];
  if (first === undefined) {
    return;
  }
  const tag = hashTagOf(first);
  const other = keys.find((key) => hashTagOf(key) !== tag);
  if (other !== undefined) {
    throw new Error(
      `Keys ${first} and ${other} have different hash tags: one command cannot use both on a Redis Cluster`,
    );
  }
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
    assertOneSlot(keys);
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
 * UNLINK, never KEYS, so a shared Redis is not blocked. On a Redis Cluster every master
 * is scanned.
 *
 * @returns how many keys were deleted.
 */
export async function deleteKeysMatching(redis: Redis, match: string): Promise<number> {
  let deleted = 0;
  // A cluster's SCAN sees the keys of the node it reaches: every master is scanned.
  for (const node of masterNodes(redis)) {
    let cursor = '0';
    do {
      const [nextCursor, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = nextCursor;
      if (keys.length === 0) {
        continue;
      }
      if (isCluster(redis)) {
        // One UNLINK may name keys of one slot only: one key per command, pipelined.
        const results = await node.pipeline(keys.map((key) => ['unlink', key])).exec();
        for (const [error, count] of results ?? []) {
          if (error) {
            throw error;
          }
          deleted += Number(count);
        }
      } else {
        deleted += await node.unlink(...keys);
      }
    } while (cursor !== '0');
  }
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
