import type { z } from 'zod';
import { AppError } from '../errors/index.js';

/** One invalid field of an input, as a boundary may show it. */
export interface ValidationIssue {
  /** Dotted path of the field, `''` for the whole input. */
  path: string;
  message: string;
}

/**
 * Parses `input` with `schema`, or throws `AppError('VALIDATION')` whose message
 * names every invalid field and whose `details.issues` lists them as
 * {@link ValidationIssue}s. A string anywhere in the parsed value that holds U+0000 is
 * invalid too, whatever the schema says: Postgres cannot store it in text or jsonb,
 * and would refuse the write with an error that names no field.
 *
 * @param what names the input in the message, e.g. `'service'`.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  const result = schema.safeParse(input);
  const nulAt = result.success ? pathOfNul(result.data, []) : undefined;
  if (result.success && nulAt === undefined) {
    return result.data;
  }
  const issues: ValidationIssue[] = result.success
    ? [{ path: (nulAt ?? []).join('.'), message: 'must not contain the character U+0000' }]
    : result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      }));
  const summary = issues
    .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`))
    .join('; ');
  throw new AppError('VALIDATION', {
    message: `Invalid ${what}: ${summary}`,
    details: { what, issues },
  });
}

/** Path of the first string holding U+0000 in a parsed value, or `undefined`. */
function pathOfNul(value: unknown, path: string[]): string[] | undefined {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? path : undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = pathOfNul(item, [...path, String(index)]);
      if (found) {
        return found;
      }
    }
    return undefined;
  }
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) {
        return [...path, '(a key)'];
      }
      const found = pathOfNul(item, [...path, key]);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}
