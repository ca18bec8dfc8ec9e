import { type Insertable, sql, type Updateable } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import { QueryTemplate, type TenantExecutor } from '../db/index.js';
import { settingsTextQuery } from '../settings/index.js';
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
  client_telegram_user_id: number | null;
};

const BOOKING_VIEW_BY_ID = new QueryTemplate((db, _shape: null, values: { id: number }) =>
  bookingViews(db).where('bookings.id', '=', values.id),
);

/** One booking with its names, by id. */
export async function findBookingViewById(
  db: TenantExecutor,
  id: number,
): Promise<BookingViewRow | undefined> {
  const [row] = await BOOKING_VIEW_BY_ID.execute(db, null, { id });
  return row;
}

const BOOKING_NOTICE_VIEW = new QueryTemplate((db, _shape: null, values: { id: number }) =>
  bookingViews(db)
    .select((eb) => [
      'clients.phone as client_phone',
      'clients.locale as client_locale',
      'staff.telegram_user_id as staff_telegram_user_id',
      eb
        .selectFrom('admins')
        .select(
          sql<
            number[]
          >`coalesce(json_agg(admins.telegram_user_id order by admins.id), '[]'::json)`.as('ids'),
        )
        .as('admin_telegram_user_ids'),
      settingsTextQuery(db).as('settings_text'),
    ])
    .where('bookings.id', '=', values.id),
);

/**
 * One booking with its names and what a message about it needs, in one round trip:
 * the client's phone and language, the specialist's and every admin's Telegram id,
 * and the tenant's settings document as JSON text.
 */
export async function findBookingNoticeView(db: TenantExecutor, id: number) {
  const [row] = await BOOKING_NOTICE_VIEW.execute(db, null, { id });
  return row;
}

/** Bookings whose start lies in `[from, until)`, filtered, by start (or newest first). */
export async function findBookingViews(
  db: TenantExecutor,
  filter: {
    from?: Date;
    until?: Date;
    staffId?: number;
    clientId?: number;
    statuses?: readonly BookingRow['status'][];
    /** Only bookings that end after this instant. */
    endsAfter?: Date;
    /** Newest first instead of by start ascending. */
    newestFirst?: boolean;
    /** Keyset paging (ascending only): only bookings after this start and id. */
    after?: { startsAt: Date; id: number };
    limit: number;
  },
): Promise<BookingViewRow[]> {
  let query = bookingViews(db);
  const after = filter.after;
  if (after !== undefined) {
    query = query.where((eb) =>
      eb(eb.refTuple('bookings.starts_at', 'bookings.id'), '>', eb.tuple(after.startsAt, after.id)),
    );
  }
  if (filter.endsAfter !== undefined) {
    query = query.where('bookings.ends_at', '>', filter.endsAfter);
  }
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
  const direction = filter.newestFirst ? 'desc' : 'asc';
  return query
    .orderBy('bookings.starts_at', direction)
    .orderBy('bookings.id', direction)
    .limit(filter.limit)
    .execute();
}

const BOOKING_WITH_SETTINGS = new QueryTemplate((db, _shape: null, values: { id: number }) =>
  db
    .selectFrom('bookings')
    .selectAll('bookings')
    .select(settingsTextQuery(db).as('settings_text'))
    .where('bookings.id', '=', values.id),
);

/**
 * One booking with the tenant's settings document as JSON text, in one round trip:
 * what a decision to change the booking reads.
 */
export async function findBookingWithSettings(db: TenantExecutor, id: number) {
  const [row] = await BOOKING_WITH_SETTINGS.execute(db, null, { id });
  return row;
}

/** Locks and returns one booking (`FOR UPDATE`). */
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
  /** The client's `booking_version` the decision was based on. */
  seen_version: number;
}

/** Outcome of {@link insertBookingIfCurrent}. */
export type GuardedInsert =
  | { outcome: 'inserted'; booking: BookingRow }
  /** The exclusion constraint refused it: an occupying booking overlaps. */
  | { outcome: 'conflict' }
  /** The client's bookings changed (or the client was blocked) since they were read. */
  | { outcome: 'stale' };

interface GuardedInsertRow {
  guarded: number;
  booking:
    | (Omit<
        BookingRow,
        | 'starts_at'
        | 'ends_at'
        | 'occupied_from'
        | 'occupied_until'
        | 'cancelled_at'
        | 'created_at'
        | 'updated_at'
      > & {
        starts_at: string;
        ends_at: string;
        occupied_from: string;
        occupied_until: string;
        cancelled_at: string | null;
        created_at: string;
        updated_at: string;
      })
    | null;
}

