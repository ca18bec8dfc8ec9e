import { AppError } from '../errors/index.js';
import { checkSlot, checkSlotOutsideHours } from './availability.js';
import type { Candidate, LoadedAvailability, UpcomingBooking } from './availability.service.js';

const MINUTE_MS = 60_000;

/** A specialist free at the requested start, with the times a booking there occupies. */
export interface FreeCandidate {
  candidate: Candidate;
  endsAt: Date;
  /** `[startsAt, endsAt)` widened by the specialist's buffers. */
  occupiedFrom: Date;
  occupiedUntil: Date;
}

/** What a walk over the candidates learnt about the ones it could not offer. */
export interface CandidateSearch {
  /** Some candidate works then but is busy: the final refusal is `SLOT_TAKEN`, not `OUTSIDE_HOURS`. */
  taken: boolean;
}

/**
 * The candidates of `loaded` free at `startsAt`, in preference order, one at a time (the
 * caller stops at the first it can write). Minimum notice and horizon are the same for
 * every specialist, so breaking them throws at once. With `outsideHours` (an admin's
 * explicit choice) working hours, notice and horizon do not apply.
 *
 * @throws AppError `TOO_SOON`, `TOO_FAR`.
 */
export function* freeCandidates(
  loaded: Pick<LoadedAvailability, 'candidates' | 'staffSchedules' | 'request' | 'settings'>,
  startsAt: Date,
  now: Date,
  search: CandidateSearch,
  outsideHours = false,
): Generator<FreeCandidate> {
  for (const candidate of loaded.candidates) {
    const staffSchedule = loaded.staffSchedules.get(candidate.specialist.id);
    if (staffSchedule === undefined) {
      continue;
    }
    const check = outsideHours
      ? checkSlotOutsideHours(staffSchedule, startsAt)
      : checkSlot(
          loaded.request.rules,
          now,
          staffSchedule,
          loaded.request.businessOverrides,
          startsAt,
        );
    if (!check.ok) {
      if (check.reason === 'TOO_SOON' || check.reason === 'TOO_FAR') {
        throw slotError(check.reason, startsAt, loaded.settings);
      }
      search.taken ||= check.reason === 'SLOT_TAKEN';
      continue;
    }
    yield {
      candidate,
      endsAt: check.endsAt,
      occupiedFrom: new Date(startsAt.getTime() - staffSchedule.bufferBeforeMinutes * MINUTE_MS),
      occupiedUntil: new Date(
        check.endsAt.getTime() + staffSchedule.bufferAfterMinutes * MINUTE_MS,
      ),
    };
  }
}

/**
 * Refuses a time that overlaps another of the client's bookings (`exceptBookingId`: the
 * one being moved).
 *
 * @throws AppError `CONFLICT` with `details.reason` `CLIENT_OVERLAP`.
 */
export function assertNoClientOverlap(
  upcoming: readonly UpcomingBooking[],
  clientId: number,
  startsAt: Date,
  endsAt: Date,
  exceptBookingId?: number,
): void {
  const overlap = upcoming.find(
    (booking) =>
      booking.id !== exceptBookingId && booking.startsAt < endsAt && booking.endsAt > startsAt,
  );
  if (overlap !== undefined) {
    throw new AppError('CONFLICT', {
      message: `Client ${clientId} already has booking ${overlap.id} at that time`,
      details: { reason: 'CLIENT_OVERLAP', bookingId: overlap.id },
    });
  }
}

/** The error of a refused start, with the facts a reply may quote. */
export function slotError(
  reason: 'TOO_SOON' | 'TOO_FAR' | 'OUTSIDE_HOURS' | 'SLOT_TAKEN',
  startsAt: Date,
  settings: { minNoticeMinutes: number; bookingHorizonDays: number },
): AppError {
  const messages = {
    TOO_SOON: `The start is less than ${settings.minNoticeMinutes} minutes away`,
    TOO_FAR: `The start is more than ${settings.bookingHorizonDays} days away`,
    OUTSIDE_HOURS: 'The appointment does not fit the working hours',
    SLOT_TAKEN: 'The slot is already taken',
  } as const;
  return new AppError(reason, {
    message: messages[reason],
    details: {
      startsAt: startsAt.toISOString(),
      minNoticeMinutes: settings.minNoticeMinutes,
      bookingHorizonDays: settings.bookingHorizonDays,
    },
  });
}
