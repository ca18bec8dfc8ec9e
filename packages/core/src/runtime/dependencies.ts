import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Database } from '../db/index.js';
import type { Logger } from '../observability/index.js';

/**
 * Where a connection URL points, as `host:port`, without its user or password: what an
 * operator needs in a log line to tell which server is missing.
 */
export function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Asks Postgres for `SELECT 1` once, at start; when it does not answer within
 * `timeoutMs`, logs one warning that names the server and the reason. It does not
 * throw: `/ready` reports the outage from then on, and the pool connects when the server
 * is back.
 *
 * @returns whether Postgres answered.
 */
export async function checkPostgresAtStart(
  db: Database,
  url: string,
  logger: Logger,
  timeoutMs = 3_000,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([sql`SELECT 1`.execute(db), timeout]);
    return true;
  } catch (error) {
    logger.warn(
      { dependency: 'postgres', endpoint: endpointOf(url), code: codeOf(error) },
      `postgres is unreachable at ${endpointOf(url)}: ${reasonOf(error)}; /ready answers 503 until it answers`,
    );
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Logs a Redis client's outages as an operator wants to read them: one warning when the
 * connection is lost (where, and why), one line when it is back, instead of a line for
 * every reconnection attempt. Also keeps ioredis from printing an unhandled `error`
 * event to stderr, past the logger.
 *
 * @param name which of the process's connections this is, such as `bullmq`.
 */
export function logRedisOutages(redis: Redis, logger: Logger, url: string, name = 'main'): void {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) {
      return;
    }
    down = true;
    logger.warn(
      { dependency: 'redis', connection: name, endpoint: endpointOf(url), code: codeOf(error) },
      `redis is unreachable at ${endpointOf(url)} (${name} connection): ${reasonOf(error)}; retrying`,
    );
  });
  redis.on('ready', () => {
    if (down) {
      down = false;
      logger.info(
        { dependency: 'redis', connection: name, endpoint: endpointOf(url) },
        'redis is reachable again',
      );
    }
  });
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  // Node reports a refused connection to a host with IPv4 and IPv6 addresses as an
  // AggregateError without a message; its first error says what happened.
  const first = error instanceof AggregateError ? (error.errors[0] as unknown) : undefined;
  return error.message || (first instanceof Error ? first.message : error.name);
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
