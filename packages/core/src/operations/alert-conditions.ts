import type { Redis } from 'ioredis';
import type { Database } from '../db/index.js';
import { QUEUE_NAMES, queuePrefix } from '../redis/index.js';
import { readFleetHeartbeats } from '../tenants/index.js';
import { countPaymentsCanceledSince, listTokenRejectedSlugs } from './operations.repository.js';

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
 * heartbeat expired and whose last report is older than the threshold, queues with too
 * many waiting jobs, and repeated payment failures.
 */
export async function readIncidents(
  deps: { db: Database; redis: Redis },
  thresholds: AlertThresholds,
  now: Date = new Date(),
): Promise<Incident[]> {
  const incidents: Incident[] = [];
  for (const slug of await listTokenRejectedSlugs(deps.db)) {
    incidents.push({ id: `token:${slug}`, kind: 'token_rejected', subject: slug, figures: {} });
  }

  // A replica that stops cleanly removes its heartbeat; one that was killed leaves it to
  // expire, and stays known as silent.
  const { silent } = await readFleetHeartbeats(deps.redis, { now });
  for (const { instance, lastSeenAt } of silent) {
    const silentMs = now.getTime() - lastSeenAt.getTime();
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

/** Failed payments (canceled by YooKassa: declined, expired) in the hour before `now`. */
async function countRecentPaymentFailures(db: Database, now: Date): Promise<number> {
  return countPaymentsCanceledSince(db, new Date(now.getTime() - 3_600_000));
}
