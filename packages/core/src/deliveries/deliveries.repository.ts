import type { TenantExecutor } from '../db/index.js';
import type { DeliveryRow } from './deliveries.table.js';

/**
 * Inserts a claim, or takes over a released one. Returns the key when this call holds
 * the claim, `undefined` when another holds it or the message was sent or refused.
 */
export async function insertOrReclaimDelivery(
  db: TenantExecutor,
  key: string,
  now: Date,
): Promise<string | undefined> {
  const row = await db
    .insertInto('deliveries')
    .values({ key, status: 'claimed', claimed_at: now })
    .onConflict((conflict) =>
      conflict
        .column('key')
        .doUpdateSet((eb) => ({
          status: 'claimed',
          attempts: eb('deliveries.attempts', '+', 1),
          claimed_at: now,
          finished_at: null,
        }))
        .where('deliveries.status', '=', 'released'),
    )
    .returning('key')
    .executeTakeFirst();
  return row?.key;
}

/** Moves a claimed delivery to `status`; returns whether it was claimed. */
export async function finishClaimedDelivery(
  db: TenantExecutor,
  key: string,
  status: 'sent' | 'released' | 'refused',
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ status, finished_at: now })
    .where('key', '=', key)
    .where('status', '=', 'claimed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** One delivery by key. */
export async function findDeliveryByKey(
  db: TenantExecutor,
  key: string,
): Promise<DeliveryRow | undefined> {
  return db.selectFrom('deliveries').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Deletes the claims taken before `before`; returns how many. */
export async function deleteDeliveriesClaimedBefore(
  db: TenantExecutor,
  before: Date,
): Promise<number> {
  const result = await db
    .deleteFrom('deliveries')
    .where('claimed_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
