import { existsSync } from 'node:fs';
import {
  AppError,
  type ConfigValues,
  endpointOf,
  env,
  loadConfigOrExit,
  redactSecrets,
} from '@booking/core';

/** Variables every operator script may need; each script picks what it uses. */
export const SCRIPT_VARIABLES = {
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  REDIS_URL: env.url(['redis', 'rediss']),
  TOKEN_ENCRYPTION_KEY: env.encryptionKey(),
  MIGRATE_CONCURRENCY: env.int(1, 64).default(4),
  SPARE_SCHEMAS: env.int(0, 1000).default(2),
};

type Variables = typeof SCRIPT_VARIABLES;

/**
 * Reads `.env` from the working directory when present (variables already set in the
 * environment win), then validates `shape`, exiting 1 with a message that names every
 * bad variable.
 */
export function loadConfigWithDotEnv<S extends Parameters<typeof loadConfigOrExit>[1]>(
  script: string,
  shape: S,
): ConfigValues<S> {
  if (existsSync('.env')) {
    process.loadEnvFile('.env');
  }
  return loadConfigOrExit(script, shape, process.env);
}

/** {@link loadConfigWithDotEnv} for the named {@link SCRIPT_VARIABLES}. */
export function loadScriptConfig<K extends keyof Variables>(
  script: string,
  names: readonly K[],
): ConfigValues<Pick<Variables, K>> {
  const shape = Object.fromEntries(names.map((name) => [name, SCRIPT_VARIABLES[name]])) as Pick<
    Variables,
    K
  >;
  return loadConfigWithDotEnv(script, shape);
}

/** Prints an error for an operator (redacted, without a stack for expected errors) and exits 1. */
export function fail(error: unknown): never {
  const text =
    error instanceof AppError || error instanceof UsageError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`error: ${redactSecrets(text)}\n`);
  process.exit(1);
}

/**
 * Says once on stderr that Redis cannot be reached (where, and why) while ioredis keeps
 * retrying. Without a listener ioredis prints every failed attempt with its stack,
 * past {@link redactSecrets}.
 */
export function reportRedisOutage(
  redis: { on(event: 'error', listener: (error: Error) => void): unknown },
  url: string,
): void {
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) {
      reported = true;
      process.stderr.write(
        `redis is unreachable at ${endpointOf(url)}: ${redactSecrets(error.message || error.name)}; retrying\n`,
      );
    }
  });
}

/** A wrong command line: the message says what was wrong and how to call the command. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Reports progress on stderr: one rewritten line on a terminal, otherwise a line every
 * `everyMs` and at the end, so CI logs stay short.
 */
export function progressReporter(label: string, everyMs = 2000) {
  const tty = process.stderr.isTTY === true;
  let lastPrint = 0;
  return (done: number, total: number, failed: number): void => {
    const now = Date.now();
    const finished = done === total;
    if (!tty && !finished && now - lastPrint < everyMs && done !== 1) {
      return;
    }
    lastPrint = now;
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const line = `${label}: ${done}/${total} (${percent}%)${failed > 0 ? `, ${failed} failed` : ''}`;
    process.stderr.write(tty ? `\r${line}${finished ? '\n' : ''}` : `${line}\n`);
  };
}
