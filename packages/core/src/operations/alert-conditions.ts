import type { Redis } from 'ioredis';
import type { Database } from '../db/index.js';
import { QUEUE_NAMES, queuePrefix } from '../redis/index.js';
import { readFleetHeartbeats } from './fleet-heartbeat.js';
import { listTokenRejectedSlugs } from './operations.repository.js';

/** What an operator alert is about. */
export type IncidentKind = 'token_rejected' | 'heartbeat' | 'payments' | 'queue';

/** One open problem; `id` is stable while it lasts, so it is reported once. */
export interface Incident {
  id: string;
  kind: IncidentKind;
  /** The tenant, fleet instance or queue concerned. */
  subject: string;
  /** Figures for the alert's words. */
  figures: Record<string, number>;
}

/** Thresholds of {@link readIncidents}. */
export interface AlertThresholds {
  queueNamespace: string;
  /** A fleet process silent for longer than this is reported. */
  heartbeatStaleMs: number;
  /** Waiting jobs in one queue past which it is reported. */
  queueBacklog: number;
  /** Failed payments within an hour past which payments are reported. */
  paymentFailures: number;
}

/**
 * The problems open now: tenants whose token Telegram rejects, fleet processes whose
 * last heartbeat (remembered in `seenKey`, a Redis hash of instance to last report, so
 * a process whose key expired is still known) is older than the threshold, queues with
 * too many waiting jobs, and repeated payment failures.
 */
export async function readIncidents(
  deps: { db: Database; redis: Redis },
  thresholds: AlertThresholds,
  seenKey: string,
  now: Date = new Date(),
): Promise<Incident[]> {
  const incidents: Incident[] = [];
  for (const slug of await listTokenRejectedSlugs(deps.db)) {
    incidents.push({ id: `token:${slug}`, kind: 'token_rejected', subject: slug, figures: {} });
  }

  const heartbeats = await readFleetHeartbeats(deps.redis);
  if (heartbeats.length > 0) {
    await deps.redis.hset(
      seenKey,
      Object.fromEntries(heartbeats.map((beat) => [beat.instance, String(beat.at)])),
    );
  }
  for (const [instance, at] of Object.entries(await deps.redis.hgetall(seenKey))) {
    const silentMs = now.getTime() - Number(at);
    if (silentMs > thresholds.heartbeatStaleMs) {
      incidents.push({
        id: `heartbeat:${instance}`,
        kind: 'heartbeat',
        subject: instance,
        figures: { seconds: Math.round(silentMs / 1000) },
      });
    }
  }

  const prefix = queuePrefix(thresholds.queueNamespace);
  for (const name of Object.values(QUEUE_NAMES)) {
    const [[, waiting], [, prioritized]] = (await deps.redis
      .multi()
      .llen(`${prefix}:${name}:wait`)
      .zcard(`${prefix}:${name}:prioritized`)
      .exec()) as [[Error | null, number], [Error | null, number]];
    const count = waiting + prioritized;
    if (count > thresholds.queueBacklog) {
      const subject = name.replace(/[{}]/g, '');
      incidents.push({ id: `queue:${subject}`, kind: 'queue', subject, figures: { count } });
    }
  }

  const failures = await countRecentPaymentFailures(deps.db, now);
  if (failures >= thresholds.paymentFailures) {
    incidents.push({
      id: 'payments',
      kind: 'payments',
      subject: 'payments',
      figures: { count: failures },
    });
  }
  return incidents;
}

/**
 * Failed payments in the hour before `now`.
 *
 * SEAM(billing-core): 0 until billing-core's payments domain lands; then it counts
 * `platform.payments` rows that failed (cancelled by YooKassa) within the hour.
 */
async function countRecentPaymentFailures(_db: Database, _now: Date): Promise<number> {
  return 0;
}
