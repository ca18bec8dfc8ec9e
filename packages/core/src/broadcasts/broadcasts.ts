import { z } from 'zod';

/** The longest broadcast text: Telegram's limit for one message. */
export const BROADCAST_TEXT_MAX_LENGTH = 4096;

/** What an owner confirms to send. */
export const NewBroadcastSchema = z.object({
  text: z.string().trim().min(1).max(BROADCAST_TEXT_MAX_LENGTH),
  /** The Telegram user who confirmed it (audited as `admin:<id>`). */
  createdBy: z.number().int(),
  /** Where the progress and the report go. */
  chatId: z.number().int(),
  locale: z.string().min(2).max(10),
  /** A message already in `chatId` to edit into the progress (the confirm screen). */
  progressMessageId: z.number().int().positive().optional(),
});
/** See {@link NewBroadcastSchema}. */
export type NewBroadcast = z.input<typeof NewBroadcastSchema>;

/**
 * Where one recipient stands: `pending` until its send ends; `sent`; `blocked` (the
 * client blocked the bot); `failed` (a definite error answer after the retries);
 * `unknown` (the send was under way when the sender died: it may have arrived, so it is
 * never sent again).
 */
export type RecipientOutcome = 'pending' | 'sent' | 'blocked' | 'failed' | 'unknown';

/** A broadcast. */
export interface Broadcast {
  id: number;
  text: string;
  createdBy: number;
  chatId: number;
  locale: string;
  progressMessageId: number | null;
  status: 'sending' | 'done';
  total: number;
  createdAt: Date;
  finishedAt: Date | null;
}

/** How many recipients of a broadcast stand at each outcome. */
export type BroadcastCounts = Record<RecipientOutcome, number>;

/** A recipient still to send to. */
export interface PendingRecipient {
  clientId: number;
  telegramUserId: number;
}
