import type { Insertable, Updateable } from 'kysely';
import type { TenantExecutor } from '../db/index.js';
import type { WaitlistRow, WaitlistTable } from './booking.table.js';

/** Inserts a waitlist entry and returns the row. */
export async function insertWaitlistEntry(db: TenantExecutor, values: Insertable<WaitlistTable>) {
  return db.insertInto('waitlist').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Locks and returns one waitlist entry (`FOR UPDATE`). */
export async function lockWaitlistEntry(db: TenantExecutor, id: number) {
  return db.selectFrom('waitlist').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Updates a waitlist entry and returns the row; throws if it does not exist. */
export async function updateWaitlistEntry(
  db: TenantExecutor,
  id: number,
  values: Updateable<WaitlistTable>,
): Promise<WaitlistRow> {
  return db
    .updateTable('waitlist')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Waiting entries that could take a slot of `staffId` on local `date`, first come
 * first served, locked with `SKIP LOCKED` so concurrent workers never consider the
 * same entry. Entries of blocked clients and of services the specialist does not
 * perform are left out.
 */
export async function lockWaitingCandidates(
  db: TenantExecutor,
  filter: { staffId: number; date: string; limit: number },
) {
  return db
    .selectFrom('waitlist')
    .innerJoin('staff_services', (join) =>
      join
        .onRef('staff_services.service_id', '=', 'waitlist.service_id')
        .on('staff_services.staff_id', '=', filter.staffId),
    )
    .innerJoin('clients', 'clients.id', 'waitlist.client_id')
    .selectAll('waitlist')
    .where('waitlist.status', '=', 'waiting')
    .where('clients.blocked', '=', false)
    .where((eb) =>
      eb.or([eb('waitlist.staff_id', 'is', null), eb('waitlist.staff_id', '=', filter.staffId)]),
    )
    .where('waitlist.date_from', '<=', filter.date)
    .where('waitlist.date_to', '>=', filter.date)
    .orderBy('waitlist.created_at')
    .orderBy('waitlist.id')
    .limit(filter.limit)
    .forUpdate('waitlist')
    .skipLocked()
    .execute();
}

/** Offers whose hold ran out by `now`, locked with `SKIP LOCKED`. */
export async function lockLapsedOffers(db: TenantExecutor, now: Date, limit: number) {
  return db
    .selectFrom('waitlist')
    .selectAll()
    .where('status', '=', 'offered')
    .where('offer_expires_at', '<=', now)
    .orderBy('offer_expires_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Waiting entries whose whole date range is before `today`: nothing can match them any more. */
export async function expireStaleEntries(db: TenantExecutor, today: string, now: Date) {
  const result = await db
    .updateTable('waitlist')
    .set({ status: 'expired', updated_at: now })
    .where('status', '=', 'waiting')
    .where('date_to', '<', today)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Waitlist entries, filtered, oldest first. */
export async function findWaitlistEntries(
  db: TenantExecutor,
  filter: { clientId?: number; statuses?: readonly WaitlistRow['status'][]; limit: number },
) {
  let query = db.selectFrom('waitlist').selectAll();
  if (filter.clientId !== undefined) {
    query = query.where('client_id', '=', filter.clientId);
  }
  if (filter.statuses !== undefined && filter.statuses.length > 0) {
    query = query.where('status', 'in', filter.statuses);
  }
  return query.orderBy('created_at').orderBy('id').limit(filter.limit).execute();
}

/** A live offer with what the bot needs to deliver it. */
export async function findOfferViews(db: TenantExecutor, entryIds: readonly number[]) {
  if (entryIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('waitlist')
    .innerJoin('clients', 'clients.id', 'waitlist.client_id')
    .selectAll('waitlist')
    .select(['clients.telegram_user_id', 'clients.locale'])
    .where('waitlist.id', 'in', entryIds)
    .where('waitlist.status', '=', 'offered')
    .orderBy('waitlist.id')
    .execute();
}
