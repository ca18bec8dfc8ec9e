import type { TenantExecutor } from '../db/index.js';
import { AppError } from '../errors/index.js';
import {
  parseInput,
  pgErrorFacts,
  UNIQUE_VIOLATION,
  withoutControlCharacters,
} from '../validation/index.js';
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

/**
 * Adds the client's comment to the rating they already left for their booking (the bot
 * asks for the stars first and the words after). The comment is trimmed and at most
 * 2000 characters; a second comment replaces the first.
 *
 * @throws AppError `VALIDATION` (empty or too long), `NOT_FOUND` (no rating yet, or
 *   another client's booking).
 */
export async function addFeedbackComment(
  db: TenantExecutor,
  input: { bookingId: number; clientId: number; comment: string },
): Promise<Feedback> {
  // Postgres refuses U+0000 in text; other controls have no place in a comment either.
  const comment = withoutControlCharacters(input.comment).trim();
  if (comment.length === 0 || comment.length > 2000) {
    throw new AppError('VALIDATION', {
      message: 'Invalid feedback: comment: 1 to 2000 characters',
      details: { what: 'feedback', issues: [{ path: 'comment', message: '1 to 2000 characters' }] },
    });
  }
  const booking = await repository.findBookingViewById(db, input.bookingId);
  if (booking === undefined || booking.client_id !== input.clientId) {
    throw bookingNotFound(input.bookingId);
  }
  const row = await repository.updateFeedbackComment(db, input.bookingId, comment);
  if (row === undefined) {
    throw new AppError('NOT_FOUND', {
      message: `Booking ${input.bookingId} has no rating to comment on`,
      details: { what: 'feedback', bookingId: input.bookingId },
    });
  }
  return toFeedback(row);
}
