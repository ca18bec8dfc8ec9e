/**
 * Many tenants at once, for fleet tests and `bench/fleet`: a scratch database of their
 * own (a fleet serves every tenant of its database, so it must not see other tests'),
 * filled fast. Test-only: production code never imports this file.
 */
import {
  createSpareSchema,
  migratePlatform,
  provisionTenant,
  type TenantDeps,
} from '@booking/core';
import {
  createScratchDatabase,
  getTestRedis,
  randomBotToken,
  randomSlug,
  type ScratchDatabase,
  TEST_ENCRYPTION_KEY,
} from '@booking/core/testing';

/** A database of its own, with its platform schema, and what tenant operations need there. */
export interface FleetDatabase {
  scratch: ScratchDatabase;
  deps: TenantDeps;
}

/** A scratch database with the platform schema migrated. */
export async function createFleetDatabase(prefix = 'fleet'): Promise<FleetDatabase> {
  const scratch = await createScratchDatabase(prefix);
  await migratePlatform(scratch.db);
  return {
    scratch,
    deps: { db: scratch.db, redis: getTestRedis(), encryptionKey: TEST_ENCRYPTION_KEY },
  };
}

/** Runs `work(i)` for `0 <= i < count`, `concurrency` at a time. */
export async function inParallel<T>(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/**
 * Provisions `count` tenants. Their schemas are made first as spare schemas, several at
 * a time (creating a schema is most of provisioning's cost, and one at a time takes
 * about half a second each on a busy machine); provisioning then only renames one.
 *
 * @returns slugs and tokens, in order.
 */
export async function provisionMany(
  deps: TenantDeps,
  count: number,
  options: {
    concurrency?: number;
    prefix?: string;
    /**
     * Called with each tenant's slug and token before it is provisioned: a running fleet
     * starts serving it at once, so its bot must exist on the emulator by then.
     */
    beforeProvision?: (slug: string, token: string) => void;
  } = {},
): Promise<Array<{ slug: string; token: string }>> {
  const concurrency = options.concurrency ?? 6;
  await inParallel(count, concurrency, () => createSpareSchema(deps.db));
  return inParallel(count, concurrency, async () => {
    const slug = randomSlug(options.prefix ?? 'f');
    const token = randomBotToken();
    options.beforeProvision?.(slug, token);
    await provisionTenant(deps, { slug, botToken: token, locale: 'en' });
    return { slug, token };
  });
}