const GUARDED_INSERT = new QueryTemplate((db, _shape: null, values: NewBooking) =>
  db
    // Optimistic concurrency on the client: only if nobody changed the client's
    // bookings since the decision was made. Under READ COMMITTED an UPDATE that waits
    // for a concurrent one re-checks its condition on the new row version, so two
    // racing bookings of one client cannot both pass.
    .with('guard', (qb) =>
      qb
        .updateTable('clients')
        .set((eb) => ({ booking_version: eb('booking_version', '+', 1) }))
        .where('id', '=', values.client_id)
        .where('booking_version', '=', values.seen_version)
        .where('blocked', '=', false)
        .returning('id'),
    )
    .with('inserted', (qb) =>
      qb
        .insertInto('bookings')
        .columns([
          'client_id',
          'service_id',
          'staff_id',
          'starts_at',
          'ends_at',
          'occupied_from',
          'occupied_until',
          'status',
          'price_minor',
          'currency',
          'comment',
          'created_at',
          'updated_at',
        ])
        .expression((eb) =>
          eb
            .selectFrom('guard')
            // INSERT … SELECT does not infer parameter types from the columns: cast.
            .select([
              'guard.id',
              sql<number>`${values.service_id}::bigint`.as('service_id'),
              sql<number>`${values.staff_id}::bigint`.as('staff_id'),
              sql<Date>`${values.starts_at}::timestamptz`.as('starts_at'),
              sql<Date>`${values.ends_at}::timestamptz`.as('ends_at'),
              sql<Date>`${values.occupied_from}::timestamptz`.as('occupied_from'),
              sql<Date>`${values.occupied_until}::timestamptz`.as('occupied_until'),
              sql<string>`'confirmed'`.as('status'),
              sql<number>`${values.price_minor}::bigint`.as('price_minor'),
              sql<string>`${values.currency}::char(3)`.as('currency'),
              sql<string>`${values.comment}::text`.as('comment'),
              sql<Date>`${values.now}::timestamptz`.as('created_at'),
              sql<Date>`${values.now}::timestamptz`.as('updated_at'),
            ]),
        )
        .onConflict((conflict) => conflict.doNothing())
        .returningAll(),
    )
    .with('history', (qb) =>
      qb
        .insertInto('booking_history')
        .columns(['booking_id', 'action', 'actor', 'new_values', 'created_at'])
        .expression((eb) =>
          eb.selectFrom('inserted').select([
            'inserted.id',
            sql<string>`'created'`.as('action'),
            sql<string>`${values.actor}::text`.as('actor'),
            // The same shape and ISO format as the history rows the services write.
            sql<string>`jsonb_build_object(
                'status', inserted.status, 'staffId', inserted.staff_id,
                'startsAt', ${isoUtc('inserted.starts_at')}, 'endsAt', ${isoUtc('inserted.ends_at')},
                'serviceId', inserted.service_id, 'priceMinor', inserted.price_minor)`.as(
              'new_values',
            ),
            sql<Date>`${values.now}::timestamptz`.as('created_at'),
          ]),
        ),
    )
    .selectNoFrom((eb) => [
      eb
        .selectFrom('guard')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .as('guarded'),
      jsonObjectFrom(eb.selectFrom('inserted').selectAll('inserted')).as('booking'),
    ]),
);

/**
 * Inserts a confirmed booking and its `created` history row in one statement, only
 * if the client's `booking_version` is still `seen_version` and the client is not
 * blocked (bumping the version), and only if no occupying booking overlaps (either
 * exclusion constraint; a concurrent conflicting insert is waited for, so exactly
 * one of many racing inserts for a slot succeeds).
 */
export async function insertBookingIfCurrent(
  db: TenantExecutor,
  booking: NewBooking,
): Promise<GuardedInsert> {
  const [row] = (await GUARDED_INSERT.execute(db, null, { ...booking })) as unknown as [
    GuardedInsertRow?,
  ];
  if (row === undefined || Number(row.guarded) === 0) {
    return { outcome: 'stale' };
  }
  if (row.booking === null) {
    return { outcome: 'conflict' };
  }
  const json = row.booking;
  return {
    outcome: 'inserted',
    booking: {
      ...json,
      starts_at: new Date(json.starts_at),
      ends_at: new Date(json.ends_at),
      occupied_from: new Date(json.occupied_from),
      occupied_until: new Date(json.occupied_until),
      cancelled_at: json.cancelled_at === null ? null : new Date(json.cancelled_at),
      created_at: new Date(json.created_at),
      updated_at: new Date(json.updated_at),
    },
  };
}

/** Bumps the client's `booking_version`: call in every transaction that changes their bookings. */
export async function bumpClientBookingVersion(db: TenantExecutor, clientId: number) {
  await db
    .updateTable('clients')
    .set((eb) => ({ booking_version: eb('booking_version', '+', 1) }))
    .where('id', '=', clientId)
    .execute();
}

