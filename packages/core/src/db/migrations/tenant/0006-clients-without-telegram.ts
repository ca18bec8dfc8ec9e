import { sql } from 'kysely';
import type { Migration } from '../migration.js';

/**
 * `clients.telegram_user_id` may be empty: a client booked by phone or at the desk (the
 * console's walk-in) has a name and a phone but no Telegram account with this bot. The
 * unique constraint still holds for those who have one (NULLs are distinct).
 */
export const migration: Migration = {
  name: '0006-clients-without-telegram',
  async up(trx) {
    await sql`ALTER TABLE clients ALTER COLUMN telegram_user_id DROP NOT NULL`.execute(trx);
  },
};
