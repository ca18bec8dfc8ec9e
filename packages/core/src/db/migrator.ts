import { sql, type Transaction } from 'kysely';
import { oneStatementAtATime, setSchemaDistribution } from './citus.js';
import type { Database } from './db.js';
import type { Migration } from './migrations/migration.js';
import { PLATFORM_MIGRATIONS } from './migrations/platform/index.js';
import { TENANT_MIGRATIONS } from './migrations/tenant/index.js';
import type { PlatformDatabase } from './platform-database.js';

// Two-key advisory locks: the first key names what is locked, the second which one.
const LOCK_PLATFORM_MIGRATIONS = 74_201;
const LOCK_TENANT_SCHEMA = 74_202;

/** Number of tenant migrations in this build: a tenant at this version is up to date. */
export const LATEST_TENANT_VERSION = TENANT_MIGRATIONS.length;

/**
 * Applies the platform migrations that are missing, in one transaction under a
 * global advisory lock, so concurrent callers (several processes starting at once)
 * are safe: the second waits, then finds nothing to do.
 *
 * @returns the names of the migrations applied by this call.
 */
export async function migratePlatform(
  db: Database,
  migrations: readonly Migration[] = PLATFORM_MIGRATIONS,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK_PLATFORM_MIGRATIONS}, 0)`.execute(trx);
    // With Citus schema sharding on, even this would distribute `platform`.
    await setSchemaDistribution(trx, false);
    await sql`CREATE SCHEMA IF NOT EXISTS platform`.execute(trx);
    await sql`
      CREATE TABLE IF NOT EXISTS platform.migrations (
        name text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )
    `.execute(trx);
    const done = new Set(
      (await trx.selectFrom('platform.migrations').select('name').execute()).map((row) => row.name),
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) {
        continue;
      }
      await migration.up(oneStatementAtATime<PlatformDatabase>(trx));
      await trx.insertInto('platform.migrations').values({ name: migration.name }).execute();
      applied.push(migration.name);
    }
    return applied;
  });
}

/** The facts about a tenant that migrating its schema needs. */
export interface TenantSchemaRef {
  id: number;
  slug: string;
  schema_name: string;
}

/**
 * Brings one tenant schema up to the latest version inside `trx`: takes the tenant's
 * advisory lock, re-reads its recorded version (another process may have migrated it
 * meanwhile), creates the schema if missing, applies the pending migrations and
 * records the new version in `platform.tenants`.
 *
 * @returns the number of migrations applied (0 when it was up to date).
 */
export async function migrateTenantSchemaInTransaction(
  trx: Transaction<PlatformDatabase>,
  tenant: TenantSchemaRef,
  migrations: readonly Migration[] = TENANT_MIGRATIONS,
): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(${LOCK_TENANT_SCHEMA}, ${tenant.id}::int)`.execute(trx);
  const row = await trx
    .selectFrom('platform.tenants')
    .select(['schema_version', 'status'])
    .where('id', '=', tenant.id)
    .executeTakeFirstOrThrow();
  // A tenant deleted while this pass waited for its lock has no schema to migrate.
  if (row.status === 'deleted' || row.schema_version >= migrations.length) {
    return 0;
  }
  const schema = sql.id(tenant.schema_name);
  await setSchemaDistribution(trx, true);
  await sql`CREATE SCHEMA IF NOT EXISTS ${schema}`.execute(trx);
  // Transaction-local: the pooled connection goes back to the pool with its default path.
  await sql`SET LOCAL search_path TO ${schema}, public`.execute(trx);
  for (const migration of migrations.slice(row.schema_version)) {
    await migration.up(oneStatementAtATime<PlatformDatabase>(trx));
  }
  await trx
    .updateTable('platform.tenants')
    .set({ schema_version: migrations.length, updated_at: new Date() })
    .where('id', '=', tenant.id)
    .execute();
  return migrations.length - row.schema_version;
}

/** Migrates one tenant schema in its own transaction. See {@link migrateTenantSchemaInTransaction}. */
export async function migrateTenantSchema(
  db: Database,
  tenant: TenantSchemaRef,
  migrations: readonly Migration[] = TENANT_MIGRATIONS,
): Promise<number> {
  return db
    .transaction()
    .execute((trx) => migrateTenantSchemaInTransaction(trx, tenant, migrations));
}

/** Progress of {@link migrateTenants}, reported after each schema. */
export interface MigrationProgress {
  done: number;
  total: number;
  failed: number;
}

/** A tenant schema whose migration failed, and why. */
export interface TenantMigrationFailure {
  slug: string;
  schema: string;
  error: Error;
}

/** Options of {@link migrateTenants}. */
export interface MigrateTenantsOptions {
  /** Schemas migrated at once. Keep it at or below the pool size. Default 4. */
  concurrency?: number;
  onProgress?: (progress: MigrationProgress) => void;
  migrations?: readonly Migration[];
}

/** Outcome of {@link migrateTenants}. */
export interface MigrateTenantsResult {
  /** Tenants that were behind when the pass started. */
  behind: number;
  /** Schemas this pass migrated (a concurrent pass may have done some of the others). */
  migrated: number;
  failed: TenantMigrationFailure[];
}

/**
 * Migrates every tenant schema that is behind, several at a time, each in its own
 * transaction under its own advisory lock. A failing schema is reported and the
 * others still migrate. When every tenant is current the pass is a single query on
 * `platform.tenants`, whatever the tenant count.
 */
export async function migrateTenants(
  db: Database,
  options: MigrateTenantsOptions = {},
): Promise<MigrateTenantsResult> {
  const migrations = options.migrations ?? TENANT_MIGRATIONS;
  const behind = await db
    .selectFrom('platform.tenants')
    .select(['id', 'slug', 'schema_name'])
    .where('status', '<>', 'deleted')
    .where('schema_version', '<', migrations.length)
    .orderBy('id')
    .execute();
  const result: MigrateTenantsResult = { behind: behind.length, migrated: 0, failed: [] };
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let tenant = behind[next++]; tenant !== undefined; tenant = behind[next++]) {
      try {
        // 0 means another process migrated it while this one waited for the lock.
        if ((await migrateTenantSchema(db, tenant, migrations)) > 0) {
          result.migrated += 1;
        }
      } catch (error) {
        result.failed.push({
          slug: tenant.slug,
          schema: tenant.schema_name,
          error: error instanceof Error ? error : new Error(String(error)),
        });
      }
      done += 1;
      options.onProgress?.({ done, total: behind.length, failed: result.failed.length });
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, behind.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}
