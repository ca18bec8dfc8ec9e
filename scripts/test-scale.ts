/**
 * `pnpm test:scale [vitest args]`: runs the whole suite on a distributed Postgres and a
 * clustered Redis. It starts nothing: `TEST_DATABASE_URL` must name a database on a
 * Citus coordinator with workers, `TEST_REDIS_URL` a Redis Cluster
 * (`redis://host:7001?cluster=1`). It checks both first and says what is wrong in one
 * line, exit 2; then runs `vitest run` with the same environment and exits with its
 * status. Tests that create scratch databases make them Citus clusters too (see
 * `createScratchDatabase`). On this machine: `../shared/scale/citus start` and
 * `../shared/scale/redis-cluster start`, then
 *
 *   TEST_DATABASE_URL=$(../shared/scale/citus url) \
 *   TEST_REDIS_URL='redis://127.0.0.1:7001?cluster=1' pnpm test:scale
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createDb, createRedis, isCitus, isCluster, sql } from '@booking/core';

function refuse(message: string): never {
  process.stderr.write(`test:scale: ${message}\n`);
  process.exit(2);
}

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
if (!databaseUrl || !redisUrl) {
  refuse(
    'set TEST_DATABASE_URL to a Citus coordinator and TEST_REDIS_URL to a Redis Cluster (redis://host:port?cluster=1)',
  );
}

async function citusWorkerCount(url: string): Promise<number> {
  const db = createDb({ connectionString: url, maxConnections: 1, applicationName: 'test-scale' });
  try {
    if (!(await isCitus(db))) {
      return 0;
    }
    const workers = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_dist_node WHERE groupid <> 0 AND isactive
    `.execute(db);
    return workers.rows[0]?.n ?? 0;
  } finally {
    await db.destroy();
  }
}

async function clusterState(url: string): Promise<string> {
  const redis = createRedis(url, { connectionName: 'test-scale' });
  try {
    if (!isCluster(redis)) {
      return 'not a cluster URL (add ?cluster=1)';
    }
    const info = String(await redis.cluster('INFO'));
    return /cluster_state:ok/.test(info) ? 'ok' : 'cluster_state is not ok';
  } finally {
    redis.disconnect();
  }
}

const workers = await citusWorkerCount(databaseUrl).catch((error: Error) =>
  refuse(`TEST_DATABASE_URL: ${error.message}`),
);
if (workers < 2) {
  refuse(
    `TEST_DATABASE_URL is not a Citus coordinator with two workers or more (found ${workers} workers)`,
  );
}
const state = await clusterState(redisUrl).catch((error: Error) =>
  refuse(`TEST_REDIS_URL: ${error.message}`),
);
if (state !== 'ok') {
  refuse(`TEST_REDIS_URL: ${state}`);
}
process.stderr.write(`test:scale: Citus with ${workers} workers, Redis Cluster ok\n`);

const vitest = createRequire(import.meta.url).resolve('vitest/vitest.mjs');
const started = performance.now();
const child = spawn(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: process.env,
});
child.on('close', (status, signal) => {
  process.stderr.write(
    `test:scale: ${((performance.now() - started) / 1000).toFixed(0)} s, exit ${status ?? signal}\n`,
  );
  process.exit(status ?? 1);
});
