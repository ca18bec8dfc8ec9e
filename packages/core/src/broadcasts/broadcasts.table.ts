import type { ColumnType, Generated, Selectable } from 'kysely';

/** `broadcasts`: a message an owner sends to every client of the tenant. */
export interface BroadcastsTable {
  id: Generated<number>;
  text: string;
  /** The Telegram user who confirmed it. */
  created_by: number;
  /** Where its progress and report go (the owner's chat). */
  chat_id: number;
  /** The locale of the progress and the report. */
  locale: string;
  /** The message that shows the progress, once there is one. */
  progress_message_id: number | null;
  status: ColumnType<'sending' | 'done', 'sending' | 'done' | undefined, 'sending' | 'done'>;
  /** How many recipients it was confirmed for. */
  total: number;
  created_at: ColumnType<Date, Date | undefined, never>;
  finished_at: Date | null;
}

/** `broadcast_recipients`: one client of a broadcast and the outcome of its send. */
export interface BroadcastRecipientsTable {
  broadcast_id: number;
  client_id: number;
  telegram_user_id: number;
  outcome: ColumnType<RecipientOutcomeColumn, RecipientOutcomeColumn | undefined>;
  finished_at: Date | null;
}

type RecipientOutcomeColumn = 'pending' | 'sent' | 'blocked' | 'failed' | 'unknown';

/** A selected `broadcasts` row. */
export type BroadcastRow = Selectable<BroadcastsTable>;
/** A selected `broadcast_recipients` row. */
export type BroadcastRecipientRow = Selectable<BroadcastRecipientsTable>;
