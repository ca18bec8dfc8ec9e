import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Registry } from 'prom-client';
import { env } from '../config/index.js';
import { createDb, type Database } from '../db/index.js';
import {
  createLogger,
  createMetricsRegistry,
  type Logger,
  type OpsServer,
  type ReadinessCheck,
  startOpsServer,
} from '../observability/index.js';
import { createRedis } from '../redis/index.js';
import { checkPostgresAtStart, logRedisOutages } from './dependencies.js';

/**
 * Environment variables every process of the platform reads. Apps spread these into
 * their own shape and add what only they need.
 */
export const PLATFORM_VARIABLES = {
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  REDIS_URL: env.url(['redis', 'rediss']),
  TOKEN_ENCRYPTION_KEY: env.encryptionKey(),
  LOG_LEVEL: env.oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  OPS_PORT: env.port().default(9090),
  /**
   * Address the ops server listens on. Loopback by default, so `/metrics` is not open to
   * the network; the Dockerfile sets 0.0.0.0, since a container's port is reached from
   * outside it.
   */
  OPS_HOST: env
    .string('an address to listen on, such as 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  INSTANCE_ID: env.string('a replica name such as client-bot-1').optional(),
  DB_POOL_SIZE: env.int(1, 200).default(10),
  /** Server-side limits of every pooled connection, in milliseconds; 0 turns one off. */
  DB_STATEMENT_TIMEOUT_MS: env.int(0, 3_600_000).default(20_000),
  DB_LOCK_TIMEOUT_MS: env.int(0, 3_600_000).default(5_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: env.int(0, 3_600_000).default(60_000),
  /** Longest wait for a Postgres connection, pooled or new. */
  DB_CONNECT_TIMEOUT_MS: env.int(0, 600_000).default(10_000),
  /** Longest wait for a Redis answer, outage included, before a command fails. */
  REDIS_COMMAND_TIMEOUT_MS: env.int(0, 600_000).default(3_000),
};

/** The validated values of {@link PLATFORM_VARIABLES} a runtime needs. */
export interface RuntimeConfig {
  DATABASE_URL: string;
  REDIS_URL: string;
  LOG_LEVEL: string;
  OPS_PORT: number;
  /** Default 127.0.0.1. */
  OPS_HOST?: string;
  INSTANCE_ID?: string | undefined;
  DB_POOL_SIZE: number;
  /** See {@link PLATFORM_VARIABLES}; absent or 0 means no limit. */
  DB_STATEMENT_TIMEOUT_MS?: number;
  DB_LOCK_TIMEOUT_MS?: number;
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS?: number;
  DB_CONNECT_TIMEOUT_MS?: number;
  REDIS_COMMAND_TIMEOUT_MS?: number;
}

/** The shared resources of one process, and how to close them. */
export interface Runtime {
  app: string;
  instance: string;
  logger: Logger;
  db: Database;
  redis: Redis;
  metrics: Registry;
  ops: OpsServer;
  /**
   * Adds a check to `/ready` besides Postgres and Redis: the process's own work (its
   * intake polls, say). `/ready` answers 503 naming it while it rejects.
   */
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  /** Closes the ops server, the pool and Redis, in that order. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens what every process needs: the logger (bound to `app` and `instance`), the
 * Postgres pool, a Redis client, the metrics registry, and the ops server with
 * `/health`, `/ready` (Postgres and Redis answer) and `/metrics` on `OPS_HOST:OPS_PORT`.
 * A Postgres that does not answer at start, and each Redis outage, is logged once,
 * naming the server; neither stops the start (`/ready` reports them).
 */
export async function startRuntime(app: string, config: RuntimeConfig): Promise<Runtime> {
  const instance = config.INSTANCE_ID ?? `${hostname()}-${process.pid}`;
  const logger = createLogger({ app, instance, level: config.LOG_LEVEL });
  const db = createDb({
    connectionString: config.DATABASE_URL,
    maxConnections: config.DB_POOL_SIZE,
    applicationName: app,
    timeouts: {
      statementMs: config.DB_STATEMENT_TIMEOUT_MS,
      lockMs: config.DB_LOCK_TIMEOUT_MS,
      idleInTransactionMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      connectMs: config.DB_CONNECT_TIMEOUT_MS,
    },
    onConnectionError: (error) => logger.warn({ err: error }, 'postgres connection lost'),
  });
  const redis = createRedis(config.REDIS_URL, {
    connectionName: `${app}:${instance}`,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
  });
  logRedisOutages(redis, logger, config.REDIS_URL);
  const metrics = createMetricsRegistry(app);
  // Read by the ops server on every request, so checks added later count.
  const checks: Record<string, ReadinessCheck> = {
    postgres: () => sql`SELECT 1`.execute(db),
    redis: () => redis.ping(),
  };
  const ops = await startOpsServer({
    port: config.OPS_PORT,
    host: config.OPS_HOST ?? '127.0.0.1',
    registry: metrics,
    logger,
    checks,
  });
  await checkPostgresAtStart(db, config.DATABASE_URL, logger);
  let closing: Promise<void> | undefined;
  return {
    app,
    instance,
    logger,
    db,
    redis,
    metrics,
    ops,
    addReadinessCheck(name, check) {
      checks[name] = check;
    },
    close() {
      closing ??= (async () => {
        await ops.close();
        await db.destroy();
        // QUIT waits for an answer, which never comes while Redis is unreachable.
        if (redis.status === 'ready') {
          await redis.quit();
        } else {
          redis.disconnect();
        }
        logger.flush();
      })();
      return closing;
    },
  };
}

/**
 * On SIGTERM or SIGINT: runs `stop` (stop intake, finish in-flight work), closes the
 * runtime and exits 0; a second signal, or a shutdown that takes longer than
 * `timeoutMs`, exits 1 at once.
 */
export function exitOnSignals(
  runtime: Runtime,
  stop: () => Promise<void> = async () => {},
  timeoutMs = 15_000,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      runtime.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    runtime.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      runtime.logger.error({ timeoutMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stop()
      .then(() => runtime.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          runtime.logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
