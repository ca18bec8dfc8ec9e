import { LATEST_TENANT_VERSION, sql } from '@booking/core';
import {
  createScratchDatabase,
  randomId,
  recordTenantsBehind,
  runTs,
  type ScratchDatabase,
  TEST_DATABASE_URL,
  testDatabaseIsCitus,
} from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const citus = await testDatabaseIsCitus();

// `pnpm migrate` touches every tenant of its database, so it runs in a database of its own.
let scratch: ScratchDatabase;

beforeAll(async () => {
  scratch = await createScratchDatabase('migrate_cli');
});

afterAll(async () => {
  await scratch.drop();
});

const migrate = () =>
  runTs('scripts/migrate.ts', {
    env: { DATABASE_URL: scratch.url, MIGRATE_CONCURRENCY: '3' },
    timeoutMs: 100_000,
  });

// Each run starts `pnpm migrate` in a Node process of its own, which a busy machine slows.
describe('pnpm migrate', { timeout: 120_000 }, () => {
  it('migrates platform and tenants with progress, names each failed schema, and exits 1', async () => {
    const first = await migrate();
    expect(first.stderr).toContain('platform: applied 0001-tenants');
    expect(first.stderr).toContain(
      'spare schemas: created 2, dropped 0 of an older version (target 2)',
    );
    expect(first.status).toBe(0);

    const slugs = await recordTenantsBehind(scratch.db, 6);
    // Two schemas already hold a table the first tenant migration creates.
    const broken = [slugs[1], slugs[4]] as string[];
    for (const slug of broken) {
      await sql`CREATE SCHEMA ${sql.id(`tenant_${slug}`)}; CREATE TABLE ${sql.id(`tenant_${slug}`, 'audit_log')} (id int)`.execute(
        scratch.db,
      );
    }

    const second = await migrate();
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('platform: up to date');
    expect(second.stderr).toMatch(/tenant schemas: 6\/6 \(100%\), 2 failed/);
    expect(second.stderr).toContain('migrated 4 of 6');
    expect(second.stderr).toContain('2 tenant schema(s) failed:');
    for (const slug of broken) {
      expect(second.stderr).toMatch(new RegExp(`tenant_${slug} \\(${slug}\\): .*already exists`));
    }
    const versions = await scratch.db
      .selectFrom('platform.tenants')
      .select(['slug', 'schema_version'])
      .execute();
    for (const row of versions) {
      expect(row.schema_version).toBe(broken.includes(row.slug) ? 0 : LATEST_TENANT_VERSION);
    }

    for (const slug of broken) {
      await sql`DROP SCHEMA ${sql.id(`tenant_${slug}`)} CASCADE`.execute(scratch.db);
    }
    const third = await migrate();
    expect(third.status).toBe(0);
    expect(third.stderr).toContain('migrated 2 of 2');
    const fourth = await migrate();
    expect(fourth.status).toBe(0);
    expect(fourth.stderr).toContain(`tenant schemas: all at version ${LATEST_TENANT_VERSION}`);
    // The spares were made once and are still there.
    expect(fourth.stderr).not.toContain('spare schemas');
    expect(
      await scratch.db.selectFrom('platform.spare_schemas').selectAll().execute(),
    ).toHaveLength(2);
  });

  it('says in one line, exit 1, that its database does not exist', async () => {
    const url = new URL(TEST_DATABASE_URL);
    const name = `no_such_db_${randomId(6)}`;
    url.pathname = `/${name}`;
    const result = await runTs('scripts/migrate.ts', {
      env: { DATABASE_URL: url.toString() },
      timeoutMs: 100_000,
    });
    expect(result.stderr).toBe(
      `error: database "${name}" does not exist: create it (createdb ${name}) or point DATABASE_URL at another database\n`,
    );
    expect(result.status).toBe(1);
  });
});

// Adoption starts four `pnpm migrate` processes and builds a Citus cluster database
// (a database and the extension on every worker): more than two minutes on a busy machine.
describe('pnpm migrate --citus-adopt', { timeout: 300_000 }, () => {
  const adopt = () =>
    runTs('scripts/migrate.ts', { args: ['--citus-adopt'], env: { DATABASE_URL: scratch.url } });

  it.skipIf(citus)('says that Citus is missing, exit 1, on plain Postgres', async () => {
    const result = await adopt();
    expect(result.stderr).toContain('error: Citus is not installed in this database');
    expect(result.status).toBe(1);
  });

  // Runs under `pnpm test:scale`, whose test database is a Citus coordinator.
  // Runs under `pnpm test:scale`, whose test database is a Citus coordinator.
  it.skipIf(!citus)(
    'distributes the tenant schemas made on plain Postgres and keeps platform plain',
    async () => {
      const before = await createScratchDatabase('adopt_cli', { plain: true });
      try {
        const run = (args: string[]) =>
          runTs('scripts/migrate.ts', {
            args,
            env: { DATABASE_URL: before.url },
            timeoutMs: 100_000,
          });
        // A deployment created before Citus: plain schemas, then Citus installed.
        expect((await run([])).status).toBe(0);
        const slugs = await recordTenantsBehind(before.db, 2);
        expect((await run([])).status).toBe(0);
        await before.enableCitus();
        const schemas = slugs.map((slug) => `tenant_${slug}`);
        const distributed = async () =>
          (
            await sql<{ schema: string }>`
              SELECT schemaid::regnamespace::text AS schema FROM pg_dist_schema
            `.execute(before.db)
          ).rows.map((row) => row.schema);
        expect(await distributed()).toEqual([]);

        const result = await run(['--citus-adopt']);
        // Two tenants and the two spare schemas.
        expect(result.stderr).toContain('citus: distributed 4 schema(s), 0 already were');
        expect(result.status).toBe(0);
        const after = await distributed();
        expect(after).toEqual(expect.arrayContaining(schemas));
        expect(after).toHaveLength(4);
        expect(after).not.toContain('platform');

        const again = await run(['--citus-adopt']);
        expect(again.stderr).toContain('citus: distributed 0 schema(s), 4 already were');
      } finally {
        await before.drop();
      }
    },
  );
});
