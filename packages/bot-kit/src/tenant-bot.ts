import type { Database, Tenant } from '@booking/core';
import { tenantDb, tenantKeyPrefix } from '@booking/core';
import type { Middleware } from 'telegraf';
import { type Bot, type BotOptions, createBot } from './bot.js';
import type { BotContext, TenantScope } from './context.js';

/** Options of {@link createTenantBot}: the generic bot's, with the tenant in place of a scope. */
export interface TenantBotOptions<S extends object>
  extends Omit<
    BotOptions<S, TenantScope>,
    'scope' | 'keyPrefix' | 'logBindings' | 'fallbackLocale'
  > {
  tenant: Tenant;
  db: Database;
}

/** A tenant's bot, ready for an intake (polling or webhook) to feed. */
export type TenantBot<C extends BotContext> = Bot<C>;

/**
 * A tenant's bot: the generic bot scoped to the tenant (its schema, its Redis prefix
 * `t:{slug}:`, its log field, its language for users whose own it does not speak).
 */
export function createTenantBot<S extends object, C extends BotContext<S>>(
  options: TenantBotOptions<S>,
  features: ReadonlyArray<Middleware<C>>,
): TenantBot<C> {
  const { tenant, db, ...rest } = options;
  return createBot<S, TenantScope, C>(
    {
      ...rest,
      scope: { tenant, db: tenantDb(db, tenant.schema) },
      keyPrefix: tenantKeyPrefix(tenant.slug),
      logBindings: { tenant: tenant.slug },
      fallbackLocale: tenant.locale,
    },
    features,
  );
}
