/**
 * Helpers for tests that run against the real Postgres and Redis. Never imported by
 * production code. Each test gets fresh, randomly named tenants (and so its own schemas
 * and Redis key prefixes), which lets test files run in parallel.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import {
  createDb,
  type Database,
  migratePlatform,
  type TenantExecutor,
  tenantDb,
  tenantRouting,
} from '../db/index.js';
import { type AppError, isAppError } from '../errors/index.js';
import { createRedis, type QueueName, queuePrefix } from '../redis/index.js';
import { deleteTenant, provisionTenant, type Tenant, type TenantDeps } from '../tenants/index.js';

/** The database tests use; `TEST_DATABASE_URL` overrides the local default. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The Redis tests use; `TEST_REDIS_URL` overrides the local default. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
/** A token encryption key for this test process. */
export const TEST_ENCRYPTION_KEY: Buffer = randomBytes(32);

let sharedDb: Database | undefined;
let platformReady: Promise<unknown> | undefined;
let sharedRedis: Redis | undefined;

/**
 * Waits for `promise` to fail with an {@link AppError} and returns it; a success or any
 * other error fails the test.
 */
export async function expectAppError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) {
    throw new Error(`expected an AppError, got ${error === undefined ? 'success' : String(error)}`);
  }
  return error;
}

/** A random suffix of lowercase letters and digits. */
export function randomId(length = 10): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** A random valid tenant slug, such as `t_k3j9x0a1b2`. */
export function randomSlug(prefix = 't'): string {
  return `${prefix}_${randomId(10)}`;
}

/** A random string shaped like a BotFather token. */
export function randomBotToken(): string {
  const id = 100_000_000 + Math.floor(Math.random() * 800_000_000);
  return `${id}:AA${randomBytes(33).toString('base64url').slice(0, 33)}`;
}

/** The shared platform handle of this test process, with the platform schema migrated. */
export async function getTestDb(): Promise<Database> {
  sharedDb ??= createDb({
    connectionString: TEST_DATABASE_URL,
    maxConnections: 20,
    applicationName: 'test',
  });
  // Tenant executors of the tests are routed on Citus from the first one on.
  platformReady ??= migratePlatform(sharedDb).then(() => tenantRouting(sharedDb as Database));
  await platformReady;
  return sharedDb;
}

/** The shared Redis client of this test process. */
export function getTestRedis(): Redis {
  sharedRedis ??= createRedis(TEST_REDIS_URL, { connectionName: 'test' });
  return sharedRedis;
}

/** Tenant operation deps over the shared test connections. */
export async function getTestTenantDeps(): Promise<TenantDeps> {
  return { db: await getTestDb(), redis: getTestRedis(), encryptionKey: TEST_ENCRYPTION_KEY };
}

/** A provisioned tenant for one test. */
export interface TestTenant {
  slug: string;
  schema: string;
  tenant: Tenant;
  /** Executor scoped to the tenant's schema. */
  db: TenantExecutor;
  /** The platform handle of the test database. */
  rootDb: Database;
  /** Deletes the tenant: drops its schema and its Redis keys. */
  dispose(): Promise<void>;
}

/**
 * Provisions a fresh tenant with a random slug, migrated to the latest version, with the
 * platform's defaults (Europe/Moscow, Russian) unless told otherwise. `deps` puts it on
 * other servers than the shared ones (a fault test's own; its platform schema migrated).
 */
export async function createTestTenant(
  options: {
    timeZone?: string;
    locale?: 'ru' | 'en' | 'es';
    deps?: TenantDeps;
    /** The owner's Telegram user id; provisioning makes them the owner admin. */
    ownerTelegramId?: number;
  } = {},
): Promise<TestTenant> {
  const deps = options.deps ?? (await getTestTenantDeps());
  const slug = randomSlug();
  const { tenant } = await provisionTenant(deps, {
    slug,
    botToken: randomBotToken(),
    timeZone: options.timeZone ?? 'Europe/Moscow',
    locale: options.locale ?? 'ru',
    ownerTelegramId: options.ownerTelegramId,
  });
  return {
    slug,
    schema: tenant.schema,
    tenant,
    db: tenantDb(deps.db, tenant.schema),
    rootDb: deps.db,
    dispose: async () => {
      await deleteTenant(deps, slug);
    },
  };
}

/**
 * Records `count` tenants as an older build would have left them: rows at schema
 * version 0 and no schema yet, for `migrateTenants` and `pnpm migrate` to pick up.
 *
 * @returns their slugs.
 */
