/**
 * `pnpm migrate`: migrates the platform schema, then every tenant schema that is
 * behind, several at a time, with a progress line, then keeps `SPARE_SCHEMAS` spare
 * tenant schemas ready for provisioning. Exits 1 naming each schema that failed; the
 * others still migrate.
 *
 * `pnpm migrate --citus-adopt` then adopts Citus on a deployment that was created on plain
 * Postgres: every tenant and spare schema becomes a distributed schema
 * (`citus_schema_distribute`), `platform` stays a plain coordinator schema. See
 * docs/scaling.md.
 */
import {
  adoptCitus,
  createDb,
  fillSpareSchemas,
  isCitus,
  LATEST_TENANT_VERSION,
  migratePlatform,
  migrateTenants,
  redactSecrets,
} from '@booking/core';
import { fail, loadScriptConfig, progressReporter, UsageError } from './lib/cli.js';

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--citus-adopt');
if (unknown.length > 0) {
  fail(new UsageError(`unknown argument ${unknown[0]}; usage: pnpm migrate [--citus-adopt]`));
}
const citusAdopt = args.includes('--citus-adopt');

const config = loadScriptConfig('migrate', [
  'DATABASE_URL',
  'MIGRATE_CONCURRENCY',
  'SPARE_SCHEMAS',
]);
const db = createDb({
  connectionString: config.DATABASE_URL,
  maxConnections: config.MIGRATE_CONCURRENCY + 1,
  applicationName: 'migrate',
});

try {
  if (citusAdopt && !(await isCitus(db))) {
    process.stderr.write(
      'error: Citus is not installed in this database: CREATE EXTENSION citus and add the workers first (docs/scaling.md)\n',
    );
    await db.destroy();
    process.exit(1);
  }
  const started = performance.now();
  const applied = await migratePlatform(db);
  process.stderr.write(
    applied.length > 0 ? `platform: applied ${applied.join(', ')}\n` : 'platform: up to date\n',
  );
  const report = progressReporter('tenant schemas');
  const result = await migrateTenants(db, {
    concurrency: config.MIGRATE_CONCURRENCY,
    onProgress: ({ done, total, failed }) => report(done, total, failed),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (result.behind === 0) {
    process.stderr.write(
      `tenant schemas: all at version ${LATEST_TENANT_VERSION} (${seconds} s)\n`,
    );
  } else {
    process.stderr.write(
      `tenant schemas: migrated ${result.migrated} of ${result.behind} to version ${LATEST_TENANT_VERSION} in ${seconds} s\n`,
    );
  }
  if (result.failed.length > 0) {
    process.stderr.write(`${result.failed.length} tenant schema(s) failed:\n`);
    for (const failure of result.failed) {
      process.stderr.write(
        `  ${failure.schema} (${failure.slug}): ${redactSecrets(failure.error.message)}\n`,
      );
    }
    process.exitCode = 1;
  }
  // Spare schemas let provisioning skip the tenant migrations while a customer waits.
  const spares = await fillSpareSchemas(db, config.SPARE_SCHEMAS);
  if (spares.created > 0 || spares.dropped > 0) {
    process.stderr.write(
      `spare schemas: created ${spares.created}, dropped ${spares.dropped} of an older version (target ${config.SPARE_SCHEMAS})\n`,
    );
  }
  if (citusAdopt) {
    const reportAdoption = progressReporter('citus: distributing schemas');
    const adopted = await adoptCitus(db, (done, total) => reportAdoption(done, total, 0));
    process.stderr.write(
      `citus: distributed ${adopted.distributed} schema(s), ${adopted.alreadyDistributed} already were${adopted.platformUndistributed ? '; platform made a plain schema again' : ''}\n`,
    );
  }
} catch (error) {
  await db.destroy();
  fail(error);
}
await db.destroy();
