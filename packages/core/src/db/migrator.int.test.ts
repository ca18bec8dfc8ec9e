import {
  createScratchDatabase,
  getTestRedis,
  randomBotToken,
  randomSlug,
  recordTenantsBehind,
  type ScratchDatabase,
  TEST_ENCRYPTION_KEY,
} from '@booking/core/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSettings } from '../settings/index.js';
import { provisionTenant } from '../tenants/index.js';
import { createDb, type Database, tenantDb } from './db.js';
import type { Migration } from './migrations/migration.js';
import { PLATFORM_MIGRATIONS } from './migrations/platform/index.js';
import { TENANT_MIGRATIONS } from './migrations/tenant/index.js';
import { LATEST_TENANT_VERSION, migratePlatform, migrateTenants } from './migrator.js';
import { claimSpareSchema, fillSpareSchemas } from './spare-schemas.js';

// Each file of this suite gets a database of its own: platform migrations are
// server-wide facts (extensions, the platform schema) that must start from zero.
let scratch: ScratchDatabase;

beforeAll(async () => {
  scratch = await createScratchDatabase('migrator');
});

afterAll(async () => {
  await scratch.drop();
});

async function catalogSnapshot(db: Database): Promise<string> {
  const result = await sql<{ item: string }>`
    SELECT n.nspname || '.' || c.relname || ':' || c.relkind::text || '#' || c.oid::text AS item
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'platform' OR n.nspname LIKE 'tenant\\_%'
    ORDER BY 1
  `.execute(db);
  return result.rows.map((row) => row.item).join('\n');
}

describe('migrations', () => {
  it('run from zero, and a second run changes nothing', async () => {
    const first = await migratePlatform(scratch.db);
    expect(first).toEqual(PLATFORM_MIGRATIONS.map((m) => m.name));
    const slugs = await recordTenantsBehind(scratch.db, 5);
    const result = await migrateTenants(scratch.db);
    expect(result).toMatchObject({ behind: 5, migrated: 5, failed: [] });
    const before = await catalogSnapshot(scratch.db);
    for (const slug of slugs) {
      expect(before).toContain(`tenant_${slug}.audit_log:r#`);
    }

    expect(await migratePlatform(scratch.db)).toEqual([]);
    const again = await migrateTenants(scratch.db);
    expect(again).toEqual({ behind: 0, migrated: 0, failed: [] });
    expect(await catalogSnapshot(scratch.db)).toBe(before);
  });

  it('two concurrent migrators apply each migration exactly once per schema', async () => {
    await migratePlatform(scratch.db);
    const slugs = await recordTenantsBehind(scratch.db, 12);
    // A second handle stands in for a second process: its own pool, its own sessions.
    const other = createDb({ connectionString: scratch.url, maxConnections: 4 });
    try {
      await Promise.all([migratePlatform(scratch.db), migratePlatform(other)]);
      const [a, b] = await Promise.all([
        migrateTenants(scratch.db, { concurrency: 4 }),
        migrateTenants(other, { concurrency: 4 }),
      ]);
      expect(a.failed).toEqual([]);
      expect(b.failed).toEqual([]);
      // Both saw the same tenants behind; the advisory lock made one of them skip each.
      const versions = await scratch.db
        .selectFrom('platform.tenants')
        .select(['slug', 'schema_version'])
        .where('slug', 'in', slugs)
        .execute();
      expect(versions.every((row) => row.schema_version === LATEST_TENANT_VERSION)).toBe(true);

      // A new migration, counted as it runs, must run once per tenant whatever the race.
      const probe: Migration = {
        name: '9999-probe',
        async up(trx) {
          await sql`CREATE TABLE probe (id int); INSERT INTO probe VALUES (1)`.execute(trx);
        },
      };
      const withProbe = [...TENANT_MIGRATIONS, probe];
      const [c, d] = await Promise.all([
        migrateTenants(scratch.db, { concurrency: 3, migrations: withProbe }),
        migrateTenants(other, { concurrency: 3, migrations: withProbe }),
      ]);
      expect([...c.failed, ...d.failed]).toEqual([]);
      const total = await scratch.db
        .selectFrom('platform.tenants')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '<>', 'deleted')
        .executeTakeFirstOrThrow();
      expect(c.migrated + d.migrated).toBe(Number(total.n));
      for (const slug of slugs) {
        const rows = await sql<{
          id: number;
        }>`SELECT id FROM ${sql.id(`tenant_${slug}`, 'probe')}`.execute(scratch.db);
        expect(rows.rows).toHaveLength(1);
      }
      const none = await migrateTenants(other, { migrations: withProbe });
      expect(none.behind).toBe(0);
    } finally {
      await other.destroy();
    }
  });

  it('reports a failing schema and still migrates the others', async () => {
    await migratePlatform(scratch.db);
    const deps = { db: scratch.db, redis: getTestRedis(), encryptionKey: TEST_ENCRYPTION_KEY };
    const good = await provisionTenant(deps, { slug: randomSlug(), botToken: randomBotToken() });
    const broken = await provisionTenant(deps, { slug: randomSlug(), botToken: randomBotToken() });
    const failing: Migration = {
      name: '9998-fails-on-one',
      async up(trx) {
        await sql`CREATE TABLE extra (id int)`.execute(trx);
      },
    };
    // Sabotage: the table the new migration creates is already there in one schema.
    await sql`CREATE TABLE ${sql.id(broken.tenant.schema, 'extra')} (id int)`.execute(scratch.db);
    const result = await migrateTenants(scratch.db, {
      migrations: [...TENANT_MIGRATIONS, failing],
    });
    expect(result.failed.map((f) => f.slug)).toEqual([broken.tenant.slug]);
    expect(result.failed[0]?.error.message).toMatch(/already exists/);
    const versions = await scratch.db
      .selectFrom('platform.tenants')
      .select(['slug', 'schema_version'])
      .where('slug', 'in', [good.tenant.slug, broken.tenant.slug])
      .execute();
    const bySlug = Object.fromEntries(versions.map((row) => [row.slug, row.schema_version]));
    expect(bySlug[good.tenant.slug]).toBe(TENANT_MIGRATIONS.length + 1);
    // The failed schema stays at its old version: its transaction rolled back whole.
    expect(bySlug[broken.tenant.slug]).toBe(TENANT_MIGRATIONS.length);
  });
});

