/**
 * `pnpm restore <file>`: restores a whole-database dump of `pnpm backup` into
 * `DATABASE_URL`, replacing what it holds (`--clean`), in one transaction. Stop the bots
 * first, run `pnpm migrate` after.
 *
 * `pnpm restore --tenant <slug> <file>`: brings back one tenant from a whole-database
 * dump, the others untouched. Its schema and its `platform.tenants` row are first
 * restored into a scratch database on the same server (extensions, constraints and
 * indexes included) and checked there; the schema then enters the live database under
 * a temporary name and, in one transaction, takes the place of the tenant's current
 * schema (if any), while the tenant's row gets back the dump's values (status, token,
 * schema version). The scratch database is dropped in every case.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type Database, distributeSchema, env, isCitus, sql } from '@booking/core';
import { fail, loadConfigWithDotEnv, UsageError } from './lib/cli.js';
import { firstErrorLine, listDump, runTool } from './lib/pg-tools.js';

const USAGE = 'usage: pnpm restore <file> | pnpm restore --tenant <slug> <file>';
const args = process.argv.slice(2);
let slug: string | undefined;
let file: string | undefined;
for (let index = 0; index < args.length; index += 1) {
  const arg = args[index] as string;
  if (arg === '--tenant') {
    slug = args[++index];
    if (slug === undefined || !/^[a-z][a-z0-9_]{2,40}$/.test(slug)) {
      fail(new UsageError(`--tenant needs a tenant slug; ${USAGE}`));
    }
  } else if (arg.startsWith('-') || file !== undefined) {
    fail(new UsageError(`unexpected argument ${arg}; ${USAGE}`));
  } else {
    file = arg;
  }
}
if (file === undefined) {
  fail(new UsageError(USAGE));
}
const config = loadConfigWithDotEnv('restore', {
  DATABASE_URL: env.url(['postgres', 'postgresql']),
});

function urlOf(database: string): string {
  const url = new URL(config.DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * `urlOf(database)` for a session in which a `CREATE SCHEMA` stays a plain schema of the
 * coordinator even where Citus's schema-based sharding is on (plain Postgres accepts
 * and ignores the setting).
 */
function localSchemaUrlOf(database: string): string {
  // libpq reads a space in a URI as %20 only, not as URLSearchParams' `+`.
  const options = encodeURIComponent('-c citus.enable_schema_based_sharding=off');
  const url = urlOf(database);
  return `${url}${url.includes('?') ? '&' : '?'}options=${options}`;
}

