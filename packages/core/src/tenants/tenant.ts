import type { BotStatus, TenantStatus } from '../db/index.js';

export type { BotStatus, TenantStatus } from '../db/index.js';

/** Locales the bots speak. */
export const SUPPORTED_LOCALES = ['ru', 'en', 'es'] as const;
/** One of {@link SUPPORTED_LOCALES}. */
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** A tenant as the rest of the platform sees it. The bot token stays encrypted here. */
export interface Tenant {
  id: number;
  slug: string;
  /** `tenant_<slug>`: the Postgres schema holding the tenant's tables. */
  schema: string;
  status: TenantStatus;
  botUsername: string | null;
  ownerTelegramId: number | null;
  timeZone: string;
  locale: Locale;
  plan: string;
  paidUntil: Date | null;
  schemaVersion: number;
  /** Served by a container of its own (`client-bot --tenant`); `client-bot --fleet` skips it. */
  pinned: boolean;
  /** Whether Telegram takes the bot token; `token_rejected` until a new one is stored. */
  botStatus: BotStatus;
  /** When {@link botStatus} last changed; `null` while it never did. */
  botStatusAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
