import { recordAudit } from '../audit/index.js';
import type { TenantExecutor } from '../db/index.js';
import { AppError } from '../errors/index.js';
import { freeTextSchema, parseInput } from '../validation/index.js';
import { type Actor, actorLabel, type Booking } from './booking.js';
import { getBooking } from './booking.queries.js';
import * as repository from './booking.repository.js';
import { authorizeBookingChange, bookingNotFound } from './booking-access.js';

const CommentSchema = freeTextSchema(1000);

/**
 * Sets the comment of a booking (the team's note: "prefers short", "pays cash"), whatever
 * its status. Admins only; a `staff` admin only for their own specialist. Audited as
 * `booking.commented` with the old and new comment.
 *
 * @throws AppError `FORBIDDEN` (a client, or staff for another specialist), `NOT_FOUND`,
 *   `VALIDATION` (over 1000 characters, or control characters).
 */
export async function commentBooking(
  db: TenantExecutor,
  input: { bookingId: number; comment: string; actor: Actor; now?: Date },
): Promise<Booking> {
  const comment = parseInput(CommentSchema, input.comment, 'comment');
  const now = input.now ?? new Date();
  if (input.actor.kind === 'client') {
    throw new AppError('FORBIDDEN', {
      message: 'Only the team comments on a booking',
      details: { bookingId: input.bookingId },
    });
  }
  return db.transaction().execute(async (trx) => {
    const row = await repository.lockBookingById(trx, input.bookingId);
    if (row === undefined) {
      throw bookingNotFound(input.bookingId);
    }
    await authorizeBookingChange(trx, row, input.actor);
    // updated_at stays: it marks the last change of time or status, not of a note.
    await repository.updateBookingById(trx, row.id, { comment });
    await recordAudit(
      trx,
      {
        actor: actorLabel(input.actor),
        action: 'booking.commented',
        target: `booking:${row.id}`,
        details: { old: row.comment, new: comment },
      },
      now,
    );
    return getBooking(trx, row.id);
  });
}
