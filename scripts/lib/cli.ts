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
  QUEUE_NAMESPACE: env.string('letters, digits, - or _').default('booking'),
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

/** Exit status of a wrong command line (a usage error or an invalid value). */
export const EXIT_USAGE = 2;

/**
 * Prints an error for an operator in one line (redacted; a stack only for a bug) and
 * exits: {@link EXIT_USAGE} when the command line was wrong, 1 when the operation
 * failed. `flags` turns a core input field into the command's flag (`timeZone` ->
 * `--tz`), so the operator reads the name they typed.
 */
export function fail(error: unknown, flags: Record<string, string> = {}): never {
  const known = describeKnownError(error, flags);
  const text = known ?? (error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.stderr.write(`error: ${redactSecrets(text)}\n`);
  process.exit(isUsageMistake(error) ? EXIT_USAGE : 1);
}

function isUsageMistake(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    (error instanceof AppError && (error.code === 'VALIDATION' || error.code === 'INVALID_SLUG'))
  );
}

/**
 * One line for an error an operator can fix, or `undefined` for a bug. Postgres tells
 * a missing database (3D000) and a missing platform table (42P01 on `platform.*`, which
 * `pnpm migrate` creates) by code; connection failures by the socket error's code.
 */
export function describeKnownError(
  error: unknown,
  flags: Record<string, string> = {},
): string | undefined {
  if (error instanceof UsageError) {
    return error.message;
  }
  if (error instanceof AppError) {
    const issues = error.details.issues as Array<{ field: string; message: string }> | undefined;
    if (error.code === 'VALIDATION' && issues) {
      return issues
        .map((issue) => `${flags[issue.field] ?? issue.field} ${issue.message}`)
        .join('; ');
    }
    return error.message;
  }
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (code === '3D000') {
    const name = /database "([^"]+)"/.exec(text)?.[1];
    return `${text}: create it (createdb ${name ?? '<name>'}) or point DATABASE_URL at another database`;
  }
  if ((code === '42P01' || code === '3F000') && /"platform\b/.test(text)) {
    return 'the database has no platform schema yet: run pnpm migrate first';
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `cannot reach the server (${text || String(code)}): is it running, and are DATABASE_URL and REDIS_URL right?`;
  }
  // ioredis gives up a command after its retries while the server stays unreachable.
  if ((error as { name?: unknown } | undefined)?.name === 'MaxRetriesPerRequestError') {
    return 'Redis did not answer: is it running, and is REDIS_URL right?';
  }
  if (code === '28P01' || code === '28000') {
    return `${text}: check the user and password in DATABASE_URL`;
  }
  return undefined;
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
