import { AppError } from '../errors/index.js';
import { EXCLUSION_VIOLATION, pgErrorFacts } from '../validation/index.js';

/**
 * Turns a constraint violation of a booking write into the error a user is told
 * about: the specialist's exclusion constraint (23P01) is `SLOT_TAKEN`, the
 * client's is `CONFLICT` with `details.reason` `CLIENT_OVERLAP`. Anything else is
 * rethrown unchanged (a bug, not an expected outcome).
 */
export function mapBookingWriteError(error: unknown): never {
  const facts = pgErrorFacts(error);
  if (facts?.code === EXCLUSION_VIOLATION) {
    if (facts.constraint === 'bookings_client_no_overlap') {
      throw new AppError('CONFLICT', {
        message: 'The client already has a booking at that time',
        details: { reason: 'CLIENT_OVERLAP' },
        cause: error,
      });
    }
    throw new AppError('SLOT_TAKEN', {
      message: 'The slot is already taken',
      details: { constraint: facts.constraint },
      cause: error,
    });
  }
  throw error;
}
