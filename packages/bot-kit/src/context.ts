import type { Logger, Tenant, TenantExecutor } from '@booking/core';
import type { Context } from 'telegraf';
import type { BotLocale } from './i18n/i18n.js';

/** The tenant an update belongs to, resolved once at the edge and passed along. */
export interface TenantScope {
  tenant: Tenant;
  /** Executor scoped to the tenant's schema. */
  db: TenantExecutor;
}

/**
 * What every bot's handlers find on the context, besides telegraf's own. `Scope` is what
 * the bot serves: a tenant for the booking bot (the default), the platform for the sales
 * and master bots.
 */
export interface BotContext<S extends object = object, Scope = TenantScope> extends Context {
  scope: Scope;
  session: S;
  locale: BotLocale;
  /** Translates a text key into the user's locale (method syntax: apps narrow the keys). */
  t(key: string, params?: Record<string, unknown>): string;
  /** Logger bound to the bot's scope and `update_id`. */
  log: Logger;
}

/** Any bot's context, whatever its session and scope. */
// biome-ignore lint/suspicious/noExplicitAny: the widest context, for plumbing that reads neither.
export type AnyBotContext = BotContext<any, unknown>;