export async function recordTenantsBehind(
  db: Database,
  count: number,
  prefix = 't',
): Promise<string[]> {
  const slugs = Array.from({ length: count }, () => randomSlug(prefix));
  await db
    .insertInto('platform.tenants')
    .values(
      slugs.map((slug) => ({
        slug,
        schema_name: `tenant_${slug}`,
        bot_token_encrypted: 'v1:x:y:z',
        bot_token_hash: `behind-${slug}`,
        time_zone: 'Europe/Moscow',
        locale: 'ru',
        plan: 'trial',
      })),
    )
    .execute();
  return slugs;
}

/** A database of its own, for tests that need an empty server-wide view (platform migrations). */
export interface ScratchDatabase {
  name: string;
  url: string;
  db: Database;
  /** Closes the handle and drops the database. */
  drop(): Promise<void>;
  /**
   * Makes a database made with `{ plain: true }` on a Citus coordinator a Citus cluster
   * (as an operator adopting Citus would); throws on plain Postgres.
   */
  enableCitus(): Promise<void>;
}

/** Options of {@link createScratchDatabase}. */
export interface ScratchDatabaseOptions {
  /**
   * On a Citus coordinator, leave the new database plain Postgres (no extension, no
   * workers) until {@link ScratchDatabase.enableCitus}. Default false: a scratch database
   * is a Citus cluster whenever the test database is one.
   */
  plain?: boolean;
  /** A database URL of the server to create it on; default {@link TEST_DATABASE_URL}. */
  server?: string;
}

/** Creates an empty database with a random name on the test server. */
export async function createScratchDatabase(
  prefix = 'scratch',
  options: ScratchDatabaseOptions = {},
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomId(10)}`;
  const server = options.server ?? TEST_DATABASE_URL;
  const admin = adminDb(server);
  let workers: URL[] = [];
  try {
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin);
    workers = await citusWorkers(admin, server);
  } finally {
    await admin.destroy();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  if (workers.length > 0 && !options.plain) {
    await prepareCitusDatabase(url, workers);
  }
  let workersPrepared = workers.length > 0 && !options.plain;
  const db = createDb({
    connectionString: url.toString(),
    maxConnections: 20,
    applicationName: 'test',
  });
  return {
    name,
    url: url.toString(),
    db,
    drop: async () => {
      await db.destroy();
      const cleanup = adminDb(server);
      try {
        // Closed pool connections leave the server a moment later; forcing the drop
        // while they do would hand their clients a "terminating connection" error.
        for (let waited = 0; waited < 5_000; waited += 50) {
          const open = await sql<{ n: number }>`
            SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = ${name} AND backend_type = 'client backend'
          `.execute(cleanup);
          if ((open.rows[0]?.n ?? 0) === 0) {
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(cleanup);
      } finally {
        await cleanup.destroy();
      }
      for (const worker of workersPrepared ? workers : []) {
        await withSingleConnection(worker, async (db) => {
          await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(db);
        });
      }
    },
    enableCitus: async () => {
      if (workers.length === 0) {
        throw new Error('the test database is not a Citus coordinator');
      }
      if (!workersPrepared) {
        workersPrepared = true;
        await prepareCitusDatabase(url, workers);
      }
    },
  };
}

/**
 * The worker nodes of the test server when it is a Citus coordinator (URLs of their
 * maintenance database, with the test URL's credentials); empty on plain Postgres.
 */
async function citusWorkers(admin: Kysely<unknown>, server: string): Promise<URL[]> {
  const citus = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'citus'
  `.execute(admin);
  if ((citus.rows[0]?.n ?? 0) === 0) {
    return [];
  }
  const nodes = await sql<{ nodename: string; nodeport: number }>`
    SELECT nodename, nodeport FROM pg_dist_node WHERE groupid <> 0 AND isactive ORDER BY nodeport
  `.execute(admin);
  return nodes.rows.map((node) => {
    const url = new URL(server);
    url.hostname = node.nodename;
    url.port = String(node.nodeport);
    url.pathname = '/postgres';
    return url;
  });
}

/**
 * Makes the new database `url` a Citus cluster like the test database: the database and
 * the extension on every worker, the workers added, schema-based sharding on. Without
 * this a scratch database on a Citus coordinator would silently test plain Postgres.
 */
async function prepareCitusDatabase(url: URL, workers: URL[]): Promise<void> {
  const name = url.pathname.slice(1);
  for (const worker of workers) {
    await withSingleConnection(worker, async (db) => {
      await sql`CREATE DATABASE ${sql.id(name)}`.execute(db);
    });
    const workerDb = new URL(worker);
    workerDb.pathname = `/${name}`;
    await withSingleConnection(workerDb, async (db) => {
      await sql`CREATE EXTENSION citus`.execute(db);
    });
  }
  await withSingleConnection(url, async (db) => {
    await sql`CREATE EXTENSION citus`.execute(db);
    await sql`SELECT citus_set_coordinator_host(${url.hostname}, ${Number(url.port || 5432)})`.execute(
      db,
    );
    for (const worker of workers) {
      await sql`SELECT citus_add_node(${worker.hostname}, ${Number(worker.port)})`.execute(db);
    }
    await sql`ALTER DATABASE ${sql.id(name)} SET citus.enable_schema_based_sharding = on`.execute(
      db,
    );
  });
}

