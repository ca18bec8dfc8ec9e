import { IANAZone } from 'luxon';
import { z } from 'zod';

/** One bad environment variable: its name and what it expects. */
export interface ConfigProblem {
  variable: string;
  problem: 'missing' | 'invalid';
  expected: string;
}

/**
 * Thrown by {@link parseConfig}. Its message names every bad variable at once, so an
 * operator fixes the environment in one go. Values are never echoed: some are secrets.
 */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(app: string, problems: ConfigProblem[]) {
    const lines = problems.map(
      (p) =>
        `  ${p.variable}: ${p.problem === 'missing' ? 'missing' : 'invalid'}; expected ${p.expected}`,
    );
    super(`${app}: invalid configuration\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function variable<T extends z.ZodType>(schema: T, expected: string): T {
  return schema.describe(expected);
}

// `.optional()` and `.default()` wrap a schema in a new one without its description;
// look through the wrappers to find what the variable expects.
function expectedOf(schema: z.ZodType | undefined): string {
  for (let current = schema; current !== undefined; ) {
    if (current.description) {
      return current.description;
    }
    const unwrap = (current as { unwrap?: () => z.ZodType }).unwrap;
    current = typeof unwrap === 'function' ? unwrap.call(current) : undefined;
  }
  return 'a valid value';
}

/**
 * Builders for environment variables. Each carries a description of what it expects,
 * which is what {@link ConfigError} tells the operator.
 */
export const env = {
  /** A non-empty string. */
  string: (expected = 'a non-empty string') => variable(z.string().min(1), expected),
  /** A URL with one of the given schemes. */
  url: (schemes: readonly string[], expected?: string) =>
    variable(
      z.string().refine((value) => {
        try {
          return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      }),
      expected ?? `a ${schemes.map((s) => `${s}://`).join(' or ')} URL`,
    ),
  /** A TCP port. */
  port: () => variable(z.coerce.number().int().min(0).max(65_535), 'a port number 0-65535'),
  /** An integer within bounds. */
  int: (min: number, max: number) =>
    variable(z.coerce.number().int().min(min).max(max), `an integer from ${min} to ${max}`),
  /** `true`/`false`/`1`/`0`. */
  bool: () =>
    variable(
      z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1'),
      'true or false',
    ),
  /** One of a fixed set of words. */
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) =>
    variable(z.enum(values), `one of ${values.join(', ')}`),
  /** An IANA time zone such as Europe/Moscow. */
  timeZone: () =>
    variable(
      z.string().refine((zone) => IANAZone.isValidZone(zone)),
      'an IANA time zone such as Europe/Moscow',
    ),
  /** A 32-byte key, given as 64 hex characters or 44 base64 characters. */
  encryptionKey: () =>
    variable(
      z
        .string()
        .refine((value) => decodeKey(value) !== undefined)
        .transform((value) => decodeKey(value) as Buffer),
      'a 32-byte key as 64 hex characters or base64 (openssl rand -hex 32)',
    ),
};

function decodeKey(value: string): Buffer | undefined {
  if (/^[0-9a-f]{64}$/i.test(value)) {
    return Buffer.from(value, 'hex');
  }
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value)) {
    const key = Buffer.from(value, 'base64');
    return key.length === 32 ? key : undefined;
  }
  return undefined;
}

/** The typed configuration a shape of {@link env} builders produces. */
export type ConfigValues<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

/**
 * Validates `source` (normally `process.env`, passed in by the app's `config.ts`)
 * against `shape` and returns the typed configuration.
 *
 * @throws ConfigError naming every missing or invalid variable.
 */
export function parseConfig<S extends z.ZodRawShape>(
  app: string,
  shape: S,
  source: Record<string, string | undefined>,
): z.infer<z.ZodObject<S>> {
  // An empty variable (`FOO=` in a .env file) means "not set", not "the empty string".
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = z.object(shape).safeParse(present);
  if (result.success) {
    return result.data;
  }
  const problems = new Map<string, ConfigProblem>();
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? '(root)');
    if (problems.has(name)) {
      continue;
    }
    problems.set(name, {
      variable: name,
      problem: present[name] === undefined ? 'missing' : 'invalid',
      expected: expectedOf(shape[name] as z.ZodType | undefined),
    });
  }
  throw new ConfigError(app, [...problems.values()]);
}

/**
 * {@link parseConfig} for a process entry point: on bad configuration it writes the
 * message to stderr and exits with status 1.
 */
export function loadConfigOrExit<S extends z.ZodRawShape>(
  app: string,
  shape: S,
  source: Record<string, string | undefined>,
): ConfigValues<S> {
  try {
    return parseConfig(app, shape, source);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
