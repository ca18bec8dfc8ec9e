import { type Insertable, sql, type Updateable } from 'kysely';
import { QueryTemplate, type TenantExecutor } from '../db/index.js';
import { settingsTextQuery } from '../settings/index.js';
import type {
  BookingHistoryTable,
  BookingRow,
  BookingsTable,
  FeedbackTable,
  SlotReleasesTable,
} from './booking.table.js';

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

/**
 * Runs `work` in a transaction: the caller's, when `db` already is one, else a new one.
 *
 * The hot writes are a few single-table statements in one transaction rather than one
 * statement of modifying CTEs: on Citus, a statement that inserts into a table with an
 * identity column through `INSERT … SELECT` (or a CTE) is pulled to the coordinator
 * through intermediate results, about ten times slower, while a plain `INSERT … VALUES`,
 * an `UPDATE` (CTEs of updates included) and a `SELECT` on one tenant schema are each
 * routed to the worker that holds it. Plain Postgres gets the same atomicity either way.
 */
async function inTransaction<T>(
  db: TenantExecutor,
  work: (trx: TenantExecutor) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

const CLIENT_GUARD = new QueryTemplate(
  (db, _shape: null, values: { client_id: number; seen_version: number }) =>
    // Optimistic concurrency on the client: only if nobody changed the client's
    // bookings since the decision was made. Under READ COMMITTED an UPDATE that waits
    // for a concurrent one re-checks its condition on the new row version, so two
    // racing bookings of one client cannot both pass; the row stays locked until commit.
    db
      .updateTable('clients')
      .set((eb) => ({ booking_version: eb('booking_version', '+', 1) }))
      .where('id', '=', values.client_id)
      .where('booking_version', '=', values.seen_version)
      .where('blocked', '=', false)
      .returning('id'),
);

const INSERT_BOOKING = new QueryTemplate((db, _shape: null, values: NewBooking) =>
  db
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
    // Either exclusion constraint (specialist or client overlap) turns it into no row.
    .onConflict((conflict) => conflict.doNothing())
    .returningAll(),
);

const INSERT_HISTORY = new QueryTemplate(
  (db, _shape: null, values: Insertable<BookingHistoryTable> & { new_values: string }) =>
    db.insertInto('booking_history').values({
      booking_id: values.booking_id,
      action: values.action,
      actor: values.actor,
      old_values: values.old_values,
      new_values: values.new_values,
      created_at: values.created_at,
    }),
);

/**
 * Inserts a confirmed booking and its `created` history row in one transaction, only
 * if the client's `booking_version` is still `seen_version` and the client is not
 * blocked (bumping the version), and only if no occupying booking overlaps (either
 * exclusion constraint; a concurrent conflicting insert is waited for, so exactly
 * one of many racing inserts for a slot succeeds). Joins the caller's transaction
 * when `db` is one.
 */
export async function insertBookingIfCurrent(
  db: TenantExecutor,
  booking: NewBooking,
): Promise<GuardedInsert> {
  return inTransaction(db, async (trx) => {
    const [guard] = await CLIENT_GUARD.execute(trx, null, booking);
    if (guard === undefined) {
      return { outcome: 'stale' };
    }
    const [row] = (await INSERT_BOOKING.execute(trx, null, booking)) as BookingRow[];
    if (row === undefined) {
      return { outcome: 'conflict' };
    }
    await INSERT_HISTORY.execute(trx, null, {
      booking_id: row.id,
      action: 'created',
      actor: booking.actor,
      old_values: null,
      // The same shape and ISO format as the history rows the services write.
      new_values: JSON.stringify({
        status: row.status,
        staffId: row.staff_id,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
        serviceId: row.service_id,
        priceMinor: row.price_minor,
      }),
      created_at: booking.now,
    });
    return { outcome: 'inserted', booking: row };
  });
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

/**
 * The history of a booking, oldest first: by time, then id (on Citus ids follow the node
 * that wrote the row, not time; see `listAuditLog`).
 */
export async function findHistory(db: TenantExecutor, bookingId: number) {
  return db
    .selectFrom('booking_history')
    .selectAll()
    .where('booking_id', '=', bookingId)
    .orderBy('created_at')
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

const INSERT_SLOT_RELEASE = new QueryTemplate(
  (db, _shape: null, values: Omit<Insertable<SlotReleasesTable>, 'processed_at'>) =>
    db.insertInto('slot_releases').values({
      staff_id: values.staff_id,
      starts_at: values.starts_at,
      ends_at: values.ends_at,
      reason: values.reason,
      created_at: values.created_at,
    }),
);

/**
 * Appends a freed slot to the waitlist outbox if anyone is waiting; returns whether it
 * did. With nobody waiting the pass would find no one to offer it to. Two statements
 * (a read, then `INSERT … VALUES`), so that Citus routes both to the tenant's worker;
 * call it inside the transaction that frees the slot.
 */
export async function insertSlotReleaseIfWaited(
  db: TenantExecutor,
  values: Omit<Insertable<SlotReleasesTable>, 'processed_at'>,
): Promise<boolean> {
  const { waiting } = await db
    .selectNoFrom(anyoneWaiting(db).as('waiting'))
    .executeTakeFirstOrThrow();
  if (!waiting) {
    return false;
  }
  await INSERT_SLOT_RELEASE.execute(db, null, values);
  return true;
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

const CANCEL_BOOKING = new QueryTemplate((db, _shape: null, values: GuardedCancel) =>
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
    .selectFrom('cancelled')
    .innerJoin('services', 'services.id', 'cancelled.service_id')
    .innerJoin('staff', 'staff.id', 'cancelled.staff_id')
    .innerJoin('clients', 'clients.id', 'cancelled.client_id')
    .selectAll('cancelled')
    .select([
      'services.name as service_name',
      'staff.name as staff_name',
      'clients.name as client_name',
      'clients.telegram_user_id as client_telegram_user_id',
      anyoneWaiting(db).as('anyone_waiting'),
    ]),
);

const INSERT_AUDIT = new QueryTemplate(
  (
    db,
    _shape: null,
    values: { actor: string; action: string; target: string; details: string; created_at: Date },
  ) =>
    db.insertInto('audit_log').values({
      actor: values.actor,
      action: values.action,
      target: values.target,
      details: values.details,
      created_at: values.created_at,
    }),
);

/**
 * Cancels a booking with its history row, audit row, client version bump and waitlist
 * release in one transaction (the caller's, when `db` is one), only if it is still
 * confirmed and as the caller read it. The freed future time goes to the waitlist outbox
 * if anyone waits. Returns the cancelled booking with its names, and whether time went
 * to the outbox; `undefined` when the booking changed meanwhile.
 */
export async function cancelBookingIfUnchanged(
  db: TenantExecutor,
  cancel: GuardedCancel,
): Promise<{ view: BookingViewRow; released: boolean } | undefined> {
  return inTransaction(db, async (trx) => {
    const [row] = await CANCEL_BOOKING.execute(trx, null, cancel);
    if (row === undefined) {
      return undefined;
    }
    const { anyone_waiting: anyoneWaitingNow, ...view } = row;
    await INSERT_HISTORY.execute(trx, null, {
      booking_id: view.id,
      action: 'cancelled',
      actor: cancel.actor,
      old_values: cancel.old_values,
      new_values: cancel.new_values,
      created_at: cancel.now,
    });
    await INSERT_AUDIT.execute(trx, null, {
      actor: cancel.actor,
      action: 'booking.cancelled',
      target: `booking:${view.id}`,
      details: cancel.audit_details,
      created_at: cancel.now,
    });
    const freedFrom = new Date(Math.max(view.occupied_from.getTime(), cancel.now.getTime()));
    const released = anyoneWaitingNow && view.occupied_until > freedFrom;
    if (released) {
      await INSERT_SLOT_RELEASE.execute(trx, null, {
        staff_id: view.staff_id,
        starts_at: freedFrom,
        ends_at: view.occupied_until,
        reason: 'cancelled',
        created_at: cancel.now,
      });
    }
    return { view, released };
  });
}
