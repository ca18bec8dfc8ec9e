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
 * {@link ValidationIssue}s.
 *
 * @param what names the input in the message, e.g. `'service'`.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
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
