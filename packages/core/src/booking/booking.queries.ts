import type { TenantExecutor } from '../db/index.js';
import { parseSettingsText, type Settings } from '../settings/index.js';
import type { Booking, BookingHistoryEntry, BookingStatus } from './booking.js';
import * as repository from './booking.repository.js';
import { bookingNotFound, toBooking } from './booking-access.js';

/** A booking by id, with names. @throws AppError `NOT_FOUND`. */
export async function getBooking(db: TenantExecutor, id: number): Promise<Booking> {
  const row = await repository.findBookingViewById(db, id);
  if (row === undefined) {
    throw bookingNotFound(id);
  }
  return toBooking(row);
}

/** What a message about a booking needs, read in one round trip by {@link getBookingNotice}. */
export interface BookingNotice {
  booking: Booking;
  settings: Settings;
  clientPhone: string | null;
  /** The client's stored language. */
  clientLocale: string;
  /** Who on the business's side hears of the booking: every admin and its specialist. */
  staffTelegramUserIds: number[];
}

/**
 * A booking with everything a reminder or an admin's notice about it shows, in one
 * statement: workers run this for every job. @throws AppError `NOT_FOUND`.
 */
export async function getBookingNotice(db: TenantExecutor, id: number): Promise<BookingNotice> {
  const row = await repository.findBookingNoticeView(db, id);
  if (row === undefined) {
    throw bookingNotFound(id);
  }
  const {
    client_phone: clientPhone,
    client_locale: clientLocale,
    staff_telegram_user_id: specialist,
    admin_telegram_user_ids: admins,
    settings_text: settingsText,
    ...view
  } = row;
  const recipients = new Set(admins ?? []);
  if (specialist !== null) {
    recipients.add(specialist);
  }
  return {
    booking: toBooking(view),
    settings: parseSettingsText(settingsText ?? '{}'),
    clientPhone,
    clientLocale,
    staffTelegramUserIds: [...recipients],
  };
}

/**
 * A client's bookings. With `upcoming` (the default): the confirmed ones that have
 * not ended by `now`, soonest first. Otherwise the latest ones of any status, in
 * start order (newest last). At most `limit` (default 100, at most 500).
 */
export async function listClientBookings(
  db: TenantExecutor,
  query: { clientId: number; upcoming?: boolean; now?: Date; limit?: number },
): Promise<Booking[]> {
  const upcoming = query.upcoming ?? true;
  const limit = Math.min(query.limit ?? 100, 500);
  if (upcoming) {
    const rows = await repository.findBookingViews(db, {
      clientId: query.clientId,
      statuses: ['confirmed'],
      endsAfter: query.now ?? new Date(),
      limit,
    });
    return rows.map(toBooking);
  }
  const rows = await repository.findBookingViews(db, {
    clientId: query.clientId,
    newestFirst: true,
    limit,
  });
  return rows.reverse().map(toBooking);
}

/**
 * Bookings starting in `[from, until)`, optionally of one specialist and some
 * statuses, by start then id (at most `limit`, default 500, at most 5000): the admin
 * schedule, the reminder reconciler. Pass the last booking of a page as `after` to
 * read the next page.
 */
export async function listBookings(
  db: TenantExecutor,
  query: {
    from: Date;
    until: Date;
    staffId?: number;
    statuses?: readonly BookingStatus[];
    /** Only bookings after this one in the list's order (the last of the previous page). */
    after?: Pick<Booking, 'startsAt' | 'id'>;
    limit?: number;
  },
): Promise<Booking[]> {
  const rows = await repository.findBookingViews(db, {
    from: query.from,
    until: query.until,
    staffId: query.staffId,
    statuses: query.statuses,
    after: query.after && { startsAt: query.after.startsAt, id: query.after.id },
    limit: Math.min(query.limit ?? 500, 5000),
  });
  return rows.map(toBooking);
}

/** Every change of a booking, oldest first. */
export async function getBookingHistory(
  db: TenantExecutor,
  bookingId: number,
): Promise<BookingHistoryEntry[]> {
  const rows = await repository.findHistory(db, bookingId);
  return rows.map((row) => ({
    id: row.id,
    bookingId: row.booking_id,
    action: row.action,
    actor: row.actor,
    oldValues: row.old_values,
    newValues: row.new_values,
    createdAt: row.created_at,
  }));
}
