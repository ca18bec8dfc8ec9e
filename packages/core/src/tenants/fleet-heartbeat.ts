import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * Fleet heartbeats: each `client-bot --fleet` replica writes, every
 * {@link FLEET_HEARTBEAT_EVERY_MS}, which tenants it serves, so that an operator sees
 * which process serves a tenant and notices a replica that stopped reporting.
 *
 * - `p:{fleet}:replica:<instance>`: the replica's latest {@link FleetHeartbeat} (JSON),
 *   expiring after {@link FLEET_HEARTBEAT_TTL_SECONDS};
 * - `p:{fleet}:replicas`: a sorted set of instance ids scored by the time of their last
 *   heartbeat (ms), so a replica whose key expired is still known and can be reported.
 *   A replica that stops cleanly removes itself from both.
 *
 * All keys share the `{fleet}` hash tag: one slot of a Redis Cluster.
 */
export const FLEET_HEARTBEAT_PREFIX = 'p:{fleet}:';
/** How often a replica writes its heartbeat. */
export const FLEET_HEARTBEAT_EVERY_MS = 10_000;
/** How long a heartbeat lives: three missed beats and the replica counts as gone. */
export const FLEET_HEARTBEAT_TTL_SECONDS = 30;

const REPLICAS_KEY = `${FLEET_HEARTBEAT_PREFIX}replicas`;
const replicaKey = (instance: string) => `${FLEET_HEARTBEAT_PREFIX}replica:${instance}`;

/** What one replica reports. */
export const FleetHeartbeatSchema = z.object({
  instance: z.string(),
  /** `polling` or `webhook`. */
  intake: z.enum(['polling', 'webhook']),
  startedAt: z.string(),
  /** When this heartbeat was written (ISO). */
  at: z.string(),
  /**
   * Tenants this replica serves. In polling mode several replicas serve the same tenants
   * and the lease decides who polls: `polling` lists the ones it polls right now.
   */
  tenants: z.array(z.string()),
  polling: z.array(z.string()),
  /** Tenants it does not serve because Telegram refused their token. */
  tokenRejected: z.array(z.string()),
  /** Tenants it failed to start, retried at its next re-read. */
  failing: z.array(z.string()),
});
/** What one replica reports. */
export type FleetHeartbeat = z.infer<typeof FleetHeartbeatSchema>;

/** Writes a replica's heartbeat (see the module comment for the keys). */
export async function writeFleetHeartbeat(redis: Redis, beat: FleetHeartbeat): Promise<void> {
  await redis
    .multi()
    .set(replicaKey(beat.instance), JSON.stringify(beat), 'EX', FLEET_HEARTBEAT_TTL_SECONDS)
    .zadd(REPLICAS_KEY, Date.parse(beat.at), beat.instance)
    .exec();
}

/** Removes a replica that stops on purpose, so that nobody is alerted. */
export async function removeFleetHeartbeat(redis: Redis, instance: string): Promise<void> {
  await redis.multi().del(replicaKey(instance)).zrem(REPLICAS_KEY, instance).exec();
}

/** What {@link readFleetHeartbeats} finds. */
export interface FleetHeartbeats {
  /** Replicas reporting now. */
  live: FleetHeartbeat[];
  /** Replicas whose heartbeat expired without a clean stop, with their last report time. */
  silent: Array<{ instance: string; lastSeenAt: Date }>;
}

/**
 * The replicas that report, and those that stopped reporting (crashed, hung, cut off),
 * for the operator's console. Replicas silent for more than `forgetAfterMs` (default a
 * day) are dropped from the record.
 */
export async function readFleetHeartbeats(
  redis: Redis,
  options: { now?: Date; forgetAfterMs?: number } = {},
): Promise<FleetHeartbeats> {
  const now = (options.now ?? new Date()).getTime();
  await redis.zremrangebyscore(REPLICAS_KEY, 0, now - (options.forgetAfterMs ?? 86_400_000));
  const known = await redis.zrange(REPLICAS_KEY, 0, -1, 'WITHSCORES');
  const live: FleetHeartbeat[] = [];
  const silent: FleetHeartbeats['silent'] = [];
  for (let i = 0; i < known.length; i += 2) {
    const instance = known[i] as string;
    const lastSeenAt = new Date(Number(known[i + 1]));
    const stored = await redis.get(replicaKey(instance));
    const parsed = stored === null ? undefined : FleetHeartbeatSchema.safeParse(JSON.parse(stored));
    if (parsed?.success) {
      live.push(parsed.data);
    } else {
      silent.push({ instance, lastSeenAt });
    }
  }
  return { live, silent };
}
