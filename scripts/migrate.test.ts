import { LATEST_TENANT_VERSION, sql } from '@booking/core';
import {
  createScratchDatabase,
  randomId,
  recordTenantsBehind,
  runTs,
  type ScratchDatabase,
  TEST_DATABASE_URL,
} from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `pnpm migrate` touches every tenant of its database, so it runs in a database of its own.
let scratch: ScratchDatabase;

beforeAll(async () => {
  scratch = await createScratchDatabase('migrate_cli');
});

afterAll(async () => {
  await scratch.drop();
});

const migrate = () =>
  runTs('scripts/migrate.ts', { env: { DATABASE_URL: scratch.url, MIGRATE_CONCURRENCY: '3' } });

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
    const result = await runTs('scripts/migrate.ts', { env: { DATABASE_URL: url.toString() } });
    expect(result.stderr).toBe(
      `error: database "${name}" does not exist: create it (createdb ${name}) or point DATABASE_URL at another database\n`,
    );
    expect(result.status).toBe(1);
  });
});
