import { sql } from 'kysely';
import type { TenantExecutor } from '../db/index.js';

/** Bookings starting in `[from, until)` with everything the CSV shows, by start. */
export async function findBookingsForExport(
  db: TenantExecutor,
  range: { from: Date; until: Date },
) {
  return db
    .selectFrom('bookings')
    .innerJoin('services', 'services.id', 'bookings.service_id')
    .innerJoin('staff', 'staff.id', 'bookings.staff_id')
    .innerJoin('clients', 'clients.id', 'bookings.client_id')
    .select([
      'bookings.id',
      'bookings.starts_at',
      'bookings.ends_at',
      'bookings.status',
      'bookings.price_minor',
      'bookings.currency',
      'bookings.comment',
      'bookings.cancelled_at',
      'bookings.cancel_reason',
      'services.name as service_name',
      'staff.name as staff_name',
      'clients.name as client_name',
      'clients.phone as client_phone',
      'clients.telegram_user_id as client_telegram_user_id',
    ])
    .where('bookings.starts_at', '>=', range.from)
    .where('bookings.starts_at', '<', range.until)
    .orderBy('bookings.starts_at')
    .orderBy('bookings.id')
    .execute();
}

/** Bookings per local date and status in `[from, until)`. */
export async function countBookingsByDayAndStatus(
  db: TenantExecutor,
  range: { from: Date; until: Date; timeZone: string },
) {
  const day = sql<string>`to_char(timezone(${range.timeZone}, starts_at), 'YYYY-MM-DD')`;
  return (
    db
      .selectFrom('bookings')
      .select([day.as('day'), 'status', (eb) => eb.fn.countAll<string>().as('count')])
      .where('starts_at', '>=', range.from)
      .where('starts_at', '<', range.until)
      // Group by the output column: the zone is a parameter, so repeating the expression
      // would not match the selected one.
      .groupBy([sql.ref('day'), 'status'])
      .execute()
  );
}

/** Sums of price snapshots per status and currency in `[from, until)`. */
export async function sumPricesByStatus(db: TenantExecutor, range: { from: Date; until: Date }) {
  return db
    .selectFrom('bookings')
    .select(['status', 'currency', (eb) => eb.fn.sum<string>('price_minor').as('sum')])
    .where('starts_at', '>=', range.from)
    .where('starts_at', '<', range.until)
    .where('status', 'in', ['confirmed', 'completed'])
    .groupBy(['status', 'currency'])
    .execute();
}

/** Services by non-cancelled bookings in `[from, until)`. */
export async function findTopServices(
  db: TenantExecutor,
  range: { from: Date; until: Date; limit: number },
) {
  return db
    .selectFrom('bookings')
    .innerJoin('services', 'services.id', 'bookings.service_id')
    .select([
      'services.id as service_id',
      'services.name',
      (eb) => eb.fn.countAll<string>().as('bookings'),
      (eb) => eb.fn.sum<string>('bookings.price_minor').as('revenue'),
    ])
    .where('bookings.starts_at', '>=', range.from)
    .where('bookings.starts_at', '<', range.until)
    .where('bookings.status', '<>', 'cancelled')
    .groupBy(['services.id', 'services.name'])
    .orderBy('bookings', 'desc')
    .orderBy('services.id')
    .limit(range.limit)
    .execute();
}

/** Mean rating and count of the feedback on bookings starting in `[from, until)`. */
export async function averageRating(db: TenantExecutor, range: { from: Date; until: Date }) {
  return db
    .selectFrom('feedback')
    .innerJoin('bookings', 'bookings.id', 'feedback.booking_id')
    .select([
      (eb) => eb.fn.avg<string | null>('feedback.rating').as('average'),
      (eb) => eb.fn.countAll<string>().as('count'),
    ])
    .where('bookings.starts_at', '>=', range.from)
    .where('bookings.starts_at', '<', range.until)
    .executeTakeFirstOrThrow();
}

/** Specialists by non-cancelled bookings in `[from, until)`. */
export async function findTopSpecialists(
  db: TenantExecutor,
  range: { from: Date; until: Date; limit: number },
) {
  return db
    .selectFrom('bookings')
    .innerJoin('staff', 'staff.id', 'bookings.staff_id')
    .select([
      'staff.id as staff_id',
      'staff.name',
      (eb) => eb.fn.countAll<string>().as('bookings'),
      (eb) => eb.fn.sum<string>('bookings.price_minor').as('revenue'),
    ])
    .where('bookings.starts_at', '>=', range.from)
    .where('bookings.starts_at', '<', range.until)
    .where('bookings.status', '<>', 'cancelled')
    .groupBy(['staff.id', 'staff.name'])
    .orderBy('bookings', 'desc')
    .orderBy('staff.id')
    .limit(range.limit)
    .execute();
}

/**
 * The clients with a non-cancelled booking in `[from, until)`, and how many of them had
 * a completed visit before their first booking of the range.
 */
export async function countReturningClients(
  db: TenantExecutor,
  range: { from: Date; until: Date },
) {
  return db
    .with('period_clients', (qb) =>
      qb
        .selectFrom('bookings')
        .select(['client_id', (eb) => eb.fn.min('starts_at').as('first_at')])
        .where('starts_at', '>=', range.from)
        .where('starts_at', '<', range.until)
        .where('status', '<>', 'cancelled')
        .groupBy('client_id'),
    )
    .selectFrom('period_clients')
    .select([
      (eb) => eb.fn.countAll<string>().as('clients'),
      (eb) =>
        eb.fn
          .count<string>('period_clients.client_id')
          .filterWhere(({ exists, selectFrom }) =>
            exists(
              selectFrom('bookings as earlier')
                .select(sql`1`.as('one'))
                .whereRef('earlier.client_id', '=', 'period_clients.client_id')
                .where('earlier.status', '=', 'completed')
                .whereRef('earlier.starts_at', '<', 'period_clients.first_at'),
            ),
          )
          .as('returning'),
    ])
    .executeTakeFirstOrThrow();
}
