import { randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { oneStatementAtATime, setSchemaDistribution } from './citus.js';
import type { Database } from './db.js';
import type { Migration } from './migrations/migration.js';
import { TENANT_MIGRATIONS } from './migrations/tenant/index.js';
import type { PlatformDatabase } from './platform-database.js';

function spareName(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `spare_${Array.from(randomBytes(12), (byte) => alphabet[byte % alphabet.length]).join('')}`;
}

/**
 * Creates one spare tenant schema: a schema with every tenant migration applied,
 * recorded in `platform.spare_schemas`, in one transaction.
 *
 * @returns the schema's name.
 */
export async function createSpareSchema(
  db: Database,
  migrations: readonly Migration[] = TENANT_MIGRATIONS,
): Promise<string> {
  const name = spareName();
  await db.transaction().execute(async (trx) => {
    await setSchemaDistribution(trx, true);
    await sql`CREATE SCHEMA ${sql.id(name)}`.execute(trx);
    await sql`SET LOCAL search_path TO ${sql.id(name)}, public`.execute(trx);
    for (const migration of migrations) {
      await migration.up(oneStatementAtATime<PlatformDatabase>(trx));
    }
    await trx
      .insertInto('platform.spare_schemas')
      .values({ schema_name: name, schema_version: migrations.length })
      .execute();
  });
  return name;
}

/** Outcome of {@link fillSpareSchemas}. */
export interface FillSpareSchemasResult {
  created: number;
  /** Spares of an older version, dropped rather than migrated. */
  dropped: number;
}

/**
 * Keeps `target` spare tenant schemas at the current version: drops spares left at an
 * older version (cheaper than migrating them), then creates the missing ones. Safe to
 * run from several processes: at worst a few more spares than `target` exist for a while.
 */
export async function fillSpareSchemas(
  db: Database,
  target: number,
  migrations: readonly Migration[] = TENANT_MIGRATIONS,
): Promise<FillSpareSchemasResult> {
  const outdated = await db
    .deleteFrom('platform.spare_schemas')
    .where('schema_version', '<>', migrations.length)
    .returning('schema_name')
    .execute();
  for (const { schema_name } of outdated) {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema_name)} CASCADE`.execute(db);
  }
  const { count } = await db
    .selectFrom('platform.spare_schemas')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  let created = 0;
  for (let have = Number(count); have < target; have++) {
    await createSpareSchema(db, migrations);
    created += 1;
  }
  return { created, dropped: outdated.length };
}

/**
 * Takes one spare schema at `version` for a new tenant inside the caller's transaction
 * and renames it to `schema`. Concurrent provisionings take different spares
 * (`SKIP LOCKED`); with none left, returns false and the caller creates the schema.
 */
export async function claimSpareSchema(
  trx: Transaction<PlatformDatabase>,
  schema: string,
  version: number,
): Promise<boolean> {
  const spare = await trx
    .deleteFrom('platform.spare_schemas')
    .where(
      'id',
      '=',
      trx
        .selectFrom('platform.spare_schemas')
        .select('id')
        .where('schema_version', '=', version)
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .returning('schema_name')
    .executeTakeFirst();
  if (!spare) {
    return false;
  }
  await sql`ALTER SCHEMA ${sql.id(spare.schema_name)} RENAME TO ${sql.id(schema)}`.execute(trx);
  return true;
}
