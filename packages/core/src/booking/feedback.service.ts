import type { TenantExecutor } from '../db/index.js';
import { AppError } from '../errors/index.js';
import { parseInput, pgErrorFacts, UNIQUE_VIOLATION } from '../validation/index.js';
import { type Feedback, type FeedbackInput, FeedbackInputSchema } from './booking.js';
import * as repository from './booking.repository.js';
import type { FeedbackRow } from './booking.table.js';
import { bookingNotFound } from './booking-access.js';

function toFeedback(row: FeedbackRow): Feedback {
  return {
    id: row.id,
    bookingId: row.booking_id,
    rating: row.rating,
    comment: row.comment,
    createdAt: row.created_at,
  };
}

/**
 * Records a client's rating (1–5) and comment of their completed visit; one per booking.
 *
 * @throws AppError `VALIDATION`, `NOT_FOUND` (also another client's booking),
 *   `INVALID_STATUS` (not completed), `CONFLICT` (already rated).
 */
export async function leaveFeedback(
  db: TenantExecutor,
  input: FeedbackInput,
  now: Date = new Date(),
): Promise<Feedback> {
  const data = parseInput(FeedbackInputSchema, input, 'feedback');
  const booking = await repository.findBookingViewById(db, data.bookingId);
  if (booking === undefined || booking.client_id !== data.clientId) {
    throw bookingNotFound(data.bookingId);
  }
  if (booking.status !== 'completed') {
    throw new AppError('INVALID_STATUS', {
      message: `Booking ${booking.id} is ${booking.status}, not completed`,
      details: { bookingId: booking.id, status: booking.status },
    });
  }
  const row = await repository
    .insertFeedback(db, {
      booking_id: data.bookingId,
      rating: data.rating,
      comment: data.comment,
      created_at: now,
    })
    .catch((error: unknown) => {
      if (pgErrorFacts(error)?.code === UNIQUE_VIOLATION) {
        throw new AppError('CONFLICT', {
          message: `Booking ${data.bookingId} already has feedback`,
          details: { reason: 'ALREADY_RATED', bookingId: data.bookingId },
        });
      }
      throw error;
    });
  return toFeedback(row);
}

/** The feedback of a booking, if any. */
export async function findFeedback(
  db: TenantExecutor,
  bookingId: number,
): Promise<Feedback | undefined> {
  const row = await repository.findFeedbackByBookingId(db, bookingId);
  return row === undefined ? undefined : toFeedback(row);
}
