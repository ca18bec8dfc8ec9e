import type { BotContext, CallbackCodec, TelegramPool } from '@booking/bot-kit';
import type { OperatorDeps, OperatorTenantFilter } from '@booking/core';
import type { OwnerBroadcaster } from './jobs/owner-broadcasts.js';
import type { TextKey } from './texts/index.js';

/** What every master bot handler reaches through `ctx.scope`. */
export interface MasterScope {
  deps: OperatorDeps;
  /** Telegram ids of the operators: nobody else is answered. */
  operators: ReadonlySet<number>;
  codec: CallbackCodec;
  /** Rate-limited clients of the tenants' own bots, for messages to their owners. */
  telegrams: TelegramPool;
  /** Sends the operators' messages to owners in the background. */
  broadcasts: OwnerBroadcaster;
}

/** The audiences of a message to owners. */
export type Audience = 'all' | 'active' | 'suspended' | 'expiring';

/** What the bot waits for the operator to type next. */
export type PendingInput =
  | { kind: 'extend' | 'plan' | 'delete'; slug: string }
  | { kind: 'broadcast'; audience: Audience; search?: string };

/** An operator's session. */
export interface MasterSession {
  pending?: PendingInput;
  /** A typed broadcast waiting for "Send". */
  broadcast?: { audience: Audience; search?: string; text: string };
  /** The last search, for the list's paging buttons. */
  search?: string;
}

/** The master bot's context. */
export type MasterContext = BotContext<MasterSession, MasterScope> & {
  t: (key: TextKey, params?: Record<string, string | number>) => string;
};

/** The tenant filter of an audience. */
export function audienceFilter(audience: Audience, search?: string): OperatorTenantFilter {
  switch (audience) {
    case 'all':
      return { search, statuses: ['active', 'suspended'] };
    case 'active':
      return { search, statuses: ['active'] };
    case 'suspended':
      return { search, statuses: ['suspended'] };
    case 'expiring':
      return { search, statuses: ['active', 'suspended'], expiringSoon: true };
  }
}
