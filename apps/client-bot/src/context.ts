import type { BotContext, BotLocale, CallbackCodec } from '@booking/bot-kit';
import type { ConsoleSession } from './features/console/session.js';
import type { ClientJobs } from './jobs/queues.js';
import type { TenantReads } from './reads.js';
import type { TextKey } from './texts/index.js';
import type { TenantTexts } from './texts/translator.js';

/** Where the booking wizard is; kept in the session between button presses. */
export interface Wizard {
  /** Changes with every new wizard, so buttons of an older one are recognised as stale. */
  flow: number;
  /** Set when the wizard moves an existing booking instead of creating one. */
  rescheduleBookingId?: number;
  serviceId?: number;
  staffId?: number | 'any';
  month?: string;
  date?: string;
  /** The page of the day's times on screen (a long day has several). */
  timePage?: number;
  /** Chosen start (ISO) and the specialist free then. */
  startsAt?: string;
  slotStaffId?: number;
  /** The message the wizard edits in place. */
  messageId?: number;
}

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
