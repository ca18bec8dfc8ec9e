import type { Redis } from 'ioredis';
import { z } from 'zod';
import { SLUG_PATTERN } from './slug.js';

/**
 * The Redis pub/sub channel on which core's tenant operations announce a change, so
 * that running fleets (`client-bot --fleet`) pick it up within a second instead of at
 * their next periodic re-read.
 */
export const TENANT_CHANGES_CHANNEL = 'p:{platform}:tenant-changes';

/** What happened to a tenant. */
export const TENANT_CHANGES = [
  'provisioned',
  'suspended',
  'resumed',
  'deleted',
  'token',
  'pinned',
  'unpinned',
  'bot_status',
] as const;
/** One of {@link TENANT_CHANGES}. */
export type TenantChange = (typeof TENANT_CHANGES)[number];

/** A notice on {@link TENANT_CHANGES_CHANNEL}. */
export const TenantChangeNoticeSchema = z.object({
  slug: z.string().regex(SLUG_PATTERN),
  change: z.enum(TENANT_CHANGES),
});
/** A notice on {@link TENANT_CHANGES_CHANNEL}. */
export type TenantChangeNotice = z.infer<typeof TenantChangeNoticeSchema>;

/**
 * Announces a committed change of a tenant. Best effort: a notice lost while Redis is
 * away is made up for by the fleets' periodic re-read of `platform.tenants`, so a
 * failure is returned, never thrown (the change itself is done).
 *
 * @returns whether Redis took the notice.
 */
export async function publishTenantChange(
  redis: Redis,
  slug: string,
  change: TenantChange,
): Promise<boolean> {
  const notice: TenantChangeNotice = { slug, change };
  return redis.publish(TENANT_CHANGES_CHANNEL, JSON.stringify(notice)).then(
    () => true,
    () => false,
  );
}

/** The notice in a message of {@link TENANT_CHANGES_CHANNEL}, or `undefined` if it is none. */
export function parseTenantChange(message: string): TenantChangeNotice | undefined {
  try {
    const parsed = TenantChangeNoticeSchema.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
