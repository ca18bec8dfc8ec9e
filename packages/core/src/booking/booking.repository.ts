import { type Insertable, sql, type Updateable } from 'kysely';
import type { TenantExecutor } from '../db/index.js';
import type {
  BookingHistoryTable,
  BookingRow,
  BookingsTable,
  FeedbackTable,
  SlotReleasesTable,
} from './booking.table.js';

/** `column` formatted like `Date.prototype.toISOString()`. */
function isoUtc(column: string) {
  return sql`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** Bookings joined with the names a bot shows. */
function bookingViews(db: TenantExecutor) {
  return db
    .selectFrom('bookings')
    .innerJoin('services', 'services.id', 'bookings.service_id')
    .innerJoin('staff', 'staff.id', 'bookings.staff_id')
    .innerJoin('clients', 'clients.id', 'bookings.client_id')
    .selectAll('bookings')
    .select([
      'services.name as service_name',
      'staff.name as staff_name',
      'clients.name as client_name',
      'clients.telegram_user_id as client_telegram_user_id',
    ]);
}

/** A booking row with its service, specialist and client names. */
export type BookingViewRow = BookingRow & {
  service_name: string;
  staff_name: string;
  client_name: string;
  client_telegram_user_id: number;
};

export async function findBookingViewById(
  db: TenantExecutor,
  id: number,
): Promise<BookingViewRow | undefined> {
  return bookingViews(db).where('bookings.id', '=', id).executeTakeFirst();
}

/** Bookings whose start lies in `[from, until)`, filtered, by start. */
export async function findBookingViews(
  db: TenantExecutor,
  filter: {
    from?: Date;
    until?: Date;
    staffId?: number;
    clientId?: number;
    statuses?: readonly BookingRow['status'][];
    limit: number;
  },
): Promise<BookingViewRow[]> {
  let query = bookingViews(db);
  if (filter.from !== undefined) {
    query = query.where('bookings.starts_at', '>=', filter.from);
  }
  if (filter.until !== undefined) {
    query = query.where('bookings.starts_at', '<', filter.until);
  }
  if (filter.staffId !== undefined) {
    query = query.where('bookings.staff_id', '=', filter.staffId);
  }
  if (filter.clientId !== undefined) {
    query = query.where('bookings.client_id', '=', filter.clientId);
  }
  if (filter.statuses !== undefined && filter.statuses.length > 0) {
    query = query.where('bookings.status', 'in', filter.statuses);
  }
  return query.orderBy('bookings.starts_at').orderBy('bookings.id').limit(filter.limit).execute();
}

export async function lockBookingById(db: TenantExecutor, id: number) {
  return db.selectFrom('bookings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Inserts a booking unless it conflicts with an occupying booking (either exclusion
 * constraint). A concurrent conflicting insert is waited for: if it commits, this
 * one does nothing; so exactly one of many racing inserts for a slot succeeds.
 *
 * @returns the new row, or `undefined` when the slot was taken.
 */
export async function insertBookingIfFree(
  db: TenantExecutor,
  values: Insertable<BookingsTable>,
): Promise<BookingRow | undefined> {
  return db
    .insertInto('bookings')
    .values(values)
    .onConflict((conflict) => conflict.doNothing())
    .returningAll()
    .executeTakeFirst();
}

/**
 * {@link insertBookingIfFree} and its `created` history row in one statement (one
 * round trip): the history row is written only when the booking was.
 */
export async function insertBookingWithHistory(
  db: TenantExecutor,
  values: Insertable<BookingsTable>,
  history: { actor: string; createdAt: Date },
): Promise<BookingRow | undefined> {
  return db
    .with('inserted', (qb) =>
      qb
        .insertInto('bookings')
        .values(values)
        .onConflict((conflict) => conflict.doNothing())
        .returningAll(),
    )
    .with('history', (qb) =>
      qb
        .insertInto('booking_history')
        .columns(['booking_id', 'action', 'actor', 'new_values', 'created_at'])
        .expression((eb) =>
          eb.selectFrom('inserted').select((inner) => [
            'inserted.id',
            sql<string>`'created'`.as('action'),
            inner.val(history.actor).as('actor'),
            // The same shape and ISO format as the history rows the services write.
            sql<string>`jsonb_build_object(
                'status', inserted.status, 'staffId', inserted.staff_id,
                'startsAt', ${isoUtc('inserted.starts_at')}, 'endsAt', ${isoUtc('inserted.ends_at')},
                'serviceId', inserted.service_id, 'priceMinor', inserted.price_minor)`.as(
              'new_values',
            ),
            inner.val(history.createdAt).as('created_at'),
          ]),
        ),
    )
    .selectFrom('inserted')
    .selectAll()
    .executeTakeFirst();
}

export async function updateBookingById(
  db: TenantExecutor,
  id: number,
  values: Updateable<BookingsTable>,
): Promise<BookingRow> {
  return db
    .updateTable('bookings')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * What keeps some specialists busy in `[from, until)`, in one round trip: occupied
 * ranges of bookings (buffers included) and slots held by live waitlist offers.
 * Instants come back as epoch milliseconds, which spares parsing thousands of dates
 * for a month view.
 */
export async function findBusyRanges(
  db: TenantExecutor,
  range: {
    staffIds: readonly number[];
    from: Date;
    until: Date;
    now: Date;
    excludeBookingId?: number;
    excludeEntryId?: number;
  },
): Promise<
  Array<{ staff_id: number; from_ms: number; until_ms: number; kind: 'booking' | 'hold' }>
> {
  if (range.staffIds.length === 0) {
    return [];
  }
  let bookings = db
    .selectFrom('bookings')
    .select([
      'staff_id',
      sql<number>`(extract(epoch from occupied_from) * 1000)::float8`.as('from_ms'),
      sql<number>`(extract(epoch from occupied_until) * 1000)::float8`.as('until_ms'),
      sql<'booking' | 'hold'>`'booking'`.as('kind'),
    ])
    .where('staff_id', 'in', range.staffIds)
    .where('status', '<>', 'cancelled')
    .where('occupied_from', '<', range.until)
    .where('occupied_until', '>', range.from);
  if (range.excludeBookingId !== undefined) {
    bookings = bookings.where('id', '<>', range.excludeBookingId);
  }
  let holds = db
    .selectFrom('waitlist')
    .select([
      sql<number>`offer_staff_id`.as('staff_id'),
      sql<number>`(extract(epoch from offer_occupied_from) * 1000)::float8`.as('from_ms'),
      sql<number>`(extract(epoch from offer_occupied_until) * 1000)::float8`.as('until_ms'),
      sql<'booking' | 'hold'>`'hold'`.as('kind'),
    ])
    .where('status', '=', 'offered')
    .where('offer_expires_at', '>', range.now)
    .where('offer_staff_id', 'in', range.staffIds)
    .where('offer_occupied_from', '<', range.until)
    .where('offer_occupied_until', '>', range.from);
  if (range.excludeEntryId !== undefined) {
    holds = holds.where('id', '<>', range.excludeEntryId);
  }
  return bookings.unionAll(holds).execute();
}

/** Occupied ranges (buffers included) of some specialists overlapping `[from, until)`. */
export async function findOccupiedRanges(
  db: TenantExecutor,
  range: { staffIds: readonly number[]; from: Date; until: Date; excludeBookingId?: number },
) {
  if (range.staffIds.length === 0) {
    return [];
  }
  let query = db
    .selectFrom('bookings')
    .select(['staff_id', 'occupied_from', 'occupied_until'])
    .where('staff_id', 'in', range.staffIds)
    .where('status', '<>', 'cancelled')
    .where('occupied_from', '<', range.until)
    .where('occupied_until', '>', range.from);
  if (range.excludeBookingId !== undefined) {
    query = query.where('id', '<>', range.excludeBookingId);
  }
  return query.execute();
}

/**
 * The client's occupying bookings that have not ended by `now` (at most 200), for the
 * active-bookings limit and the overlap check in one round trip.
 */
export async function findClientUpcoming(db: TenantExecutor, clientId: number, now: Date) {
  return db
    .selectFrom('bookings')
    .select(['id', 'status', 'starts_at', 'ends_at'])
    .where('client_id', '=', clientId)
    .where('status', '<>', 'cancelled')
    .where('ends_at', '>', now)
    .orderBy('starts_at')
    .limit(200)
    .execute();
}

/** Confirmed bookings of a client that have not ended by `now`. */
export async function countActiveClientBookings(
  db: TenantExecutor,
  clientId: number,
  now: Date,
): Promise<number> {
  const row = await db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('client_id', '=', clientId)
    .where('status', '=', 'confirmed')
    .where('ends_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** An occupying booking of the client overlapping `[startsAt, endsAt)`, if any. */
export async function findClientOverlap(
  db: TenantExecutor,
  range: { clientId: number; startsAt: Date; endsAt: Date; excludeBookingId?: number },
) {
  let query = db
    .selectFrom('bookings')
    .select('id')
    .where('client_id', '=', range.clientId)
    .where('status', '<>', 'cancelled')
    .where('starts_at', '<', range.endsAt)
    .where('ends_at', '>', range.startsAt);
  if (range.excludeBookingId !== undefined) {
    query = query.where('id', '<>', range.excludeBookingId);
  }
  return query.executeTakeFirst();
}

export async function insertHistory(db: TenantExecutor, values: Insertable<BookingHistoryTable>) {
  await db.insertInto('booking_history').values(values).execute();
}

export async function findHistory(db: TenantExecutor, bookingId: number) {
  return db
    .selectFrom('booking_history')
    .selectAll()
    .where('booking_id', '=', bookingId)
    .orderBy('id')
    .execute();
}

export async function insertSlotRelease(db: TenantExecutor, values: Insertable<SlotReleasesTable>) {
  await db.insertInto('slot_releases').values(values).execute();
}

/**
 * Locks the oldest unprocessed slot release nobody else holds. `SKIP LOCKED` lets
 * several workers drain the outbox at once, each release handled by exactly one.
 */
export async function lockNextSlotRelease(db: TenantExecutor) {
  return db
    .selectFrom('slot_releases')
    .selectAll()
    .where('processed_at', 'is', null)
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export async function markSlotReleaseProcessed(db: TenantExecutor, id: number, now: Date) {
  await db.updateTable('slot_releases').set({ processed_at: now }).where('id', '=', id).execute();
}

export async function insertFeedback(db: TenantExecutor, values: Insertable<FeedbackTable>) {
  return db.insertInto('feedback').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findFeedbackByBookingId(db: TenantExecutor, bookingId: number) {
  return db
    .selectFrom('feedback')
    .selectAll()
    .where('booking_id', '=', bookingId)
    .executeTakeFirst();
}
