import type { BotContext, BotLocale, CallbackCodec } from '@booking/bot-kit';
import type { Wizard } from './features/booking/state.js';
import type { ConsoleSession } from './features/console/session.js';
import type { ClientJobs } from './jobs/queues.js';
import type { TenantReads } from './reads.js';
import type { TextKey } from './texts/index.js';
import type { TenantTexts } from './texts/translator.js';

/** What the client bot remembers about a user between updates. */
export interface Session {
  /** A language the user chose explicitly; otherwise Telegram's language_code decides. */
  locale?: BotLocale;
  wizard?: Wizard;
  /** The next free flow number. */
  nextFlow: number;
  /** A question the bot asked and waits for a typed answer to. */
  awaiting?: 'name' | 'phone' | 'feedback_comment';
  /** The name given before the phone, on a first booking. */
  pendingName?: string;
  /**
   * The client record of this Telegram user, once a screen looked it up: a cancellation
   * then needs no lookup first (it checks the booking is this client's itself).
   */
  clientId?: number;
  /** The booking and rating a feedback comment belongs to. */
  feedback?: { bookingId: number; rating: number };
  /** State of the owner's console (staff and admins only), one sub-object per area. */
  console?: ConsoleSession;
}

/** A new session. */
export function initialSession(): Session {
  return { nextFlow: 1 };
}

/** Everything the client bot's handlers need besides the context. */
export interface ClientBotServices {
  codec: CallbackCodec;
  jobs: ClientJobs;
  texts: TenantTexts;
  /** Cached reads for screens. */
  reads: TenantReads;
  /** The clock; tests pass a fixed or shifted one. */
  now: () => Date;
  /** The sales bot's username, where the owner of a suspended tenant renews it. */
  salesBotUsername?: string | undefined;
}

/** The client bot's context. */
export interface ClientContext extends BotContext<Session> {
  t(key: TextKey, params?: Record<string, unknown>): string;
}
