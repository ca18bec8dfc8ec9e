import type { BotContext, BotLocale } from '@booking/bot-kit';
import type { BillingDeps, TenantDeps } from '@booking/core';
import type { TextKey } from './texts/index.js';

/**
 * Where a prospect is in the checkout wizard. Only the answers typed so far live in the
 * session; the order, its payment and what was paid live in Postgres.
 */
export interface CheckoutState {
  planCode: string;
  /** Set when the checkout renews this subscription instead of buying a new bot. */
  renewSubscriptionId?: number;
  businessName?: string;
  email?: string;
  /**
   * The order made from these answers: pressing the auto-renewal answer again (after
   * YooKassa did not answer) retries the same order, so its Idempotence-Key never makes
   * a second payment.
   */
  orderId?: number;
}

/** What the sales bot remembers about a user between updates. */
export interface Session {
  checkout?: CheckoutState;
  /** A question the bot asked and waits for a typed answer to. */
  awaiting?: 'business' | 'email' | 'token';
}

/** A new session. */
export function initialSession(): Session {
  return {};
}

/** What the storefront tells prospects, from the configuration. */
export interface StorefrontInfo {
  /** The demo salon's bot, `https://t.me/<username>`. */
  demoBotUrl: string;
  /** Where prospects get help: `@username`, a link or an email. */
  supportContact: string;
  /** The checkout asks about auto-renewal (YooKassa allows the shop autopayments). */
  offerAutoRenewal?: boolean;
}

/** Everything the sales bot's handlers need besides the context. */
export interface SalesBotServices {
  billing: BillingDeps;
  tenants: TenantDeps;
  /** The Bot API root the owners' bots are checked against (`getMe`). */
  apiRoot: string;
  storefront: StorefrontInfo;
  /** Where YooKassa sends a payer back: the sales bot's own t.me link. */
  returnUrl: () => string;
  /** The clock; tests pass a shifted one. */
  now: () => Date;
}

/** The sales bot serves the platform, not a tenant. */
export interface SalesScope {
  bot: 'sales';
}

/** The sales bot's context. */
export interface SalesContext extends BotContext<Session, SalesScope> {
  t(key: TextKey, params?: Record<string, unknown>): string;
}

/** The locale an order or tenant keeps for a Telegram locale (Spanish speakers read English). */
export function orderLocale(locale: BotLocale): 'ru' | 'en' {
  return locale === 'ru' ? 'ru' : 'en';
}
