import { sql } from 'kysely';
import type { Migration } from '../migration.js';

/**
 * What `client-bot --fleet` needs in `platform.tenants`: whether a tenant is pinned to a
 * container of its own (the fleet leaves it alone), and whether Telegram refused its bot
 * token (the fleet stops polling it until a new token is stored).
 */
export const migration: Migration = {
  name: '0003-fleet',
  async up(trx) {
    // One statement per call: Citus refuses multi-statement strings.
    await sql`
      ALTER TABLE platform.tenants
        ADD COLUMN pinned boolean NOT NULL DEFAULT false,
        ADD COLUMN bot_status text NOT NULL DEFAULT 'ok'
          CHECK (bot_status IN ('ok', 'token_rejected')),
        ADD COLUMN bot_status_at timestamptz
    `.execute(trx);
  },
};