/** Updates a booking and returns the row; throws if it does not exist. */
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

/** Appends a history row. */
export async function insertHistory(db: TenantExecutor, values: Insertable<BookingHistoryTable>) {
  await db.insertInto('booking_history').values(values).execute();
}

/** The history of a booking, oldest first. */
export async function findHistory(db: TenantExecutor, bookingId: number) {
  return db
    .selectFrom('booking_history')
    .selectAll()
    .where('booking_id', '=', bookingId)
    .orderBy('id')
    .execute();
}

/**
 * Whether any client of the tenant waits: freed time is worth a waitlist release only
 * then. One condition for every statement that releases time.
 */
function anyoneWaiting(db: TenantExecutor) {
  return sql<boolean>`exists (${db
    .selectFrom('waitlist')
    .select(sql`1`.as('one'))
    .where('status', '=', 'waiting')})`;
}

/**
 * Appends a freed slot to the waitlist outbox if anyone is waiting, in one statement;
 * returns whether it did. With nobody waiting the pass would find no one to offer it to.
 */
export async function insertSlotReleaseIfWaited(
  db: TenantExecutor,
  values: Omit<Insertable<SlotReleasesTable>, 'processed_at'>,
): Promise<boolean> {
  const result = await db
    .insertInto('slot_releases')
    .columns(['staff_id', 'starts_at', 'ends_at', 'reason', 'created_at'])
    .expression(
      db
        .selectNoFrom([
          sql<number>`${values.staff_id}::integer`.as('staff_id'),
          sql<Date>`${values.starts_at}::timestamptz`.as('starts_at'),
          sql<Date>`${values.ends_at}::timestamptz`.as('ends_at'),
          sql<string>`${values.reason}::text`.as('reason'),
          sql<Date>`${values.created_at}::timestamptz`.as('created_at'),
        ])
        .where(anyoneWaiting(db)),
    )
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows !== undefined && result.numInsertedOrUpdatedRows > 0n;
}

/**
 * Appends time to the waitlist outbox for the pass to offer, whoever waits. In batches,
 * so that a long range of many specialists stays within Postgres's parameter limit.
 */
export async function insertSlotReleases(
  db: TenantExecutor,
  rows: ReadonlyArray<Omit<Insertable<SlotReleasesTable>, 'processed_at'>>,
): Promise<void> {
  for (let first = 0; first < rows.length; first += 1_000) {
    await db
      .insertInto('slot_releases')
      .values(rows.slice(first, first + 1_000))
      .execute();
  }
}

/**
 * Appends again, as `rechecked`, the still-future time of the releases joins wrote
 * since `since` (see `recheckRecentJoins`), if anyone waits; returns how many rows.
 */
