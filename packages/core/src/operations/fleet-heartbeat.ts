import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * SEAM(fleet): the fleet heartbeat as the operator console reads it. feat/fleet adds the
 * writer (each `client-bot --fleet` process refreshes its entry every few seconds with
 * the tenants it serves); until it lands, this file owns the key layout so both sides
 * meet here: one key per process under {@link FLEET_HEARTBEAT_PREFIX}, JSON, with a TTL.
 */
export const FLEET_HEARTBEAT_PREFIX = 'p:{platform}:fleet:heartbeat:';

/** One fleet process's last report. */
export const FleetHeartbeatSchema = z.object({
  instance: z.string().min(1),
  /** Slugs it serves. */
  tenants: z.array(z.string()),
  /** When it wrote this, ms since the epoch. */
  at: z.number(),
});
/** One fleet process's last report. */
export type FleetHeartbeat = z.infer<typeof FleetHeartbeatSchema>;

/** Writes a fleet process's heartbeat, kept `ttlSeconds` (the reader also checks `at`). */
export async function writeFleetHeartbeat(
  redis: Redis,
  heartbeat: FleetHeartbeat,
  ttlSeconds: number,
): Promise<void> {
  await redis.set(
    `${FLEET_HEARTBEAT_PREFIX}${heartbeat.instance}`,
    JSON.stringify(heartbeat),
    'EX',
    ttlSeconds,
  );
}

/** Every fleet heartbeat present in Redis (SCAN, never KEYS). */
export async function readFleetHeartbeats(redis: Redis): Promise<FleetHeartbeat[]> {
  const found: FleetHeartbeat[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(
      cursor,
      'MATCH',
      `${FLEET_HEARTBEAT_PREFIX}*`,
      'COUNT',
      200,
    );
    cursor = next;
    const values = keys.length > 0 ? await redis.mget(...keys) : [];
    for (const value of values) {
      const parsed = value ? safeParse(value) : undefined;
      if (parsed) {
        found.push(parsed);
      }
    }
  } while (cursor !== '0');
  return found;
}

function safeParse(value: string): FleetHeartbeat | undefined {
  try {
    const parsed = FleetHeartbeatSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
