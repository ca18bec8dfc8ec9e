import { createDb, sql } from '@booking/core';

/** The name of the database a `postgres://` URL points at. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/**
 * Creates the database `url` names when the server lacks it, connecting through the
 * server's `postgres` maintenance database with the same user. Another process creating
 * it at the same moment is not an error.
 *
 * @returns whether this call created it.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const db = createDb({
    connectionString: admin.toString(),
    maxConnections: 1,
    applicationName: 'ensure-database',
  });
  try {
    const found = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_database WHERE datname = ${name}
    `.execute(db);
    if ((found.rows[0]?.n ?? 0) > 0) {
      return false;
    }
    try {
      await sql`CREATE DATABASE ${sql.id(name)}`.execute(db);
      return true;
    } catch (error) {
      // 42P04: it exists now; 23505: a concurrent CREATE DATABASE won the race.
      const code = (error as { code?: string }).code;
      if (code === '42P04' || code === '23505') {
        return false;
      }
      throw error;
    }
  } finally {
    await db.destroy();
  }
}
