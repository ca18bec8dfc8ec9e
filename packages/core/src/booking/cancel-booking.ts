import type { TenantExecutor } from '../db/index.js';
import { AppError } from '../errors/index.js';
import { getSettings } from '../settings/index.js';
import { type Actor, actorLabel, type Booking } from './booking.js';
import { getBooking } from './booking.queries.js';
import * as repository from './booking.repository.js';
import type { BookingRow } from './booking.table.js';
import {
  authorizeBookingChange,
  bookingNotFound,
  recordBookingChange,
  releaseSlot,
  snapshot,
} from './booking-access.js';

const HOUR_MS = 3_600_000;

/** Input of {@link cancelBooking}. */
export interface CancelInput {
  bookingId: number;
  actor: Actor;
  /** Required when an admin cancels (the client is told why); optional for a client. */
  reason?: string;
  now?: Date;
}

/** Result of {@link cancelBooking}. */
export interface CancelResult {
  booking: Booking;
  /**
   * True when future time was freed: the caller should trigger the waitlist pass
   * (`processSlotReleases`), e.g. by enqueueing a waitlist job for the tenant.
   */
  slotReleased: boolean;
}

/**
 * Cancels a confirmed booking. A client may cancel their own booking only while its
 * start is at least the cancellation window (settings, hours) away; an admin may
 * cancel any booking at any time but must give a reason; a `staff` admin only
 * their own specialist's. The freed time goes to the waitlist outbox. History and
 * audit rows are written in the same transaction.
 *
 * @throws AppError `NOT_FOUND`, `FORBIDDEN`, `INVALID_STATUS` (not confirmed),
 *   `CANCELLATION_WINDOW_PASSED`, `VALIDATION` (admin without a reason).
 */
export async function cancelBooking(db: TenantExecutor, input: CancelInput): Promise<CancelResult> {
  const now = input.now ?? new Date();
  const reason = input.reason?.trim() ?? '';
  if (input.actor.kind === 'admin' && reason === '') {
    throw new AppError('VALIDATION', {
      message: 'Invalid cancellation: reason: an admin must give a reason',
      details: { what: 'cancellation', issues: [{ path: 'reason', message: 'required' }] },
    });
  }
  return db.transaction().execute(async (trx) => {
    const row = await repository.lockBookingById(trx, input.bookingId);
    if (row === undefined) {
      throw bookingNotFound(input.bookingId);
    }
    await authorizeBookingChange(trx, row, input.actor);
    assertConfirmed(row);
    if (input.actor.kind === 'client') {
      await assertBeforeWindow(trx, row, now);
    }
    await repository.bumpClientBookingVersion(trx, row.client_id);
    const updated = await repository.updateBookingById(trx, row.id, {
      status: 'cancelled',
      cancelled_at: now,
      cancelled_by: actorLabel(input.actor),
      cancel_reason: reason === '' ? null : reason,
      updated_at: now,
    });
    await recordBookingChange(
      trx,
      {
        bookingId: row.id,
        action: 'cancelled',
        actor: input.actor,
        oldValues: snapshot(row),
        newValues: { ...snapshot(updated), reason: updated.cancel_reason },
        audit: true,
      },
      now,
    );
    const slotReleased = await releaseSlot(
      trx,
      {
        staffId: row.staff_id,
        from: row.occupied_from,
        until: row.occupied_until,
        reason: 'cancelled',
      },
      now,
    );
    return { booking: await getBooking(trx, row.id), slotReleased };
  });
}

/** @throws AppError `INVALID_STATUS` unless the booking is confirmed. */
export function assertConfirmed(row: BookingRow): void {
  if (row.status !== 'confirmed') {
    throw new AppError('INVALID_STATUS', {
      message: `Booking ${row.id} is ${row.status}`,
      details: { bookingId: row.id, status: row.status },
    });
  }
}

/**
 * @throws AppError `CANCELLATION_WINDOW_PASSED` when the start is closer than the
 *   tenant's cancellation window.
 */
export async function assertBeforeWindow(
  db: TenantExecutor,
  row: BookingRow,
  now: Date,
): Promise<void> {
  const { cancellationWindowHours } = await getSettings(db);
  if (row.starts_at.getTime() - now.getTime() < cancellationWindowHours * HOUR_MS) {
    throw new AppError('CANCELLATION_WINDOW_PASSED', {
      message: `Booking ${row.id} starts in less than ${cancellationWindowHours} hours`,
      details: { bookingId: row.id, cancellationWindowHours },
    });
  }
}
