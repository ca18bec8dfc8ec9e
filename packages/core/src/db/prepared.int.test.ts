import { createTestTenant } from '@booking/core/testing';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { PREPARED_STATEMENT_MARKER } from './db.js';

describe('prepared statements', () => {
  it('runs marked SQL as a named statement, and survives a migration that changes its columns', async () => {
    const t = await createTestTenant();
    try {
      const table = sql.id(t.schema, 'probe');
      await sql`CREATE TABLE ${table} (a int); INSERT INTO ${table} VALUES (1)`.execute(t.rootDb);
      const select = sql.raw(`${PREPARED_STATEMENT_MARKER} SELECT * FROM "${t.schema}".probe`);
      // One connection, so the second run reuses the statement prepared by the first.
      await t.rootDb.connection().execute(async (db) => {
        expect((await select.execute(db)).rows).toEqual([{ a: 1 }]);
        const named = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'p\\_%'
        `.execute(db);
        expect(named.rows[0]?.n).toBeGreaterThanOrEqual(1);
        await sql`ALTER TABLE ${table} ADD COLUMN b int DEFAULT 2`.execute(db);
        expect((await select.execute(db)).rows).toEqual([{ a: 1, b: 2 }]);
      });
    } finally {
      await t.dispose();
    }
  });
});
