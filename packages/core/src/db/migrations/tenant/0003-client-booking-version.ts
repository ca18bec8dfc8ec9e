import { sql } from 'kysely';
import type { Migration } from '../migration.js';

/**
 * `clients.booking_version`: bumped by every change to a client's bookings, so a
 * booking can check the client's limit and overlaps optimistically (read, decide,
 * insert only if the version is unchanged) instead of locking the client row.
 */
export const migration: Migration = {
  name: '0003-client-booking-version',
  async up(trx) {
    await sql`ALTER TABLE clients ADD COLUMN booking_version integer NOT NULL DEFAULT 0`.execute(
      trx,
    );
  },
};
