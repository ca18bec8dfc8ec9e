/**
 * Tenant provisioning and migration benchmark.
 *
 *   pnpm bench tenants [--tenants 1000]
 *
 * In a scratch database:
 * 1. provisions `--cold` tenants (default 100) with no spare schema ready, so each runs
 *    every tenant migration: ms per tenant;
 * 2. fills the spare pool with N schemas, as `pnpm migrate` does in the background:
 *    ms per spare;
 * 3. provisions N tenants (default 1000) one after another, each taking a spare: ms per
 *    tenant (mean, p50, p99, first and last 10%): what a new customer waits for;
 * 4. records N more tenants as if an older build had left them at version 0 and runs
 *    `pnpm migrate` over them (progress shown), then again, which must be a no-op.
 * The scratch database is dropped at the end, even on failure or SIGINT/SIGTERM, which
 * also stop a running `pnpm migrate` (see ../lib/lifecycle.ts).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fillSpareSchemas, migratePlatform, migrateTenants, provisionTenant } from '@booking/core';
import {
  closeTestConnections,
  createScratchDatabase,
  getTestRedis,
  REPO_ROOT,
  randomBotToken,
  randomSlug,
  recordTenantsBehind,
  TEST_ENCRYPTION_KEY,
} from '@booking/core/testing';
import { type BenchContext, runBench } from '../lib/lifecycle.js';
import { percentile } from '../lib/stats.js';

const { values } = parseArgs({
  options: {
    tenants: { type: 'string', default: '1000' },
    cold: { type: 'string', default: '100' },
  },
});
const coldCount = Number(values.cold);
const count = Number(values.tenants);
if (!Number.isInteger(count) || count < 1) {
  console.error(`--tenants must be a positive integer, got ${values.tenants}`);
  process.exit(1);
}

function runMigrateCli(
  bench: BenchContext,
  url: string,
): Promise<{ ms: number; status: number | null }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = bench.spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'migrate.ts')],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, DATABASE_URL: url },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('close', (status) => resolve({ ms: performance.now() - started, status }));
  });
}

await runBench('tenants', async (bench) => {
  bench.defer('close connections', closeTestConnections);
  bench.step('create the scratch database');
  const scratch = await createScratchDatabase('bench_tenants');
  bench.defer('drop the scratch database', () => scratch.drop());
  await migratePlatform(scratch.db);
  const deps = { db: scratch.db, redis: getTestRedis(), encryptionKey: TEST_ENCRYPTION_KEY };

  const provision = async (): Promise<number> => {
    const started = performance.now();
    await provisionTenant(deps, { slug: randomSlug('b'), botToken: randomBotToken() });
    return performance.now() - started;
  };
  bench.step('provision tenants with no spare schema');
  console.log(`provisioning ${coldCount} tenants with no spare schema ...`);
  const cold: number[] = [];
  for (let i = 0; i < coldCount; i++) {
    cold.push(await provision());
  }
  bench.step('fill the spare pool');
  console.log(`filling the spare pool with ${count} schemas ...`);
  const fillStarted = performance.now();
  await fillSpareSchemas(scratch.db, count);
  const fillMs = performance.now() - fillStarted;

  bench.step('provision tenants from the spare pool');
  console.log(`provisioning ${count} tenants into ${scratch.name} ...`);
  const durations: number[] = [];
  const startedAll = performance.now();
  for (let i = 0; i < count; i++) {
    durations.push(await provision());
    if ((i + 1) % 100 === 0) {
      process.stderr.write(`  provisioned ${i + 1}/${count}\n`);
    }
  }
  const totalMs = performance.now() - startedAll;
  const tenth = Math.max(1, Math.floor(count / 10));
  const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;

  console.log(
    `\nrecording ${count} more tenants at schema version 0 and running pnpm migrate over them:`,
  );
  bench.step('pnpm migrate over tenants at version 0');
  await recordTenantsBehind(scratch.db, count, 'm');
  const full = await runMigrateCli(bench, scratch.url);
  bench.step('pnpm migrate with nothing to do');
  console.log('\nrunning pnpm migrate again (nothing to do):');
  const noop = await runMigrateCli(bench, scratch.url);
  const inProcessStarted = performance.now();
  const inProcess = await migrateTenants(scratch.db);
  const inProcessMs = performance.now() - inProcessStarted;

  const fmt = (ms: number) => ms.toFixed(1);
  console.log(`
results (${coldCount + 2 * count} schemas at the end)
  provisioning with no spare (every migration runs), ms per tenant: mean ${fmt(mean(cold))}, p50 ${fmt(percentile(cold, 50))}, p99 ${fmt(percentile(cold, 99))}
  filling the spare pool: ${fmt(fillMs / count)} ms per spare, ${(fillMs / 1000).toFixed(2)} s for ${count}
  provisioning from the spare pool, ms per tenant: mean ${fmt(totalMs / count)}, p50 ${fmt(percentile(durations, 50))}, p99 ${fmt(percentile(durations, 99))}
  provisioning from the spare pool, ms per tenant: first 10% ${fmt(mean(durations.slice(0, tenth)))}, last 10% ${fmt(mean(durations.slice(-tenth)))}
  provisioning from the spare pool, total: ${(totalMs / 1000).toFixed(2)} s for ${count}
  pnpm migrate over ${count} schemas at version 0: ${(full.ms / 1000).toFixed(2)} s (exit ${full.status})
  pnpm migrate no-op (whole command, process start included): ${(noop.ms / 1000).toFixed(2)} s (exit ${noop.status})
  migrateTenants no-op in process: ${fmt(inProcessMs)} ms (behind: ${inProcess.behind})
  targets: provisioning < 50 ms per tenant; no-op migrate < 2 s`);
  if (full.status !== 0 || noop.status !== 0) {
    throw new Error(`pnpm migrate exited with ${full.status} and ${noop.status}`);
  }
});
