import type { TenantExecutor } from '../db/index.js';
import { AppError } from '../errors/index.js';
import type { Actor, Booking } from './booking.js';
import { getBooking } from './booking.queries.js';
import * as repository from './booking.repository.js';
import {
  authorizeBookingChange,
  bookingNotFound,
  recordBookingChange,
  snapshot,
} from './booking-access.js';
import { assertConfirmed } from './cancel-booking.js';

async function changeStatus(
  db: TenantExecutor,
  input: { bookingId: number; actor: Actor; now?: Date },
  status: 'completed' | 'no_show',
): Promise<Booking> {
  const now = input.now ?? new Date();
  if (input.actor.kind === 'client') {
    throw new AppError('FORBIDDEN', {
      message: 'Only an admin marks a visit completed or missed',
      details: { bookingId: input.bookingId },
    });
  }
  return db.transaction().execute(async (trx) => {
    const row = await repository.lockBookingById(trx, input.bookingId);
    if (row === undefined) {
      throw bookingNotFound(input.bookingId);
    }
    await authorizeBookingChange(trx, row, input.actor);
    assertConfirmed(row);
    if (row.starts_at > now) {
      throw new AppError('INVALID_STATUS', {
        message: `Booking ${row.id} has not started yet`,
        details: { bookingId: row.id, status: row.status, startsAt: row.starts_at.toISOString() },
      });
    }
    const updated = await repository.updateBookingById(trx, row.id, { status, updated_at: now });
    await recordBookingChange(
      trx,
      {
        bookingId: row.id,
        action: 'status_changed',
        actor: input.actor,
        oldValues: snapshot(row),
        newValues: snapshot(updated),
        audit: true,
      },
      now,
    );
    return getBooking(trx, row.id);
  });
}

/**
 * Marks a confirmed booking that has started as completed (the client came). Admins
 * and the system only; a `staff` admin only for their own specialist. Writes history
 * and audit rows. The feedback request is due `feedbackDelayMinutes` after `endsAt`.
 *
 * @throws AppError `FORBIDDEN`, `NOT_FOUND`, `INVALID_STATUS` (not confirmed, or not started).
 */
export async function completeBooking(
  db: TenantExecutor,
  input: { bookingId: number; actor: Actor; now?: Date },
): Promise<Booking> {
  return changeStatus(db, input, 'completed');
}

/**
 * Marks a confirmed booking that has started as a no-show. Same rules as
 * {@link completeBooking}. The time stays occupied (it is past anyway).
 *
 * @throws AppError `FORBIDDEN`, `NOT_FOUND`, `INVALID_STATUS`.
 */
export async function markNoShow(
  db: TenantExecutor,
  input: { bookingId: number; actor: Actor; now?: Date },
): Promise<Booking> {
  return changeStatus(db, input, 'no_show');
}
