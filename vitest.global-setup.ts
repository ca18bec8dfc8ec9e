import { TEST_DATABASE_URL } from '@booking/core/testing';
import { describeKnownError } from './scripts/lib/cli.js';
import { databaseName, ensureDatabase } from './scripts/lib/database.js';

/**
 * Runs once before any test file: creates the test database (`test`, or the one
 * `TEST_DATABASE_URL` names) when the server lacks it, so a fresh machine needs only a
 * running Postgres.
 */
export default async function setup(): Promise<void> {
  try {
    if (await ensureDatabase(TEST_DATABASE_URL)) {
      process.stderr.write(`created the test database ${databaseName(TEST_DATABASE_URL)}\n`);
    }
  } catch (error) {
    const known = describeKnownError(error);
    throw known ? new Error(`test database: ${known}`) : error;
  }
}
