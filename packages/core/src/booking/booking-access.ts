import { getAdmin } from '../admins/index.js';
import { recordAudit } from '../audit/index.js';
import type { TenantExecutor } from '../db/index.js';
import { AppError, notFoundError } from '../errors/index.js';
import { type Actor, actorLabel, type Booking } from './booking.js';
import type { BookingViewRow } from './booking.repository.js';
import * as repository from './booking.repository.js';
import type { BookingRow } from './booking.table.js';

/** Maps a joined booking row to the domain type. */
export function toBooking(row: BookingViewRow): Booking {
  return {
    id: row.id,
    clientId: row.client_id,
    serviceId: row.service_id,
    staffId: row.staff_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    priceMinor: row.price_minor,
    currency: row.currency,
    comment: row.comment,
    cancelledAt: row.cancelled_at,
    cancelledBy: row.cancelled_by,
    cancelReason: row.cancel_reason,
    createdAt: row.created_at,
    serviceName: row.service_name,
    staffName: row.staff_name,
    clientName: row.client_name,
    clientTelegramUserId: row.client_telegram_user_id,
  };
}

/** `NOT_FOUND` for a booking id. */
export function bookingNotFound(id: number): AppError {
  return notFoundError('booking', id);
}

/**
 * Checks that `actor` may change `booking`: a client only their own; an admin with
 * role `staff` only the bookings of their linked specialist; owners, admins and the
 * system any. A client asking about someone else's booking gets `NOT_FOUND`, so ids
 * cannot be probed.
 *
 * @throws AppError `NOT_FOUND`, `FORBIDDEN`.
 */
export async function authorizeBookingChange(
  db: TenantExecutor,
  booking: BookingRow,
  actor: Actor,
): Promise<void> {
  switch (actor.kind) {
    case 'client':
      if (booking.client_id !== actor.clientId) {
        throw bookingNotFound(booking.id);
      }
      return;
    case 'admin': {
      const admin = await getAdmin(db, actor.adminId);
      if (admin.role === 'staff' && admin.staffId !== booking.staff_id) {
        throw new AppError('FORBIDDEN', {
          message: `Admin ${admin.id} may only manage the bookings of specialist ${admin.staffId}`,
          details: { adminId: admin.id, bookingId: booking.id },
        });
      }
      return;
    }
    case 'system':
      return;
  }
}

/**
 * Refuses a blocked client: what booking and a client's own reschedule check, with one
 * code, so the bot answers both the same way.
 *
 * @throws AppError `CLIENT_BLOCKED`.
 */
export function assertClientNotBlocked(client: { id: number; blocked: boolean }): void {
  if (client.blocked) {
    throw new AppError('CLIENT_BLOCKED', {
      message: `Client ${client.id} is blocked`,
      details: { clientId: client.id },
    });
  }
}

/** The facts of a booking worth keeping in history. */
export function snapshot(row: BookingRow): Record<string, unknown> {
  return {
    status: row.status,
    staffId: row.staff_id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
  };
}

/** Writes the history row and the audit row of a change, in the caller's transaction. */
export async function recordBookingChange(
  db: TenantExecutor,
  change: {
    bookingId: number;
    action: 'created' | 'cancelled' | 'rescheduled' | 'status_changed';
    actor: Actor;
    oldValues: Record<string, unknown> | null;
    newValues: Record<string, unknown> | null;
    audit: boolean;
  },
  now: Date,
): Promise<void> {
  const actor = actorLabel(change.actor);
  await repository.insertHistory(db, {
    booking_id: change.bookingId,
    action: change.action,
    actor,
    old_values: change.oldValues === null ? null : JSON.stringify(change.oldValues),
    new_values: change.newValues === null ? null : JSON.stringify(change.newValues),
    created_at: now,
  });
  if (change.audit) {
    await recordAudit(
      db,
      {
        actor,
        action: `booking.${change.action}`,
        target: `booking:${change.bookingId}`,
        details: { old: change.oldValues, new: change.newValues },
      },
      now,
    );
  }
}

/**
 * Records that the occupied range of a booking (or hold) became free, for the
 * waitlist pass; returns whether the pass has something to do. Past time is not worth
 * offering, and neither is time nobody waits for: then nothing is recorded, and the
 * caller need not run the pass (most cancellations, in a salon without a waitlist).
 */
export async function releaseSlot(
  db: TenantExecutor,
  slot: { staffId: number; from: Date; until: Date; reason: string },
  now: Date,
): Promise<boolean> {
  const from = slot.from < now ? now : slot.from;
  if (from >= slot.until) {
    return false;
  }
  return repository.insertSlotReleaseIfWaited(db, {
    staff_id: slot.staffId,
    starts_at: from,
    ends_at: slot.until,
    reason: slot.reason,
    created_at: now,
  });
}
