import { sql, type Transaction } from 'kysely';
import type { Database, PlatformDatabase, TenantExecutor, TenantStatus } from '../db/index.js';
import type { TenantRow } from '../tenants/index.js';

type Executor = Database | Transaction<PlatformDatabase>;

/** Filter of {@link searchTenantRows}. */
export interface TenantRowFilter {
  /** Part of the slug or bot username (case-insensitive), or an owner's Telegram id. */
  search?: string;
  /** Tenants that match `search` besides (by a business name found in their schemas). */
  alsoMatchingIds?: readonly number[];
  statuses?: readonly TenantStatus[];
  /** Only tenants whose `paid_until` falls between `now` and this instant. */
  paidUntilBefore?: Date;
  now: Date;
}

/** A page of tenant rows ordered by id, and how many rows match in all. */
export async function searchTenantRows(
  db: Executor,
  filter: TenantRowFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: TenantRow[]; total: number }> {
  let query = db.selectFrom('platform.tenants');
  if (filter.statuses && filter.statuses.length > 0) {
    query = query.where('status', 'in', filter.statuses);
  }
  if (filter.paidUntilBefore !== undefined) {
    query = query
      .where('paid_until', '>=', filter.now)
      .where('paid_until', '<=', filter.paidUntilBefore);
  }
  const search = filter.search?.trim();
  if (search) {
    const pattern = containsPattern(search);
    const ids = filter.alsoMatchingIds ?? [];
    query = query.where((eb) =>
      eb.or([
        eb('slug', 'ilike', pattern),
        eb('bot_username', 'ilike', pattern),
        ...(/^\d{1,15}$/.test(search) ? [eb('owner_telegram_id', '=', Number(search))] : []),
        ...(ids.length > 0 ? [eb('id', 'in', ids)] : []),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id').offset(page.offset).limit(page.limit).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/** An ILIKE pattern that matches any text containing `text` (its wildcards escaped). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Whether one tenant's business name (in its settings) contains `text`, case-insensitive. */
export async function businessNameContains(db: TenantExecutor, text: string): Promise<boolean> {
  const row = await db
    .selectFrom('settings')
    .select('id')
    .where('id', '=', 1)
    .where(sql<string>`value->>'businessName'`, 'ilike', containsPattern(text))
    .executeTakeFirst();
  return row !== undefined;
}

/** Sets `paid_until` to `max(paid_until, now) + days`; returns the updated row. */
export async function extendTenantPaidUntil(
  db: Executor,
  id: number,
  days: number,
  now: Date,
): Promise<TenantRow> {
  return db
    .updateTable('platform.tenants')
    .set({
      paid_until: sql<Date>`greatest(coalesce(paid_until, ${now}), ${now}) + make_interval(days => ${days})`,
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Bookings made since `since`, and the newest booking or client change, in one tenant. */
export async function readTenantActivity(
  db: TenantExecutor,
  since: Date,
): Promise<{ bookingsSince: number; lastCustomerActivity: Date | null }> {
  const bookings = await db
    .selectFrom('bookings')
    .select((eb) => [
      eb.fn.count<string>('id').filterWhere('created_at', '>=', since).as('recent'),
      eb.fn.max('created_at').as('last'),
    ])
    .executeTakeFirstOrThrow();
  const clients = await db
    .selectFrom('clients')
    .select((eb) => eb.fn.max('updated_at').as('last'))
    .executeTakeFirstOrThrow();
  const last = [bookings.last, clients.last]
    .filter((value): value is Date => value instanceof Date)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  return { bookingsSince: Number(bookings.recent), lastCustomerActivity: last ?? null };
}

/** Bookings created per UTC day since `since` in one tenant. */
export async function countTenantBookingsPerDay(
  db: TenantExecutor,
  since: Date,
): Promise<Array<{ day: string; count: number }>> {
  const rows = await db
    .selectFrom('bookings')
    .select([
      sql<string>`to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`.as('day'),
      (eb) => eb.fn.countAll<string>().as('count'),
    ])
    .where('created_at', '>=', since)
    .groupBy('day')
    .execute();
  return rows.map((row) => ({ day: row.day, count: Number(row.count) }));
}

/** Tenants per status. */
export async function countTenantsByStatus(
  db: Executor,
): Promise<Array<{ status: TenantStatus; count: number }>> {
  const rows = await db
    .selectFrom('platform.tenants')
    .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('status')
    .execute();
  return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
}

/**
 * Per month (`YYYY-MM`) since `since`: tenants created, and tenants that left (deleted,
 * counted in the month of their last change).
 */
export async function countTenantsPerMonth(
  db: Executor,
  since: Date,
): Promise<Array<{ month: string; created: number; churned: number }>> {
  const result = await sql<{ month: string; created: string; churned: string }>`
    SELECT month, sum(created) AS created, sum(churned) AS churned FROM (
      SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, 1 AS created, 0 AS churned
        FROM platform.tenants WHERE created_at >= ${since}
      UNION ALL
      SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM'), 0, 1
        FROM platform.tenants WHERE status = 'deleted' AND updated_at >= ${since}
    ) AS events
    GROUP BY month ORDER BY month
  `.execute(db);
  return result.rows.map((row) => ({
    month: row.month,
    created: Number(row.created),
    churned: Number(row.churned),
  }));
}

/**
 * Revenue per month and currency since `since`, in minor units: YooKassa payments that
 * succeeded (by the month they succeeded, less what was refunded of them), plus the
 * manual payments operators recorded when extending a tenant (kept in the operator
 * audit as `tenant.extended`, with amount and currency).
 */
export async function sumRevenuePerMonth(
  db: Executor,
  since: Date,
): Promise<Array<{ month: string; currency: string; amountMinor: number }>> {
  const result = await sql<{ month: string; currency: string; amount: string }>`
    SELECT month, currency, sum(amount) AS amount FROM (
      SELECT to_char(t.applied_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
             'RUB' AS currency,
             (p.amount_kopecks - p.refunded_kopecks)::bigint AS amount
        FROM platform.payment_transitions t
        JOIN platform.payments p ON p.id = t.payment_id
       WHERE t.status = 'succeeded' AND t.applied_at >= ${since}
      UNION ALL
      SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM'),
             details->>'currency',
             (details->>'amountMinor')::bigint
        FROM platform.operator_audit
       WHERE action = 'tenant.extended' AND created_at >= ${since}
    ) AS revenue
    GROUP BY 1, 2 ORDER BY 1, 2
  `.execute(db);
  return result.rows.map((row) => ({
    month: row.month,
    currency: row.currency,
    amountMinor: Number(row.amount),
  }));
}

/** YooKassa payments canceled (declined, expired, refused) since `since`. */
export async function countPaymentsCanceledSince(db: Executor, since: Date): Promise<number> {
  const row = await db
    .selectFrom('platform.payment_transitions')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('status', '=', 'canceled')
    .where('applied_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Live tenants on the trial plan, and live tenants on any other plan. */
export async function countTrialAndPaid(db: Executor): Promise<{ trial: number; paid: number }> {
  const row = await db
    .selectFrom('platform.tenants')
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere('plan', '=', 'trial').as('trial'),
      eb.fn.countAll<string>().filterWhere('plan', '<>', 'trial').as('paid'),
    ])
    .where('status', '<>', 'deleted')
    .executeTakeFirstOrThrow();
  return { trial: Number(row.trial), paid: Number(row.paid) };
}

/** Schemas of live tenants, in pages by id. */
export async function listLiveTenantSchemas(
  db: Executor,
  afterId: number,
  limit: number,
): Promise<Array<{ id: number; schema_name: string }>> {
  return db
    .selectFrom('platform.tenants')
    .select(['id', 'schema_name'])
    .where('status', '<>', 'deleted')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Tenants ever moved off the trial plan by an operator or a payment (distinct slugs). */
export async function countConvertedTrials(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('platform.operator_audit')
    .select((eb) => eb.fn.count<string>('target').distinct().as('count'))
    .where('action', '=', 'tenant.plan_changed')
    .where(sql<boolean>`details->>'from' = 'trial'`)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Slugs of live tenants whose bot token Telegram rejected. */
export async function listTokenRejectedSlugs(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('platform.tenants')
    .select('slug')
    .where('bot_status', '=', 'token_rejected')
    .where('status', '<>', 'deleted')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.slug);
}
