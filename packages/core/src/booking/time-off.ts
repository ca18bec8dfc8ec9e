import { DateTime } from 'luxon';
import { getAdmin } from '../admins/index.js';
import { recordAudit } from '../audit/index.js';
import {
  type BlockedPeriod,
  type BlockedPeriodInput,
  createBlockedPeriod,
  type DateOverride,
  type DateOverrideInput,
  DateOverrideInputSchema,
  setDateOverride,
} from '../catalogue/index.js';
import { inTransaction, type TenantExecutor } from '../db/index.js';
import { AppError } from '../errors/index.js';
import { getSettings, minutesOfDay } from '../settings/index.js';
import { parseInput } from '../validation/index.js';
import type { Booking } from './booking.js';
import { listBookings } from './booking.queries.js';
import { cancelBooking } from './cancel-booking.js';

// The longest service lasts 12 hours: a booking overlapping a period starts at most
// that long before it.
const LONGEST_VISIT_MS = 12 * 3_600_000;

/**
 * Confirmed bookings overlapping `[from, until)`: of one specialist, or with `staffId`
 * null of everyone. In start order. What an admin sees before blocking the time.
 */
export async function listBookingsInPeriod(
  db: TenantExecutor,
  period: { staffId: number | null; from: Date; until: Date },
): Promise<Booking[]> {
  const bookings = await listBookings(db, {
    from: new Date(period.from.getTime() - LONGEST_VISIT_MS),
    until: period.until,
    staffId: period.staffId ?? undefined,
    statuses: ['confirmed'],
    limit: 5000,
  });
  return bookings.filter((booking) => booking.endsAt > period.from);
}

/**
 * Checks that an admin may change the time of `staffId` (null: the whole business):
 * staff only their own specialist's.
 *
 * @throws AppError `FORBIDDEN`, `NOT_FOUND` (no such admin).
 */
export async function authorizeScheduleChange(
  db: TenantExecutor,
  adminId: number,
  staffId: number | null,
): Promise<void> {
  const admin = await getAdmin(db, adminId);
  if (admin.role === 'staff' && (staffId === null || admin.staffId !== staffId)) {
    throw new AppError('FORBIDDEN', {
      message: `Admin ${admin.id} may only change the time of specialist ${admin.staffId}`,
      details: { adminId: admin.id, staffId },
    });
  }
}

/**
 * What happens to the bookings a change of time leaves out (inside a blocked period,
 * outside special hours): cancelled with the change's reason, each client told, or kept.
 */
export type AffectedBookings = 'cancel' | 'keep';

/** The bookings a change of time left out, and what became of them. */
export interface SettledBookings {
  /** Bookings that were cancelled (their clients are to be told). */
  cancelled: Booking[];
  /** Bookings that stay. */
  kept: Booking[];
  /** Whether freed time waits for the waitlist pass. */
  slotReleased: boolean;
}

/** Result of {@link blockTimeOff}. */
export interface TimeOffResult extends SettledBookings {
  period: BlockedPeriod;
}

/** Result of {@link setSpecialHours}. */
export interface SpecialHoursResult extends SettledBookings {
  override: DateOverride;
}

/** A cancellation tells each client why: it needs a reason. */
function requireReason(choice: AffectedBookings, reason: string | undefined, what: string): void {
  if (choice === 'cancel' && (reason ?? '').trim() === '') {
    throw new AppError('VALIDATION', {
      message: `Invalid ${what}: reason: cancelling bookings needs a reason`,
      details: { what, issues: [{ path: 'reason', message: 'required' }] },
    });
  }
}

/**
 * Cancels `bookings` with `reason` (`choice: 'cancel'`) or keeps them: the one path by
 * which time off and special hours settle the bookings they leave out. Each
 * cancellation is the engine's own (history, audit, waitlist outbox); one that changed
 * meanwhile (already cancelled, moved out) is kept as it is.
 */
async function settleBookings(
  db: TenantExecutor,
  bookings: readonly Booking[],
  options: { choice: AffectedBookings; reason: string; adminId: number; now: Date },
): Promise<SettledBookings> {
  if (options.choice === 'keep') {
    return { cancelled: [], kept: [...bookings], slotReleased: false };
  }
  const cancelled: Booking[] = [];
  const kept: Booking[] = [];
  let slotReleased = false;
  for (const booking of bookings) {
    try {
      const result = await cancelBooking(db, {
        bookingId: booking.id,
        actor: { kind: 'admin', adminId: options.adminId },
        reason: options.reason,
        now: options.now,
      });
      cancelled.push(result.booking);
      slotReleased ||= result.slotReleased;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'INVALID_STATUS')) {
        throw error;
      }
      kept.push(booking);
    }
  }
  return { cancelled, kept, slotReleased };
}