async function withDb<T>(url: string, work: (db: Database) => Promise<T>): Promise<T> {
  const db = createDb({ connectionString: url, maxConnections: 1, applicationName: 'restore' });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

async function restore(
  dump: string,
  database: string,
  extra: string[],
  url = urlOf(database),
): Promise<void> {
  const result = await runTool('pg_restore', [
    '--exit-on-error',
    '--single-transaction',
    '--no-owner',
    ...extra,
    '--dbname',
    url,
    dump,
  ]);
  if (result.status !== 0) {
    throw new Error(`pg_restore failed: ${firstErrorLine(result.stderr)}`);
  }
}

async function restoreTenant(dump: string, tenantSlug: string): Promise<void> {
  const live = decodeURIComponent(new URL(config.DATABASE_URL).pathname.slice(1));
  const schema = `tenant_${tenantSlug}`;
  const suffix = randomBytes(5).toString('hex');
  const scratch = `restore_${suffix}`;
  const incoming = `restoring_${suffix}`;
  const admin = urlOf('postgres');
  const work = await mkdtemp(join(tmpdir(), 'restore-'));
  await withDb(admin, (db) => sql`CREATE DATABASE ${sql.id(scratch)}`.execute(db));
  try {
    // 1. Into the scratch database: the tenant's schema and the platform tables.
    // pg_restore --schema restores what the schemas hold, not the schemas themselves.
    await withDb(urlOf(scratch), async (db) => {
      await sql`CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public`.execute(db);
      await sql`CREATE SCHEMA platform`.execute(db);
      await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(db);
    });
    await restore(dump, scratch, ['--schema', schema, '--schema', 'platform']);
    const row = await withDb(urlOf(scratch), async (db) => {
      const found = await sql<{ row: Record<string, unknown> }>`
        SELECT row_to_json(t) AS row FROM platform.tenants t WHERE slug = ${tenantSlug}
      `.execute(db);
      const exists = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = ${schema}
      `.execute(db);
      if (found.rows[0] === undefined || (exists.rows[0]?.n ?? 0) === 0) {
        throw new Error(`the dump holds no tenant ${tenantSlug} with a schema`);
      }
      await sql`ALTER SCHEMA ${sql.id(schema)} RENAME TO ${sql.id(incoming)}`.execute(db);
      return found.rows[0].row;
    });
    // 2. Into the live database under a temporary name.
    const part = join(work, 'tenant.dump');
    const dumped = await runTool('pg_dump', [
      '--format=custom',
      '--schema',
      incoming,
      '--file',
      part,
      '--dbname',
      urlOf(scratch),
    ]);
    if (dumped.status !== 0) {
      throw new Error(`pg_dump of the scratch database failed: ${firstErrorLine(dumped.stderr)}`);
    }
    // On Citus the schema comes in as a plain schema of the coordinator, then moves to a
    // worker in one step (citus_schema_distribute), as `pnpm migrate --citus-adopt` does
    // for a deployment's existing schemas.
    await restore(part, live, [], localSchemaUrlOf(live));
    await withDb(config.DATABASE_URL, async (db) => {
      if (await isCitus(db)) {
        await distributeSchema(db, incoming);
      }
    });
    // 3. The swap, in one transaction.
    await withDb(config.DATABASE_URL, (db) =>
      db.transaction().execute(async (trx) => {
        const columns = await sql<{ name: string }>`
          SELECT column_name AS name FROM information_schema.columns
          WHERE table_schema = 'platform' AND table_name = 'tenants'
            AND column_name NOT IN ('id', 'updated_at')
        `.execute(trx);
        const names = columns.rows.map((c) => c.name).filter((name) => name in row);
        const current = await sql<{ id: number }>`
          SELECT id FROM platform.tenants WHERE slug = ${tenantSlug} FOR UPDATE
        `.execute(trx);
        await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(trx);
        await sql`ALTER SCHEMA ${sql.id(incoming)} RENAME TO ${sql.id(schema)}`.execute(trx);
        const list = sql.join(names.map((name) => sql.id(name)));
        const values = sql`(SELECT ${sql.join(names.map((name) => sql`r.${sql.id(name)}`))}
          FROM json_populate_record(NULL::platform.tenants, ${JSON.stringify(row)}::json) r)`;
        if (current.rows[0] === undefined) {
          await sql`INSERT INTO platform.tenants (${list}) ${values}`.execute(trx);
        } else {
          await sql`UPDATE platform.tenants SET (${list}) = ${values}, updated_at = now()
            WHERE id = ${current.rows[0].id}`.execute(trx);
        }
      }),
    );
  } finally {
    await withDb(config.DATABASE_URL, (db) =>
      sql`DROP SCHEMA IF EXISTS ${sql.id(incoming)} CASCADE`.execute(db),
    ).catch(() => undefined);
    await withDb(admin, (db) =>
      sql`DROP DATABASE IF EXISTS ${sql.id(scratch)} WITH (FORCE)`.execute(db),
    );
    await rm(work, { recursive: true, force: true });
  }
}

try {
  const entries = await listDump(file);
  if (slug === undefined) {
    const database = decodeURIComponent(new URL(config.DATABASE_URL).pathname.slice(1));
    await restore(file, database, ['--clean', '--if-exists']);
    process.stderr.write(
      `restore: ${entries.length} entries of ${file} restored into ${database}; run pnpm migrate, then start the bots\n`,
    );
  } else {
    await restoreTenant(file, slug);
    process.stderr.write(`restore: tenant ${slug} restored from ${file}\n`);
  }
} catch (error) {
  fail(error);
}
