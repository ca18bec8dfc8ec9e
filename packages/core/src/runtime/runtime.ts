import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Registry } from 'prom-client';
import { env } from '../config/index.js';
import { createDb, type Database } from '../db/index.js';
import {
  DEFAULT_HTTP_MAX_BODY_BYTES,
  DEFAULT_HTTP_TIMEOUT_MS,
  HttpRouter,
  type HttpRoutes,
  startHttpServer,
} from '../http/index.js';
import {
  createLogger,
  createMetricsRegistry,
  LOOPBACK_SOURCES,
  type Logger,
  opsAccess,
  type ReadinessCheck,
  registerOpsRoutes,
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
  /** Port of the process's one HTTP server: ops routes, Telegram webhooks, app routes. */
  OPS_PORT: env.port().default(9090),
  /**
   * Address the one HTTP server listens on. Loopback by default; the Dockerfile sets
   * 0.0.0.0, since a container's port is reached from outside it.
   */
  OPS_HOST: env
    .string('an address to listen on, such as 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  /**
   * Sources that may read `/metrics` and `/ready`'s details, comma-separated addresses
   * or CIDR ranges. Default loopback only: the same port takes Telegram's webhooks.
   */
  OPS_ALLOW_FROM: env
    .string('comma-separated IP addresses or CIDR ranges, such as 127.0.0.1,10.0.0.0/8')
    .optional(),
  /** A bearer token that may read `/metrics` and `/ready`'s details from anywhere. */
  OPS_TOKEN: env.string('a bearer token').optional(),
  /** Largest request body the HTTP server reads, in bytes. */
  HTTP_MAX_BODY_BYTES: env.int(1_024, 64 * 1024 * 1024).default(DEFAULT_HTTP_MAX_BODY_BYTES),
  /** Longest an HTTP request may take; above UPDATE_TIME_LIMIT_MS, so webhooks finish. */
  HTTP_TIMEOUT_MS: env.int(1_000, 600_000).default(DEFAULT_HTTP_TIMEOUT_MS),
  INSTANCE_ID: env.string('a replica name such as client-bot-1').optional(),
  DB_POOL_SIZE: env.int(1, 200).default(10),
  /** Server-side limits of every pooled connection, in milliseconds; 0 turns one off. */
  DB_STATEMENT_TIMEOUT_MS: env.int(0, 3_600_000).default(20_000),
  DB_LOCK_TIMEOUT_MS: env.int(0, 3_600_000).default(5_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: env.int(0, 3_600_000).default(60_000),
  /** Longest wait for a Postgres connection, pooled or new. */
  DB_CONNECT_TIMEOUT_MS: env.int(0, 600_000).default(10_000),
  /** On Citus: tenant statements straight to the worker of the schema (see `createDb`). */
  DB_CITUS_NODE_ROUTING: env.bool().default(true),
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
  /** Comma-separated; default loopback. See {@link PLATFORM_VARIABLES}. */
  OPS_ALLOW_FROM?: string | undefined;
  OPS_TOKEN?: string | undefined;
  HTTP_MAX_BODY_BYTES?: number | undefined;
  HTTP_TIMEOUT_MS?: number | undefined;
  INSTANCE_ID?: string | undefined;
  DB_POOL_SIZE: number;
  /** See {@link PLATFORM_VARIABLES}; absent or 0 means no limit. */
  DB_STATEMENT_TIMEOUT_MS?: number;
  DB_LOCK_TIMEOUT_MS?: number;
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS?: number;
  DB_CONNECT_TIMEOUT_MS?: number;
  /** Default true. */
  DB_CITUS_NODE_ROUTING?: boolean;
  REDIS_COMMAND_TIMEOUT_MS?: number;
}

/** The process's one HTTP server: where bot-kit and apps add their routes. */
export interface RuntimeHttp extends HttpRoutes {
  /** The port it listens on (the one picked, when `OPS_PORT` is 0). */
  port: number;
}

/** The shared resources of one process, and how to close them. */
export interface Runtime {
  app: string;
  instance: string;
  logger: Logger;
  db: Database;
  redis: Redis;
  metrics: Registry;
  /** The one HTTP server, with `/health`, `/ready` and `/metrics` already routed. */
  http: RuntimeHttp;
  /**
   * Adds a check to `/ready` besides Postgres and Redis: the process's own work (its
   * intake polls, say). `/ready` answers 503 naming it while it rejects.
   */
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  /** Closes the HTTP server, the pool and Redis, in that order. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens what every process needs: the logger (bound to `app` and `instance`), the
 * Postgres pool, a Redis client, the metrics registry, and the process's one HTTP server
 * on `OPS_HOST:OPS_PORT` with `/health`, `/ready` (Postgres and Redis answer) and
 * `/metrics` (the last two's details for `OPS_ALLOW_FROM` or `OPS_TOKEN` only).
 * A Postgres that does not answer at start, and each Redis outage, is logged once,
 * naming the server; neither stops the start (`/ready` reports them).
 */
export async function startRuntime(app: string, config: RuntimeConfig): Promise<Runtime> {
  const instance = config.INSTANCE_ID ?? `${hostname()}-${process.pid}`;
  // First, so that a mistake in the list stops the start before anything is opened.
  const trusted = opsAccess({
    allowFrom: config.OPS_ALLOW_FROM?.split(',') ?? LOOPBACK_SOURCES,
    token: config.OPS_TOKEN,
  });
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
    nodeRouting: config.DB_CITUS_NODE_ROUTING ?? true,
  });
  const redis = createRedis(config.REDIS_URL, {
    connectionName: `${app}:${instance}`,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
  });
  logRedisOutages(redis, logger, config.REDIS_URL);
  const metrics = createMetricsRegistry(app);
  // Read by `/ready` on every request, so checks added later count.
  const checks: Record<string, ReadinessCheck> = {
    postgres: () => sql`SELECT 1`.execute(db),
    redis: () => redis.ping(),
  };
  const router = new HttpRouter();
  registerOpsRoutes(router, {
    registry: metrics,
    logger,
    checks,
    trusted,
  });
  const server = await startHttpServer({
    port: config.OPS_PORT,
    host: config.OPS_HOST ?? '127.0.0.1',
    router,
    logger,
    maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
    timeoutMs: config.HTTP_TIMEOUT_MS,
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
    http: {
      port: server.port,
      route: (method, pattern, handler) => router.route(method, pattern, handler),
    },
    addReadinessCheck(name, check) {
      checks[name] = check;
    },
    close() {
      closing ??= (async () => {
        await server.close();
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
