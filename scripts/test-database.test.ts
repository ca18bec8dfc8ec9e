import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from '@booking/core';
import { getTestDb, REPO_ROOT, randomId, TEST_DATABASE_URL } from '@booking/core/testing';
import { describe, expect, it } from 'vitest';

async function databaseExists(name: string): Promise<boolean> {
  const found = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_database WHERE datname = ${name}
  `.execute(await getTestDb());
  return (found.rows[0]?.n ?? 0) > 0;
}

/** Runs `pnpm test <files>` (vitest) in a child process with the given environment. */
function vitest(files: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; output: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...files],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

describe('pnpm test on a fresh machine', () => {
  it('creates the test database when the server lacks it', { timeout: 180_000 }, async () => {
    const name = `fresh_test_${randomId(8)}`;
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    expect(await databaseExists(name)).toBe(false);
    try {
      const run = await vitest(['scripts/lib/dev-namespace.test.ts'], {
        TEST_DATABASE_URL: url.toString(),
      });
      expect(run.output).toContain(`created the test database ${name}`);
      expect(run.status, run.output).toBe(0);
      expect(await databaseExists(name)).toBe(true);
    } finally {
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(await getTestDb());
    }
  });
});