export async function rereleaseJoinedSince(
  db: TenantExecutor,
  values: { since: Date; now: Date },
): Promise<number> {
  const result = await db
    .insertInto('slot_releases')
    .columns(['staff_id', 'starts_at', 'ends_at', 'reason', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('slot_releases')
        .select([
          'staff_id',
          sql<Date>`greatest(starts_at, ${values.now}::timestamptz)`.as('starts_at'),
          'ends_at',
          sql<string>`'rechecked'`.as('reason'),
          sql<Date>`${values.now}::timestamptz`.as('created_at'),
        ])
        .where('reason', '=', 'joined')
        .where('created_at', '>=', values.since)
        .where('ends_at', '>', values.now)
        .where(anyoneWaiting(db)),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/** Deletes releases the pass handled before `before`; returns how many. */
export async function deleteProcessedSlotReleases(
  db: TenantExecutor,
  before: Date,
): Promise<number> {
  const result = await db
    .deleteFrom('slot_releases')
    .where('processed_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
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

/** Marks a freed slot as handled by the waitlist pass. */
export async function markSlotReleaseProcessed(db: TenantExecutor, id: number, now: Date) {
  await db.updateTable('slot_releases').set({ processed_at: now }).where('id', '=', id).execute();
}

/** Inserts the feedback of a booking; fails on a second one (unique). */
export async function insertFeedback(db: TenantExecutor, values: Insertable<FeedbackTable>) {
  return db.insertInto('feedback').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The feedback of a booking, if any. */
export async function findFeedbackByBookingId(db: TenantExecutor, bookingId: number) {
  return db
    .selectFrom('feedback')
    .selectAll()
    .where('booking_id', '=', bookingId)
    .executeTakeFirst();
}

/** Sets the comment of existing feedback; `undefined` when there is none. */
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

/** A cancellation, decided on the booking as it was read. */
export interface GuardedCancel {
  /** The booking and the facts the decision read: it is cancelled only if they still hold. */
  id: number;
  client_id: number;
  staff_id: number;
  starts_at: Date;
  ends_at: Date;
  now: Date;
  /** History label of who cancels. */
  actor: string;
  reason: string | null;
  /** JSON texts of the history row's old and new values and of the audit details. */
  old_values: string;
  new_values: string;
  audit_details: string;
}

const GUARDED_CANCEL = new QueryTemplate((db, _shape: null, values: GuardedCancel) =>
  db
    // Only if the booking is still confirmed and as it was read: a concurrent change
    // makes this update match nothing (READ COMMITTED re-checks the condition on the
    // row version it waited for), and the caller decides again.
    .with('cancelled', (qb) =>
      qb
        .updateTable('bookings')
        .set({
          status: 'cancelled',
          cancelled_at: values.now,
          cancelled_by: values.actor,
          cancel_reason: values.reason,
          updated_at: values.now,
        })
        .where('id', '=', values.id)
        .where('status', '=', 'confirmed')
        .where('client_id', '=', values.client_id)
        .where('staff_id', '=', values.staff_id)
        .where('starts_at', '=', values.starts_at)
        .where('ends_at', '=', values.ends_at)
        .returningAll(),
    )
    .with('bumped', (qb) =>
      qb
        .updateTable('clients')
        .set((eb) => ({ booking_version: eb('booking_version', '+', 1) }))
        .where('id', 'in', (eb) => eb.selectFrom('cancelled').select('cancelled.client_id')),
    )
    .with('history', (qb) =>
      qb
        .insertInto('booking_history')
        .columns(['booking_id', 'action', 'actor', 'old_values', 'new_values', 'created_at'])
        .expression((eb) =>
          eb
            .selectFrom('cancelled')
            .select([
              'cancelled.id',
              sql<string>`'cancelled'`.as('action'),
              sql<string>`${values.actor}::text`.as('actor'),
              sql<string>`${values.old_values}::jsonb`.as('old_values'),
              sql<string>`${values.new_values}::jsonb`.as('new_values'),
              sql<Date>`${values.now}::timestamptz`.as('created_at'),
            ]),
        ),
    )
    .with('audit', (qb) =>
      qb
        .insertInto('audit_log')
        .columns(['actor', 'action', 'target', 'details', 'created_at'])
        .expression((eb) =>
          eb
            .selectFrom('cancelled')
            .select([
              sql<string>`${values.actor}::text`.as('actor'),
              sql<string>`'booking.cancelled'`.as('action'),
              sql<string>`'booking:' || cancelled.id`.as('target'),
              sql<string>`${values.audit_details}::jsonb`.as('details'),
              sql<Date>`${values.now}::timestamptz`.as('created_at'),
            ]),
        ),
    )
    // The freed future time goes to the waitlist outbox if anyone waits (see releaseSlot).
    .with('released', (qb) =>
      qb
        .insertInto('slot_releases')
        .columns(['staff_id', 'starts_at', 'ends_at', 'reason', 'created_at'])
        .expression((eb) =>
          eb
            .selectFrom('cancelled')
            .select([
              'cancelled.staff_id',
              sql<Date>`greatest(cancelled.occupied_from, ${values.now}::timestamptz)`.as(
                'starts_at',
              ),
              'cancelled.occupied_until',
              sql<string>`'cancelled'`.as('reason'),
              sql<Date>`${values.now}::timestamptz`.as('created_at'),
            ])
            .where(
              sql<boolean>`cancelled.occupied_until > greatest(cancelled.occupied_from, ${values.now}::timestamptz)`,
            )
            .where(anyoneWaiting(db)),
        )
        .returning('id'),
    )
    .selectFrom('cancelled')
    .innerJoin('services', 'services.id', 'cancelled.service_id')
    .innerJoin('staff', 'staff.id', 'cancelled.staff_id')
    .innerJoin('clients', 'clients.id', 'cancelled.client_id')
    .selectAll('cancelled')
    .select((eb) => [
      'services.name as service_name',
      'staff.name as staff_name',
      'clients.name as client_name',
      'clients.telegram_user_id as client_telegram_user_id',
      eb
        .selectFrom('released')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .as('released'),
    ]),
);

/**
 * Cancels a booking with its history row, audit row, client version bump and waitlist
 * release in one statement, only if it is still confirmed and as the caller read it.
 * Returns the cancelled booking with its names, and whether time went to the waitlist
 * outbox; `undefined` when the booking changed meanwhile.
 */
export async function cancelBookingIfUnchanged(
  db: TenantExecutor,
  cancel: GuardedCancel,
): Promise<{ view: BookingViewRow; released: boolean } | undefined> {
  const [row] = await GUARDED_CANCEL.execute(db, null, cancel);
  if (row === undefined) {
    return undefined;
  }
  const { released, ...view } = row;
  return { view, released: Number(released) > 0 };
}