async function withSingleConnection(
  url: URL,
  work: (db: Kysely<unknown>) => Promise<void>,
): Promise<void> {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: url.toString(), max: 1 }),
    }),
  });
  try {
    await work(db);
  } finally {
    await db.destroy();
  }
}

/** Whether the test database is a Citus coordinator (`pnpm test:scale`). */
export async function testDatabaseIsCitus(): Promise<boolean> {
  const admin = adminDb(TEST_DATABASE_URL);
  try {
    return (await citusWorkers(admin, TEST_DATABASE_URL)).length > 0;
  } finally {
    await admin.destroy();
  }
}

function adminDb(server: string): Kysely<unknown> {
  return new Kysely<unknown>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: server, max: 1 }),
    }),
  });
}

/**
 * Puts a job into one of the shared queues of `namespace`, as a bot would, for tests of
 * what reads or removes queued jobs.
 *
 * @returns the job's id.
 */
export async function queueTestJob(
  namespace: string,
  queueName: QueueName,
  job: { name: string; data: { tenant: string } & Record<string, unknown>; options?: JobsOptions },
): Promise<string> {
  const queue = new Queue(queueName, {
    connection: getTestRedis(),
    prefix: queuePrefix(namespace),
  });
  try {
    const added = await queue.add(job.name, job.data, job.options);
    return String(added.id);
  } finally {
    await queue.close();
  }
}

/** Ids of the jobs of `queueName` in `namespace` that have not run yet. */
export async function pendingTestJobIds(
  namespace: string,
  queueName: QueueName,
): Promise<string[]> {
  const queue = new Queue(queueName, {
    connection: getTestRedis(),
    prefix: queuePrefix(namespace),
  });
  try {
    const jobs = await queue.getJobs(['wait', 'delayed', 'paused', 'prioritized']);
    return jobs.map((job) => String(job.id)).sort();
  } finally {
    await queue.close();
  }
}

/** Closes the shared connections; the test setup calls it after each file. */
export async function closeTestConnections(): Promise<void> {
  const db = sharedDb;
  const redis = sharedRedis;
  sharedDb = undefined;
  platformReady = undefined;
  sharedRedis = undefined;
  await Promise.all([db?.destroy(), redis?.quit()]);
}

/** The repository's root folder. */
export const REPO_ROOT: string = fileURLToPath(new URL('../../../../', import.meta.url));

/** Options of {@link runTs}. */
export interface RunTsOptions {
  args?: string[];
  /** The whole environment of the child: nothing of the parent's leaks in but PATH. */
  env?: Record<string, string | undefined>;
  /** Working directory; default a fresh empty temporary folder (so no `.env` is read). */
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

/** What a child process printed and how it ended. */
export interface RunTsResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A TCP port on the loopback interface that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a TypeScript entry point of this repository in a child Node process through
 * tsx, the way an operator or a container would, and leaves it running: for commands
 * that serve until stopped (`pnpm dev`). Its environment is `env` and PATH only.
 *
 * @param file path relative to the repository root, such as `scripts/dev.ts`.
 */
export function spawnTs(
  file: string,
  options: { args?: string[]; env?: Record<string, string | undefined>; cwd?: string } = {},
): ChildProcessWithoutNullStreams {
  const tsx = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');
  return spawn(
    process.execPath,
    ['--import', pathToFileURL(tsx).href, join(REPO_ROOT, file), ...(options.args ?? [])],
    { cwd: options.cwd, env: { PATH: process.env.PATH, ...options.env }, stdio: 'pipe' },
  );
}

/**
 * Runs a TypeScript entry point of this repository in a child Node process through
 * tsx, the way an operator or a container would, and returns its output.
 *
 * @param file path relative to the repository root, such as `scripts/migrate.ts`.
 */
export async function runTs(file: string, options: RunTsOptions = {}): Promise<RunTsResult> {
  const cwd = options.cwd ?? (await mkdtemp(join(tmpdir(), 'run-ts-')));
  return new Promise((resolve, reject) => {
    const child = spawnTs(file, { args: options.args, env: options.env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export { anyText, invisibleText, withInserted } from './arbitraries.js';
export {
  type ScratchPostgres,
  type ScratchRedis,
  startScratchPostgres,
  startScratchRedis,
  startTcpGate,
  type TcpGate,
} from './fault-services.js';
