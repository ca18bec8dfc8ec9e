import type { Database } from '../db/index.js';
import {
  getSubscription,
  listSubscriptionsByOwner,
  type Subscription,
} from '../subscriptions/index.js';
import { getTenant, type Tenant } from '../tenants/index.js';
import { listTenantSlugsByIds } from './owner-bots.repository.js';

/** A subscription of an owner with its bot's tenant (none while onboarding is unfinished). */
export interface OwnerBot {
  subscription: Subscription;
  tenant: Tenant | undefined;
}

async function withTenants(db: Database, subscriptions: Subscription[]): Promise<OwnerBot[]> {
  const ids = subscriptions.flatMap((subscription) =>
    subscription.tenantId === null ? [] : [subscription.tenantId],
  );
  const slugs = new Map((await listTenantSlugsByIds(db, ids)).map((row) => [row.id, row.slug]));
  return Promise.all(
    subscriptions.map(async (subscription) => {
      const slug = subscription.tenantId === null ? undefined : slugs.get(subscription.tenantId);
      return { subscription, tenant: slug === undefined ? undefined : await getTenant(db, slug) };
    }),
  );
}

/** An owner's subscriptions with their bots' tenants, oldest first; deleted bots left out. */
export async function listOwnerBots(db: Database, ownerTelegramId: number): Promise<OwnerBot[]> {
  const bots = await withTenants(db, await listSubscriptionsByOwner(db, ownerTelegramId));
  return bots.filter((bot) => bot.tenant?.status !== 'deleted');
}

/**
 * A subscription with its bot's tenant.
 *
 * @throws AppError `NOT_FOUND` for an unknown subscription.
 */
export async function getOwnerBot(db: Database, subscriptionId: number): Promise<OwnerBot> {
  const [bot] = await withTenants(db, [await getSubscription(db, subscriptionId)]);
  return bot as OwnerBot;
}
