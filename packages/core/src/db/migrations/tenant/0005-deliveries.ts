import { sql } from 'kysely';
import type { Migration } from '../migration.js';

/**
 * `deliveries`: one row per message that must reach a person exactly once (a reminder,
 * later confirmations, notices, broadcasts), keyed by what it is (`reminder:42:60:...`).
 * A sender claims the key in its own committed statement before the request leaves, so a
 * rerun after a crash finds it claimed and does not send again.
 */
export const migration: Migration = {
  name: '0005-deliveries',
  async up(trx) {
    // One statement per call: Citus refuses multi-statement strings on its workers.
    await sql`
      CREATE TABLE deliveries (
        key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
        status text NOT NULL CHECK (status IN ('claimed', 'sent', 'released', 'refused')),
        attempts integer NOT NULL DEFAULT 1 CHECK (attempts >= 1),
        claimed_at timestamptz NOT NULL,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )
    `.execute(trx);
    // Old claims are forgotten in small deletes by age (see forgetDeliveries).
    await sql`CREATE INDEX deliveries_claimed_at ON deliveries (claimed_at)`.execute(trx);
  },
};
