import { AppError } from '../errors/index.js';

/** What a tenant slug must look like before it ever reaches SQL. */
export const SLUG_PATTERN = /^[a-z][a-z0-9_]{2,40}$/;

/**
 * Checks a tenant slug: a lowercase letter, then 2 to 40 lowercase letters, digits or
 * underscores.
 *
 * @throws AppError `INVALID_SLUG` with a message that says what is allowed.
 */
export function assertValidSlug(slug: string): void {
  if (!SLUG_PATTERN.test(slug)) {
    throw new AppError('INVALID_SLUG', {
      message: `Invalid tenant slug ${JSON.stringify(slug.slice(0, 60))}: use 3 to 41 characters, a lowercase letter first, then lowercase letters, digits or underscores`,
      details: { pattern: SLUG_PATTERN.source },
    });
  }
}

/**
 * The schema of a tenant: `tenant_<slug>`.
 *
 * @throws AppError `INVALID_SLUG` when the slug is not valid.
 */
export function tenantSchemaName(slug: string): string {
  assertValidSlug(slug);
  return `tenant_${slug}`;
}
