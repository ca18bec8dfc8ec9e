import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScratchPostgres, startScratchPostgres } from '../testing/index.js';
import { createDb, type Database } from './db.js';

describe('the pool of createDb', () => {
  let postgres: ScratchPostgres;
  let db: Database;
  const connectionErrors: Error[] = [];

  beforeAll(async () => {
    postgres = await startScratchPostgres();
    db = createDb({
      connectionString: postgres.url,
      maxConnections: 3,
      onConnectionError: (error) => connectionErrors.push(error),
    });
  });
  afterAll(async () => {
    await db?.destroy();
    await postgres?.destroy();
  });

  it('survives a Postgres restart while its connections are idle, and answers again after', async () => {
    // Three connections open at once stay idle in the pool.
    await Promise.all([1, 2, 3].map((n) => sql`SELECT ${n}::int, pg_sleep(0.05)`.execute(db)));
    await postgres.restart();
    // The restart ran synchronously: let the pool read what the server told its
    // connections, as it does while a real restart takes its seconds.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { rows } = await sql<{ answer: number }>`SELECT 42 AS answer`.execute(db);
    expect(rows).toEqual([{ answer: 42 }]);
    expect(connectionErrors.length).toBeGreaterThan(0);
    expect(String(connectionErrors[0])).toMatch(/terminat/i);
  });

  it('fails a statement under way when Postgres restarts, and serves the next one', async () => {
    const slow = sql`SELECT pg_sleep(30)`.execute(db);
    const failed = slow.then(
      () => undefined,
      (error: unknown) => error,
    );
    // Wait until the statement runs on the server, then restart it.
    for (let i = 0; i < 100; i++) {
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%'
      `.execute(db);
      if ((rows[0]?.n ?? 0) > 0) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await postgres.restart();
    expect(await failed).toBeInstanceOf(Error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { rows } = await sql<{ answer: number }>`SELECT 7 AS answer`.execute(db);
    expect(rows).toEqual([{ answer: 7 }]);
  });
});
