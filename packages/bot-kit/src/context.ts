import type { Logger, Tenant, TenantExecutor } from '@booking/core';
import type { Context } from 'telegraf';
import type { BotLocale } from './i18n/i18n.js';

/** The tenant an update belongs to, resolved once at the edge and passed along. */
export interface TenantScope {
  tenant: Tenant;
  /** Executor scoped to the tenant's schema. */
  db: TenantExecutor;
}

/** What every bot's handlers find on the context, besides telegraf's own. */
export interface BotContext<S extends object = object> extends Context {
  scope: TenantScope;
  session: S;
  locale: BotLocale;
  /** Translates a text key into the user's locale (method syntax: apps narrow the keys). */
  t(key: string, params?: Record<string, unknown>): string;
  /** Logger bound to `tenant` and `update_id`. */
  log: Logger;
}
