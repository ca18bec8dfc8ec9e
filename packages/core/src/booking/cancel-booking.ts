import type { TenantExecutor } from '../db/index.js';
import { AppError } from '../errors/index.js';
import { getSettings, parseSettingsText } from '../settings/index.js';
import { type Actor, actorLabel, type Booking } from './booking.js';
import * as repository from './booking.repository.js';
import type { BookingRow } from './booking.table.js';
import { authorizeBookingChange, bookingNotFound, snapshot, toBooking } from './booking-access.js';

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
   * True when future time was freed while clients wait: the caller should trigger the
   * waitlist pass (`processSlotReleases`), e.g. by enqueueing a waitlist job for the tenant.
   */
  slotReleased: boolean;
}

/** Attempts at a cancellation whose booking keeps changing under it. */
const CANCEL_ATTEMPTS = 3;

/**
 * Cancels a confirmed booking. A client may cancel their own booking only while its
 * start is at least the cancellation window (settings, hours) away; an admin may
 * cancel any booking at any time but must give a reason; a `staff` admin only
 * their own specialist's. The freed time goes to the waitlist outbox when clients
 * wait. History and audit rows are written in the same statement as the change.
 *
 * Two round trips: the booking and the settings are read and checked, then one
 * statement writes everything only if the booking is still as read. If a concurrent
 * change (another cancellation, a reschedule) came in between, the decision is made
 * again on the booking as it is now.
 *
 * @throws AppError `NOT_FOUND`, `FORBIDDEN`, `INVALID_STATUS` (not confirmed),
 *   `CANCELLATION_WINDOW_PASSED`, `VALIDATION` (admin without a reason), `CONFLICT`
 *   (the booking changed under every attempt).
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
  for (let attempt = 1; attempt <= CANCEL_ATTEMPTS; attempt++) {
    const found = await repository.findBookingWithSettings(db, input.bookingId);
    if (found === undefined) {
      throw bookingNotFound(input.bookingId);
    }
    const { settings_text: settingsText, ...row } = found;
    await authorizeBookingChange(db, row, input.actor);
    assertConfirmed(row);
    if (input.actor.kind === 'client') {
      const { cancellationWindowHours } = parseSettingsText(settingsText ?? '{}');
      assertBeforeWindowOf(row, cancellationWindowHours, now);
    }
    const oldValues = snapshot(row);
    const newValues = {
      ...oldValues,
      status: 'cancelled',
      reason: reason === '' ? null : reason,
    };
    const cancelled = await repository.cancelBookingIfUnchanged(db, {
      id: row.id,
      client_id: row.client_id,
      staff_id: row.staff_id,
      starts_at: row.starts_at,
      ends_at: row.ends_at,
      now,
      actor: actorLabel(input.actor),
      reason: reason === '' ? null : reason,
      old_values: JSON.stringify(oldValues),
      new_values: JSON.stringify(newValues),
      audit_details: JSON.stringify({ old: oldValues, new: newValues }),
    });
    if (cancelled !== undefined) {
      return { booking: toBooking(cancelled.view), slotReleased: cancelled.released };
    }
  }
  throw new AppError('CONFLICT', {
    message: `Booking ${input.bookingId} kept changing while it was being cancelled`,
    details: { bookingId: input.bookingId },
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
  assertBeforeWindowOf(row, cancellationWindowHours, now);
}

/**
 * Whether a visit starting at `startsAt` is inside the cancellation window at `now`:
 * less than `cancellationWindowHours` (settings) away, so its client can no longer
 * cancel or reschedule it online. A booking made inside the window is allowed; the
 * client should be told before confirming it.
 */
export function isInsideCancellationWindow(
  startsAt: Date,
  cancellationWindowHours: number,
  now: Date,
): boolean {
  return startsAt.getTime() - now.getTime() < cancellationWindowHours * HOUR_MS;
}

/**
 * @throws AppError `CANCELLATION_WINDOW_PASSED` when the start is closer than
 *   `cancellationWindowHours`.
 */
function assertBeforeWindowOf(row: BookingRow, cancellationWindowHours: number, now: Date): void {
  if (isInsideCancellationWindow(row.starts_at, cancellationWindowHours, now)) {
    throw new AppError('CANCELLATION_WINDOW_PASSED', {
      message: `Booking ${row.id} starts in less than ${cancellationWindowHours} hours`,
      details: { bookingId: row.id, cancellationWindowHours },
    });
  }
}
