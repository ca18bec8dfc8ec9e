/**
 * `pnpm backup`: dumps the whole database (platform and every tenant schema, consistent
 * at one moment) with `pg_dump -Fc` into `BACKUP_DIR` (default `./backups`) as
 * `booking-<UTC timestamp>.dump`, with a progress line per table. The dump is written
 * under a `.partial` name and counts only once `pg_restore --list` has read it back;
 * then dumps older than `BACKUP_RETENTION_DAYS` (default 14) are removed. Prints the
 * file's path on stdout. With thousands of tenant schemas pg_dump locks every table at
 * once: a server whose `max_locks_per_transaction` is too small refuses, and the command
 * says which setting to raise.
 */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createDb, env, sql } from '@booking/core';
import { fail, loadConfigWithDotEnv, progressReporter } from './lib/cli.js';
import { firstErrorLine, listDump, runTool } from './lib/pg-tools.js';

const config = loadConfigWithDotEnv('backup', {
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  BACKUP_DIR: env.string('a folder').default('backups'),
  BACKUP_RETENTION_DAYS: env.int(1, 3650).default(14),
});
const DAY_MS = 86_400_000;
const NAME = /^booking-(\d{8}T\d{6}Z)\.dump$/;

async function tableCount(url: string): Promise<number> {
  const db = createDb({ connectionString: url, maxConnections: 1, applicationName: 'backup' });
  try {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg_toast%'
    `.execute(db);
    return rows[0]?.n ?? 0;
  } finally {
    await db.destroy();
  }
}

/** Removes finished dumps older than `days`, judged by the timestamp in their name. */
async function applyRetention(dir: string, days: number, now: Date): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir)) {
    const match = NAME.exec(name);
    if (!match) {
      continue;
    }
    const stamp = (match[1] as string).replace(
      /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
      '$1-$2-$3T$4:$5:$6Z',
    );
    if (now.getTime() - Date.parse(stamp) > days * DAY_MS) {
      await rm(join(dir, name));
      removed += 1;
    }
  }
  return removed;
}

try {
  const dir = resolve(config.BACKUP_DIR);
  await mkdir(dir, { recursive: true });
  const now = new Date();
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const file = join(dir, `booking-${stamp}.dump`);
  const partial = `${file}.partial`;
  const total = await tableCount(config.DATABASE_URL);
  const report = progressReporter('backup: tables');
  let done = 0;
  const dumped = await runTool(
    'pg_dump',
    ['--format=custom', '--verbose', '--file', partial, '--dbname', config.DATABASE_URL],
    (line) => {
      if (/dumping contents of table/.test(line)) {
        done += 1;
        report(Math.min(done, total), total, 0);
      }
    },
  );
  if (dumped.status !== 0) {
    await rm(partial, { force: true });
    if (/max_locks_per_transaction/.test(dumped.stderr)) {
      throw new Error(
        `the server ran out of lock slots: pg_dump locks all ${total} tables at once. Set max_locks_per_transaction to 256 or more (postgres -c max_locks_per_transaction=256; docker-compose.yml does) and restart Postgres`,
      );
    }
    throw new Error(`pg_dump failed: ${firstErrorLine(dumped.stderr)}`);
  }
  const entries = await listDump(partial).catch(async (error: Error) => {
    await rm(partial, { force: true });
    throw error;
  });
  await rename(partial, file);
  const size = (await stat(file)).size;
  const removed = await applyRetention(dir, config.BACKUP_RETENTION_DAYS, now);
  process.stderr.write(
    `backup: ${file}, ${(size / 1024 / 1024).toFixed(1)} MiB, verified (${entries.length} entries)` +
      `${removed > 0 ? `; removed ${removed} older than ${config.BACKUP_RETENTION_DAYS} days` : ''}\n`,
  );
  process.stdout.write(`${file}\n`);
} catch (error) {
  fail(error);
}