/**
 * Blocks a period (time off, a vacation) for a specialist or, with `staffId` null, the
 * whole business, audited as `blocked_period.created`. Bookings inside it are then
 * cancelled with the period's reason (`bookings: 'cancel'`) or kept (see
 * {@link settleBookings}).
 *
 * @throws AppError `VALIDATION` (start not before end; a cancellation needs a reason),
 *   `FORBIDDEN` (staff, not their own time), `NOT_FOUND`.
 */
export async function blockTimeOff(
  db: TenantExecutor,
  input: BlockedPeriodInput & { adminId: number; bookings: AffectedBookings; now?: Date },
): Promise<TimeOffResult> {
  const now = input.now ?? new Date();
  const { adminId, bookings: choice, now: _now, ...periodInput } = input;
  requireReason(choice, periodInput.reason, 'time off');
  const period = await inTransaction(db, async (trx) => {
    await authorizeScheduleChange(trx, adminId, periodInput.staffId);
    const created = await createBlockedPeriod(trx, periodInput, now);
    await recordAudit(
      trx,
      {
        actor: `admin:${adminId}`,
        action: 'blocked_period.created',
        target: `blocked_period:${created.id}`,
        details: {
          staffId: created.staffId,
          startsAt: created.startsAt.toISOString(),
          endsAt: created.endsAt.toISOString(),
          reason: created.reason,
          bookings: choice,
        },
      },
      now,
    );
    return created;
  });
  const inside = await listBookingsInPeriod(db, {
    staffId: period.staffId,
    from: period.startsAt,
    until: period.endsAt,
  });
  const settled = await settleBookings(db, inside, {
    choice,
    reason: period.reason,
    adminId,
    now,
  });
  return { period, ...settled };
}

/**
 * Confirmed bookings of a date (of the override's specialist, or with `staffId` null of
 * everyone) that special hours would leave out: not wholly inside one of `intervals`,
 * in the tenant's time zone. With no intervals (closed), every booking of the date. In
 * start order. What an admin sees before setting the hours.
 *
 * @throws AppError `VALIDATION` (not a date, intervals out of order or overlapping).
 */
export async function listBookingsOutsideHours(
  db: TenantExecutor,
  input: DateOverrideInput,
): Promise<Booking[]> {
  const override = parseInput(DateOverrideInputSchema, input, 'date override');
  const { timeZone } = await getSettings(db);
  const day = DateTime.fromISO(override.date, { zone: timeZone }).startOf('day');
  const bookings = await listBookingsInPeriod(db, {
    staffId: override.staffId,
    from: day.toJSDate(),
    until: day.plus({ days: 1 }).toJSDate(),
  });
  // Minutes since the date's local midnight, clamped to the date.
  const minutes = (instant: Date): number => {
    const local = DateTime.fromJSDate(instant, { zone: timeZone });
    if (local < day) {
      return -1;
    }
    return local.hasSame(day, 'day') ? local.hour * 60 + local.minute : 24 * 60;
  };
  return bookings.filter(
    (booking) =>
      !override.intervals.some(
        (interval) =>
          minutesOfDay(interval.start) <= minutes(booking.startsAt) &&
          minutes(booking.endsAt) <= minutesOfDay(interval.end),
      ),
  );
}

/**
 * Sets special hours on a date (empty intervals: closed) for a specialist or the
 * whole business, audited as `date_override.set`. The bookings the hours leave out
 * ({@link listBookingsOutsideHours}) are then cancelled with `reason`
 * (`bookings: 'cancel'`) or kept (the default), as blocked time settles its own.
 *
 * @throws AppError `VALIDATION` (also: a cancellation needs a reason), `FORBIDDEN`
 *   (staff, not their own time), `NOT_FOUND`.
 */
export async function setSpecialHours(
  db: TenantExecutor,
  input: DateOverrideInput & { adminId: number; bookings?: AffectedBookings; reason?: string },
  now: Date = new Date(),
): Promise<SpecialHoursResult> {
  const { adminId, bookings: choice = 'keep', reason = '', ...override } = input;
  requireReason(choice, reason, 'special hours');
  const saved = await inTransaction(db, async (trx) => {
    await authorizeScheduleChange(trx, adminId, override.staffId);
    const written = await setDateOverride(trx, override);
    await recordAudit(
      trx,
      {
        actor: `admin:${adminId}`,
        action: 'date_override.set',
        target: `date_override:${written.id}`,
        details: {
          staffId: written.staffId,
          date: written.date,
          intervals: written.intervals,
          bookings: choice,
        },
      },
      now,
    );
    return written;
  });
  const outside = await listBookingsOutsideHours(db, {
    staffId: saved.staffId,
    date: saved.date,
    intervals: saved.intervals,
  });
  const settled = await settleBookings(db, outside, {
    choice,
    reason: reason.trim(),
    adminId,
    now,
  });
  return { override: saved, ...settled };
}