describe('spare schemas', () => {
  it('provisioning takes a migrated spare, concurrently without sharing one, and creates a schema when none is left', async () => {
    await migratePlatform(scratch.db);
    const deps = { db: scratch.db, redis: getTestRedis(), encryptionKey: TEST_ENCRYPTION_KEY };
    await scratch.db.deleteFrom('platform.spare_schemas').execute();
    expect(await fillSpareSchemas(scratch.db, 2)).toEqual({ created: 2, dropped: 0 });
    const spares = await scratch.db
      .selectFrom('platform.spare_schemas')
      .select('schema_name')
      .execute();

    const provisioned = await Promise.all(
      [1, 2, 3].map(() =>
        provisionTenant(deps, {
          slug: randomSlug(),
          botToken: randomBotToken(),
          timeZone: 'Asia/Tokyo',
        }),
      ),
    );
    for (const { tenant } of provisioned) {
      expect(tenant.schemaVersion).toBe(LATEST_TENANT_VERSION);
      const rows = await tenantDb(scratch.db, tenant.schema)
        .selectFrom('audit_log')
        .selectAll()
        .execute();
      expect(rows).toEqual([]);
      expect((await getSettings(tenantDb(scratch.db, tenant.schema))).timeZone).toBe('Asia/Tokyo');
    }
    // Both spares were taken (renamed away); the third tenant got a new schema.
    expect(await scratch.db.selectFrom('platform.spare_schemas').selectAll().execute()).toEqual([]);
    const names = new Set(
      (
        await sql<{
          nspname: string;
        }>`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'spare\\_%'`.execute(scratch.db)
      ).rows.map((row) => row.nspname),
    );
    for (const spare of spares) {
      expect(names.has(spare.schema_name)).toBe(false);
    }
  });

  it('drops spares of an older version instead of handing them out', async () => {
    await migratePlatform(scratch.db);
    await scratch.db.deleteFrom('platform.spare_schemas').execute();
    await sql`CREATE SCHEMA spare_outdated0000`.execute(scratch.db);
    await scratch.db
      .insertInto('platform.spare_schemas')
      .values({ schema_name: 'spare_outdated0000', schema_version: 0 })
      .execute();
    const claimed = await scratch.db
      .transaction()
      .execute((trx) => claimSpareSchema(trx, `tenant_${randomSlug()}`, LATEST_TENANT_VERSION));
    expect(claimed).toBe(false);
    expect(await fillSpareSchemas(scratch.db, 1)).toEqual({ created: 1, dropped: 1 });
    const exists = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'spare_outdated0000'
    `.execute(scratch.db);
    expect(exists.rows[0]?.n).toBe(0);
  });
});
