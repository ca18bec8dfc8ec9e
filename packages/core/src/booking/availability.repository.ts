import { type Expression, sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { QueryTemplate, type TenantExecutor } from '../db/index.js';
import { settingsTextQuery } from '../settings/index.js';

/** The scope of a snapshot: one service, with one specialist or all its performers. */
export interface SnapshotQuery {
  serviceId: number;
  staffId: number | 'any';
  /** Local dates whose overrides are needed (inclusive). */
  dateFrom: string;
  dateTo: string;
  /** Instants whose blocked periods, bookings and holds are needed. */
  windowFrom: Date;
  windowUntil: Date;
  now: Date;
  excludeBookingId?: number;
  excludeEntryId?: number;
  /** Also return this client, with its booking version, and its bookings that have not ended by `now`. */
  clientId?: number;
  /** Or: the client of this Telegram user, found in the same statement. */
  clientTelegramUserId?: number;
}

/** A performer row of a snapshot, one per working-hours interval (hours null when none). */
export interface SnapshotPerformer {
  id: number;
  name: string;
  bio: string;
  active: boolean;
  telegram_user_id: number | null;
  sort_order: number;
  custom_duration_minutes: number | null;
  custom_price_minor: number | null;
  weekday: number | null;
  start_time: string | null;
  end_time: string | null;
}

/** Everything availability and booking decide on, as of one statement. */
export interface SchedulingSnapshot {
  settings_text: string | null;
  service: {
    id: number;
    name: string;
    description: string;
    duration_minutes: number;
    price_minor: number;
    currency: string;
    buffer_before_minutes: number;
    buffer_after_minutes: number;
    active: boolean;
    sort_order: number;
  } | null;
  performers: SnapshotPerformer[];
  overrides: Array<{
    staff_id: number | null;
    date: string;
    intervals: { start: string; end: string }[];
  }>;
  blocked: Array<{ staff_id: number | null; from_ms: number; until_ms: number }>;
  busy: Array<{ staff_id: number; from_ms: number; until_ms: number; kind: 'booking' | 'hold' }>;
  client_upcoming: Array<{ id: number; status: string; starts_ms: number; ends_ms: number }>;
  client: {
    id: number;
    name: string;
    phone: string | null;
    telegram_user_id: number | null;
    blocked: boolean;
    booking_version: number;
  } | null;
}

/**
 * `tstzrange(fromColumn, untilColumn) && [from, until)`: the form the GiST indexes
 * (the exclusion constraints' and the blocked periods') can answer.
 */
function overlaps(fromColumn: string, untilColumn: string, from: Date, until: Date) {
  return sql<boolean>`tstzrange(${sql.ref(fromColumn)}, ${sql.ref(untilColumn)}) && tstzrange(${from}, ${until})`;
}

/**
 * Epoch milliseconds of a timestamptz column. `date_part` works in float8, where
 * `extract` (numeric since PostgreSQL 14) costs several times more.
 */
function epochMs(column: string) {
  return sql<number>`(date_part('epoch', ${sql.ref(column)}) * 1000)::int8`;
}

/**
 * The rows of `rows` (every column a non-null number) as one flat JSON array of
 * numbers, row after row. A busy month holds hundreds of bookings: as JSON objects
 * they cost more to render in Postgres and to parse in Node than everything else in
 * the snapshot together.
 */
function flatNumbers(rows: Expression<unknown>, columns: readonly string[]) {
  const fields = sql.join(columns.map((column) => sql.ref(`rows.${column}`)));
  return sql<string>`(select '[' || coalesce(string_agg(concat_ws(',', ${fields}), ','), '') || ']' from (${rows}) as rows)`;
}

/** Reads back the rows of {@link flatNumbers}, `width` numbers each. */
function readFlatNumbers<Row>(
  text: string,
  width: number,
  toRow: (values: number[], offset: number) => Row,
): Row[] {
  const values = JSON.parse(text) as number[];
  const rows: Row[] = [];
  for (let offset = 0; offset + width <= values.length; offset += width) {
    rows.push(toRow(values, offset));
  }
  return rows;
}

/**
 * Reads, in one statement and so from one consistent snapshot, everything that
 * availability and booking decide on: the settings document, the service, its
 * active performers with terms and weekly hours, date overrides, blocked periods,
 * occupying bookings, live waitlist holds and optionally the client with its
 * booking version and upcoming bookings.
 *
 * This is a read model of the hot path and deliberately reads tables that the
 * settings and catalogue domains own: a month view becomes one round trip and a
 * booking two (snapshot, guarded insert) instead of a dozen, which is what lets
 * booking throughput approach the server's raw transaction rate. Those domains
 * still own every write and its validation.
 */
export async function findSchedulingSnapshot(
  db: TenantExecutor,
  query: SnapshotQuery,
): Promise<SchedulingSnapshot> {
  const shape: SnapshotShape = {
    anySpecialist: query.staffId === 'any',
    excludeBooking: query.excludeBookingId !== undefined,
    excludeEntry: query.excludeEntryId !== undefined,
    clientByTelegram: query.clientTelegramUserId !== undefined,
  };
  const [row] = await SNAPSHOT.execute(db, shape, {
    ...query,
    staffId: query.staffId === 'any' ? null : query.staffId,
    clientId: query.clientId ?? null,
    clientTelegramUserId: query.clientTelegramUserId ?? null,
  });
  if (row === undefined) {
    throw new Error('The scheduling snapshot returned no row');
  }
  return {
    ...row,
    blocked: readFlatNumbers(row.blocked, 3, (values, offset) => ({
      staff_id: values[offset] === 0 ? null : (values[offset] as number),
      from_ms: values[offset + 1] as number,
      until_ms: values[offset + 2] as number,
    })),
    busy: readFlatNumbers(row.busy, 4, (values, offset) => ({
      staff_id: values[offset] as number,
      from_ms: values[offset + 1] as number,
      until_ms: values[offset + 2] as number,
      kind: values[offset + 3] === 1 ? 'hold' : 'booking',
    })),
  };
}

/** What changes the text of the snapshot statement. */
export interface SnapshotShape {
  anySpecialist: boolean;
  excludeBooking: boolean;
  excludeEntry: boolean;
  /** The client is named by Telegram user id rather than by id. */
  clientByTelegram: boolean;
}

/** The values of the snapshot statement. */
export type SnapshotValues = Omit<
  SnapshotQuery,
  'staffId' | 'clientId' | 'clientTelegramUserId'
> & {
  staffId: number | null;
  clientId: number | null;
  clientTelegramUserId: number | null;
};

const SNAPSHOT = new QueryTemplate(schedulingSnapshotQuery);

/** The statement of {@link findSchedulingSnapshot} (exported for `EXPLAIN`). */
export function schedulingSnapshotQuery(
  db: TenantExecutor,
  shape: SnapshotShape,
  query: SnapshotValues,
) {
  const performers = db
    .selectFrom('staff_services')
    .select('staff_services.staff_id')
    .where('staff_services.service_id', '=', query.serviceId);
  const inScope = (column: string) =>
    shape.anySpecialist
      ? sql<boolean>`${sql.ref(column)} IN (${performers})`
      : sql<boolean>`${sql.ref(column)} = ${query.staffId}`;
  const clientId = shape.clientByTelegram
    ? sql<number>`(${db
        .selectFrom('clients')
        .select('clients.id')
        .where('clients.telegram_user_id', '=', query.clientTelegramUserId as number)})`
    : sql<number>`${query.clientId}`;

  return db.selectNoFrom((eb) => [
    settingsTextQuery(db).as('settings_text'),
    jsonObjectFrom(
      eb.selectFrom('services').selectAll('services').where('services.id', '=', query.serviceId),
    ).as('service'),
    jsonArrayFrom(
      eb
        .selectFrom('staff_services')
        .innerJoin('staff', 'staff.id', 'staff_services.staff_id')
        .leftJoin('working_hours', 'working_hours.staff_id', 'staff.id')
        .select([
          'staff.id',
          'staff.name',
          'staff.bio',
          'staff.active',
          'staff.telegram_user_id',
          'staff.sort_order',
          'staff_services.duration_minutes as custom_duration_minutes',
          'staff_services.price_minor as custom_price_minor',
          'working_hours.weekday',
          'working_hours.start_time',
          'working_hours.end_time',
        ])
        .where('staff_services.service_id', '=', query.serviceId)
        .where('staff.active', '=', true)
        .$if(!shape.anySpecialist, (qb) => qb.where('staff.id', '=', query.staffId as number))
        .orderBy('staff.sort_order')
        .orderBy('staff.id')
        .orderBy('working_hours.weekday')
        .orderBy('working_hours.start_time'),
    ).as('performers'),
    jsonArrayFrom(
      eb
        .selectFrom('date_overrides')
        .select(['date_overrides.staff_id', 'date_overrides.date', 'date_overrides.intervals'])
        .where('date_overrides.date', '>=', query.dateFrom)
        .where('date_overrides.date', '<=', query.dateTo)
        .where((inner) =>
          inner.or([
            inner('date_overrides.staff_id', 'is', null),
            inScope('date_overrides.staff_id'),
          ]),
        ),
    ).as('overrides'),
    flatNumbers(
      eb
        .selectFrom('blocked_periods')
        .select([
          // 0: the whole business.
          sql<number>`coalesce(${sql.ref('blocked_periods.staff_id')}, 0)`.as('staff_id'),
          epochMs('blocked_periods.starts_at').as('from_ms'),
          epochMs('blocked_periods.ends_at').as('until_ms'),
        ])
        .where(
          overlaps(
            'blocked_periods.starts_at',
            'blocked_periods.ends_at',
            query.windowFrom,
            query.windowUntil,
          ),
        )
        .where((inner) =>
          inner.or([
            inner('blocked_periods.staff_id', 'is', null),
            inScope('blocked_periods.staff_id'),
          ]),
        ),
      ['staff_id', 'from_ms', 'until_ms'],
    ).as('blocked'),
    flatNumbers(
      eb
        .selectFrom('bookings')
        .select([
          'bookings.staff_id',
          epochMs('bookings.occupied_from').as('from_ms'),
          epochMs('bookings.occupied_until').as('until_ms'),
          sql<number>`0`.as('is_hold'),
        ])
        .where('bookings.status', '<>', 'cancelled')
        .where(
          overlaps(
            'bookings.occupied_from',
            'bookings.occupied_until',
            query.windowFrom,
            query.windowUntil,
          ),
        )
        .where(inScope('bookings.staff_id'))
        .$if(shape.excludeBooking, (qb) =>
          qb.where('bookings.id', '<>', query.excludeBookingId as number),
        )
        .unionAll(
          eb
            .selectFrom('waitlist')
            .select([
              sql<number>`waitlist.offer_staff_id`.as('staff_id'),
              epochMs('waitlist.offer_occupied_from').as('from_ms'),
              epochMs('waitlist.offer_occupied_until').as('until_ms'),
              sql<number>`1`.as('is_hold'),
            ])
            .where('waitlist.status', '=', 'offered')
            .where('waitlist.offer_expires_at', '>', query.now)
            .where(
              overlaps(
                'waitlist.offer_occupied_from',
                'waitlist.offer_occupied_until',
                query.windowFrom,
                query.windowUntil,
              ),
            )
            .where(inScope('waitlist.offer_staff_id'))
            .$if(shape.excludeEntry, (qb) =>
              qb.where('waitlist.id', '<>', query.excludeEntryId as number),
            ),
        ),
      ['staff_id', 'from_ms', 'until_ms', 'is_hold'],
    ).as('busy'),
    jsonArrayFrom(
      eb
        .selectFrom('bookings')
        .select([
          'bookings.id',
          'bookings.status',
          epochMs('bookings.starts_at').as('starts_ms'),
          epochMs('bookings.ends_at').as('ends_ms'),
        ])
        .where('bookings.client_id', '=', clientId)
        .where('bookings.status', '<>', 'cancelled')
        .where('bookings.ends_at', '>', query.now)
        .orderBy('bookings.starts_at')
        .limit(200),
    ).as('client_upcoming'),
    jsonObjectFrom(
      eb
        .selectFrom('clients')
        .select([
          'clients.id',
          'clients.name',
          'clients.phone',
          'clients.telegram_user_id',
          'clients.blocked',
          'clients.booking_version',
        ])
        .where('clients.id', '=', clientId),
    ).as('client'),
  ]);
}
