import type { TenantExecutor } from '../db/index.js';
import { parseInput } from '../validation/index.js';
import { assertBookable, loadAvailability } from './availability.service.js';
import { mapBookingWriteError } from './booking.errors.js';
import {
  type Actor,
  type Booking,
  type RescheduleInput,
  RescheduleInputSchema,
} from './booking.js';
import { getBooking } from './booking.queries.js';
import * as repository from './booking.repository.js';
import {
  assertClientNotBlocked,
  authorizeBookingChange,
  bookingNotFound,
  recordBookingChange,
  releaseSlot,
  snapshot,
} from './booking-access.js';
import { assertBeforeWindow, assertConfirmed } from './cancel-booking.js';
import {
  assertNoClientOverlap,
  type CandidateSearch,
  freeCandidates,
  slotError,
} from './slot-candidates.js';

/** Result of {@link rescheduleBooking}. */
export interface RescheduleResult {
  booking: Booking;
  /** True when the old time was freed while clients wait: trigger the waitlist pass. */
  slotReleased: boolean;
}

/**
 * Moves a confirmed booking to a new start (and optionally another specialist or
 * `any`), atomically: the booking's own old time does not block the new one, and
 * the move either happens whole or not at all. The new slot is validated like a new
 * booking (hours, blocks, notice, horizon, buffers, client overlap); a client may
 * reschedule only before the cancellation window, like cancelling, and not while
 * blocked (like booking; staff may still move a blocked client's booking). Of two
 * concurrent moves into one slot exactly one wins, the other gets `SLOT_TAKEN`
 * (exclusion constraint). History and audit rows are written in the same
 * transaction; the old time goes to the waitlist outbox.
 *
 * @throws AppError `VALIDATION`, `NOT_FOUND`, `FORBIDDEN`, `INVALID_STATUS`,
 *   `CANCELLATION_WINDOW_PASSED`, `CLIENT_BLOCKED`, `SERVICE_INACTIVE`, `STAFF_CANNOT_PERFORM`,
 *   `TOO_SOON`, `TOO_FAR`, `OUTSIDE_HOURS`, `SLOT_TAKEN`, `CONFLICT` (client overlap).
 */
export async function rescheduleBooking(
  db: TenantExecutor,
  input: RescheduleInput,
  options: { actor: Actor; now?: Date },
): Promise<RescheduleResult> {
  const data = parseInput(RescheduleInputSchema, input, 'reschedule');
  const now = options.now ?? new Date();
  const actor = options.actor;
  return db.transaction().execute(async (trx) => {
    const row = await repository.lockBookingById(trx, data.bookingId);
    if (row === undefined) {
      throw bookingNotFound(data.bookingId);
    }
    await authorizeBookingChange(trx, row, actor);
    assertConfirmed(row);
    if (actor.kind === 'client') {
      await assertBeforeWindow(trx, row, now);
    }
    // Takes the client's row lock for the rest of the transaction and tells
    // concurrent bookings of this client that their view of its bookings is stale.
    await repository.bumpClientBookingVersion(trx, row.client_id);
    const staffChoice = data.staffId ?? row.staff_id;
    const loaded = await loadAvailability(trx, {
      serviceId: row.service_id,
      staffId: staffChoice,
      dates: { around: data.startsAt },
      now,
      excludeBookingId: row.id,
      clientId: row.client_id,
    });
    // The client row was locked above, so a block committed meanwhile is seen here.
    // Only the client is refused: staff may still move a blocked client's booking, as
    // they may still cancel it.
    if (actor.kind === 'client' && loaded.client !== undefined) {
      assertClientNotBlocked(loaded.client);
    }
    assertBookable(loaded, staffChoice);
    const { settings } = loaded;

    const search: CandidateSearch = { taken: false };
    for (const { candidate, endsAt, occupiedFrom, occupiedUntil } of freeCandidates(
      loaded,
      data.startsAt,
      now,
      search,
    )) {
      assertNoClientOverlap(loaded.clientUpcoming, row.client_id, data.startsAt, endsAt, row.id);
      const staffChanged = candidate.specialist.id !== row.staff_id;
      const updated = await repository
        .updateBookingById(trx, row.id, {
          staff_id: candidate.specialist.id,
          starts_at: data.startsAt,
          ends_at: endsAt,
          occupied_from: occupiedFrom,
          occupied_until: occupiedUntil,
          price_minor: staffChanged ? candidate.terms.priceMinor : row.price_minor,
          updated_at: now,
        })
        .catch(mapBookingWriteError);
      await recordBookingChange(
        trx,
        {
          bookingId: row.id,
          action: 'rescheduled',
          actor,
          oldValues: snapshot(row),
          newValues: snapshot(updated),
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
          reason: 'rescheduled',
        },
        now,
      );
      return { booking: await getBooking(trx, row.id), slotReleased };
    }
    throw slotError(search.taken ? 'SLOT_TAKEN' : 'OUTSIDE_HOURS', data.startsAt, settings);
  });
}
