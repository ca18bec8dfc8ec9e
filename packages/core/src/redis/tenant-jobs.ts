import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, queuePrefix } from './redis.js';

/** States of a job that has not run yet (or waits for a retry). */
const PENDING_STATES = ['wait', 'delayed', 'paused', 'prioritized', 'waiting-children'] as const;
const PAGE = 500;

/**
 * Removes every pending job of one tenant from the shared BullMQ queues of a deployment
 * (`namespace`, as `QUEUE_NAMESPACE`). Every job carries its tenant's slug in
 * `data.tenant` (see `QUEUE_NAMES`), so the queues are read page by page and the
 * tenant's jobs picked out; their ids are not needed. A job running at this moment
 * cannot be removed; the workers skip it once they see the tenant is gone.
 *
 * Reads every pending job of the deployment: meant for a rare operator action such as
 * deleting a tenant, not for a hot path.
 *
 * @returns how many jobs were removed.
 */
export async function removeTenantJobs(
  connection: Redis,
  slug: string,
  namespace: string,
): Promise<number> {
  const prefix = queuePrefix(namespace);
  let removed = 0;
  for (const name of Object.values(QUEUE_NAMES)) {
    const queue = new Queue(name, { connection, prefix });
    try {
      const ids: string[] = [];
      for (const state of PENDING_STATES) {
        for (let start = 0; ; start += PAGE) {
          const jobs = await queue.getJobs([state], start, start + PAGE - 1, true);
          for (const job of jobs) {
            if ((job.data as { tenant?: unknown } | undefined)?.tenant === slug && job.id) {
              ids.push(job.id);
            }
          }
          if (jobs.length < PAGE) {
            break;
          }
        }
      }
      // Removed only after the walk, so the pages do not shift under it.
      for (const id of ids) {
        removed += (await queue.remove(id)) === 1 ? 1 : 0;
      }
    } finally {
      await queue.close();
    }
  }
  return removed;
}
