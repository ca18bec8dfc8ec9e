import { getAdmin } from '../admins/index.js';
import { recordAudit } from '../audit/index.js';
import {
  type BlockedPeriod,
  type BlockedPeriodInput,
  createBlockedPeriod,
  type DateOverride,
  type DateOverrideInput,
  setDateOverride,
} from '../catalogue/index.js';
import { inTransaction, type TenantExecutor } from '../db/index.js';
import { AppError } from '../errors/index.js';
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

/** Result of {@link blockTimeOff}. */
export interface TimeOffResult {
  period: BlockedPeriod;
  /** Bookings inside the period that were cancelled (their clients are to be told). */
  cancelled: Booking[];
  /** Bookings inside the period that stay. */
  kept: Booking[];
  /** Whether freed time waits for the waitlist pass. */
  slotReleased: boolean;
}

/**
 * Blocks a period (time off, a vacation) for a specialist or, with `staffId` null, the
 * whole business, audited as `blocked_period.created`. Bookings inside it are then
 * cancelled with the period's reason (`bookings: 'cancel'`) or kept. Each cancellation
 * is the engine's own (history, audit, waitlist outbox); one that changed meanwhile
 * (already cancelled, moved out) is left as it is.
 *
 * @throws AppError `VALIDATION` (start not before end; a cancellation needs a reason),
 *   `FORBIDDEN` (staff, not their own time), `NOT_FOUND`.
 */
export async function blockTimeOff(
  db: TenantExecutor,
  input: BlockedPeriodInput & { adminId: number; bookings: 'cancel' | 'keep'; now?: Date },
): Promise<TimeOffResult> {
  const now = input.now ?? new Date();
  const { adminId, bookings: choice, now: _now, ...periodInput } = input;
  if (choice === 'cancel' && (periodInput.reason ?? '').trim() === '') {
    throw new AppError('VALIDATION', {
      message: 'Invalid time off: reason: cancelling bookings needs a reason',
      details: { what: 'time off', issues: [{ path: 'reason', message: 'required' }] },
    });
  }
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
  if (choice === 'keep') {
    return { period, cancelled: [], kept: inside, slotReleased: false };
  }
  const cancelled: Booking[] = [];
  const kept: Booking[] = [];
  let slotReleased = false;
  for (const booking of inside) {
    try {
      const result = await cancelBooking(db, {
        bookingId: booking.id,
        actor: { kind: 'admin', adminId },
        reason: period.reason,
        now,
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
  return { period, cancelled, kept, slotReleased };
}

/**
 * Sets special hours on a date (empty intervals: closed) for a specialist or the
 * whole business, audited as `date_override.set`. Existing bookings stay.
 *
 * @throws AppError `VALIDATION`, `FORBIDDEN` (staff, not their own time), `NOT_FOUND`.
 */
export async function setSpecialHours(
  db: TenantExecutor,
  input: DateOverrideInput & { adminId: number },
  now: Date = new Date(),
): Promise<DateOverride> {
  const { adminId, ...override } = input;
  return inTransaction(db, async (trx) => {
    await authorizeScheduleChange(trx, adminId, override.staffId);
    const saved = await setDateOverride(trx, override);
    await recordAudit(
      trx,
      {
        actor: `admin:${adminId}`,
        action: 'date_override.set',
        target: `date_override:${saved.id}`,
        details: { staffId: saved.staffId, date: saved.date, intervals: saved.intervals },
      },
      now,
    );
    return saved;
  });
}
