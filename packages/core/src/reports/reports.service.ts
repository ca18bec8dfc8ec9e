import { DateTime } from 'luxon';
import type { TenantExecutor } from '../db/index.js';
import { getSettings } from '../settings/index.js';
import { parseInput } from '../validation/index.js';
import { type BookingStatistics, type ReportPeriod, ReportPeriodSchema } from './reports.js';
import * as repository from './reports.repository.js';

const CSV_HEADER = [
  'id',
  'date',
  'start',
  'end',
  'service',
  'specialist',
  'client',
  'client_phone',
  'client_telegram_id',
  'status',
  'price',
  'currency',
  'comment',
  'cancelled_at',
  'cancel_reason',
];

/**
 * One CSV field per RFC 4180. A text starting with `=`, `+`, `-`, `@` or a tab is
 * prefixed with `'` so that a spreadsheet does not run a client's comment as a formula.
 */
export function csvField(value: string | number | null): string {
  if (value === null) {
    return '';
  }
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function periodInstants(db: TenantExecutor, period: ReportPeriod) {
  const data = parseInput(ReportPeriodSchema, period, 'report period');
  const { timeZone } = await getSettings(db);
  return {
    ...data,
    timeZone,
    fromInstant: DateTime.fromISO(data.from, { zone: timeZone }).toJSDate(),
    untilInstant: DateTime.fromISO(data.to, { zone: timeZone }).plus({ days: 1 }).toJSDate(),
  };
}

/**
 * The bookings starting within local dates `from`..`to` (tenant zone) as CSV
 * (comma-separated, CRLF line ends, header row), times in the tenant's zone, prices
 * in major units with two decimals.
 *
 * @throws AppError `VALIDATION` for a bad period (at most 366 days).
 */
export async function exportBookingsCsv(db: TenantExecutor, period: ReportPeriod): Promise<string> {
  return (await bookingsCsv(db, period)).csv;
}

async function bookingsCsv(
  db: TenantExecutor,
  period: ReportPeriod,
): Promise<{ csv: string; rows: number }> {
  const range = await periodInstants(db, period);
  const rows = await repository.findBookingsForExport(db, {
    from: range.fromInstant,
    until: range.untilInstant,
  });
  const local = (instant: Date) => DateTime.fromJSDate(instant, { zone: range.timeZone });
  const lines = [CSV_HEADER.join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.id,
        local(row.starts_at).toFormat('yyyy-MM-dd'),
        local(row.starts_at).toFormat('HH:mm'),
        local(row.ends_at).toFormat('HH:mm'),
        row.service_name,
        row.staff_name,
        row.client_name,
        row.client_phone,
        row.client_telegram_user_id,
        row.status,
        (row.price_minor / 100).toFixed(2),
        row.currency,
        row.comment,
        row.cancelled_at === null ? null : local(row.cancelled_at).toFormat("yyyy-MM-dd'T'HH:mm"),
        row.cancel_reason,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: rows.length };
}

/**
 * Statistics of the bookings starting within local dates `from`..`to`: bookings per
 * day, by status, revenue of completed visits, expected revenue of confirmed ones,
 * the no-show rate, the top 5 services and specialists, the share of returning clients
 * and the average rating.
 *
 * @throws AppError `VALIDATION` for a bad period.
 */
export async function getBookingStatistics(
  db: TenantExecutor,
  period: ReportPeriod,
): Promise<BookingStatistics> {
  const range = await periodInstants(db, period);
  const instants = { from: range.fromInstant, until: range.untilInstant };
  const [byDay, sums, top, topStaff, returning, rating] = await Promise.all([
    repository.countBookingsByDayAndStatus(db, { ...instants, timeZone: range.timeZone }),
    repository.sumPricesByStatus(db, instants),
    repository.findTopServices(db, { ...instants, limit: 5 }),
    repository.findTopSpecialists(db, { ...instants, limit: 5 }),
    repository.countReturningClients(db, instants),
    repository.averageRating(db, instants),
  ]);
  const perDay = new Map<string, number>();
  for (
    let day = DateTime.fromISO(range.from, { zone: 'utc' });
    day.toFormat('yyyy-MM-dd') <= range.to;
    day = day.plus({ days: 1 })
  ) {
    perDay.set(day.toFormat('yyyy-MM-dd'), 0);
  }
  const byStatus = { confirmed: 0, completed: 0, cancelled: 0, no_show: 0 };
  for (const row of byDay) {
    const count = Number(row.count);
    perDay.set(row.day, (perDay.get(row.day) ?? 0) + count);
    byStatus[row.status] += count;
  }
  const revenueMinor: Record<string, number> = {};
  const expectedRevenueMinor: Record<string, number> = {};
  for (const row of sums) {
    const target = row.status === 'completed' ? revenueMinor : expectedRevenueMinor;
    target[row.currency] = (target[row.currency] ?? 0) + Number(row.sum);
  }
  const ratings = Number(rating.count);
  const due = byStatus.completed + byStatus.no_show;
  const clients = Number(returning.clients);
  return {
    from: range.from,
    to: range.to,
    total: byStatus.confirmed + byStatus.completed + byStatus.cancelled + byStatus.no_show,
    perDay: [...perDay].map(([date, bookings]) => ({ date, bookings })),
    confirmed: byStatus.confirmed,
    completed: byStatus.completed,
    cancellations: byStatus.cancelled,
    noShows: byStatus.no_show,
    noShowRate: due === 0 ? null : roundShare(byStatus.no_show / due),
    revenueMinor,
    expectedRevenueMinor,
    topServices: top.map((row) => ({
      serviceId: row.service_id,
      name: row.name,
      bookings: Number(row.bookings),
      revenueMinor: Number(row.revenue),
    })),
    topSpecialists: topStaff.map((row) => ({
      staffId: row.staff_id,
      name: row.name,
      bookings: Number(row.bookings),
      revenueMinor: Number(row.revenue),
    })),
    clients,
    returningShare: clients === 0 ? null : roundShare(Number(returning.returning) / clients),
    averageRating:
      ratings === 0 || rating.average === null
        ? null
        : Math.round(Number(rating.average) * 100) / 100,
    ratings,
  };
}

/** A share rounded to four decimals (a tenth of a percent survives display). */
function roundShare(share: number): number {
  return Math.round(share * 10_000) / 10_000;
}

/** The byte order mark that makes Excel read a CSV file as UTF-8 (Cyrillic intact). */
const UTF8_BOM = '\uFEFF';

/**
 * {@link exportBookingsCsv} as a file to hand to a person: UTF-8 with a byte order mark,
 * so that Excel opens it with Cyrillic intact, named after the period, with its number
 * of bookings.
 *
 * @throws AppError `VALIDATION` for a bad period.
 */
export async function exportBookingsCsvFile(
  db: TenantExecutor,
  period: ReportPeriod,
): Promise<{ fileName: string; content: Buffer; rows: number }> {
  const { csv, rows } = await bookingsCsv(db, period);
  return {
    fileName: `bookings_${period.from}_${period.to}.csv`,
    content: Buffer.from(`${UTF8_BOM}${csv}`, 'utf8'),
    rows,
  };
}
