import { type Insertable, sql, type Updateable } from 'kysely';
import type { TenantExecutor } from '../db/index.js';
import type {
  BookingHistoryTable,
  BookingRow,
  BookingsTable,
  FeedbackTable,
  SlotReleasesTable,
} from './booking.table.js';
import { QueryTemplate } from './query-template.js';

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

/** A new confirmed booking, every column given. */
export interface NewBooking {
  client_id: number;
  service_id: number;
  staff_id: number;
  starts_at: Date;
  ends_at: Date;
  occupied_from: Date;
  occupied_until: Date;
  price_minor: number;
  currency: string;
  comment: string;
  /** Creation time of the booking and its history row. */
  now: Date;
  /** History label of who booked. */
  actor: string;
}

const INSERT_WITH_HISTORY = new QueryTemplate((db, _shape: null, values: NewBooking) =>
  db
    .with('inserted', (qb) =>
      qb
        .insertInto('bookings')
        .values({
          client_id: values.client_id,
          service_id: values.service_id,
          staff_id: values.staff_id,
          starts_at: values.starts_at,
          ends_at: values.ends_at,
          occupied_from: values.occupied_from,
          occupied_until: values.occupied_until,
          status: 'confirmed',
          price_minor: values.price_minor,
          currency: values.currency,
          comment: values.comment,
          created_at: values.now,
          updated_at: values.now,
        })
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
            inner.val(values.actor).as('actor'),
            // The same shape and ISO format as the history rows the services write.
            sql<string>`jsonb_build_object(
                'status', inserted.status, 'staffId', inserted.staff_id,
                'startsAt', ${isoUtc('inserted.starts_at')}, 'endsAt', ${isoUtc('inserted.ends_at')},
                'serviceId', inserted.service_id, 'priceMinor', inserted.price_minor)`.as(
              'new_values',
            ),
            inner.val(values.now).as('created_at'),
          ]),
        ),
    )
    .selectFrom('inserted')
    .selectAll(),
);

/**
 * Inserts a confirmed booking and its `created` history row in one statement, unless
 * the booking conflicts with an occupying one (either exclusion constraint). A
 * concurrent conflicting insert is waited for: if it commits, this one does nothing,
 * so exactly one of many racing inserts for a slot succeeds.
 *
 * @returns the new row, or `undefined` when the slot was taken.
 */
export async function insertBookingWithHistory(
  db: TenantExecutor,
  booking: NewBooking,
): Promise<BookingRow | undefined> {
  const [row] = await INSERT_WITH_HISTORY.execute(db, null, { ...booking });
  return row;
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

export async function updateFeedbackComment(
  db: TenantExecutor,
  bookingId: number,
  comment: string,
) {
  return db
    .updateTable('feedback')
    .set({ comment })
    .where('booking_id', '=', bookingId)
    .returningAll()
    .executeTakeFirst();
}
