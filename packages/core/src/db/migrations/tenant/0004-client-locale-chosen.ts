import { sql } from 'kysely';
import type { Migration } from '../migration.js';

/**
 * `clients.locale_chosen`: whether the client picked `locale` in the bot, rather than it
 * being taken from Telegram's language. A chosen language outlives the bot's session,
 * which Redis forgets after a week without a message.
 */
export const migration: Migration = {
  name: '0004-client-locale-chosen',
  async up(trx) {
    await sql`ALTER TABLE clients ADD COLUMN locale_chosen boolean NOT NULL DEFAULT false`.execute(
      trx,
    );
  },
};
