import type {
  TgContact,
  TgDocument,
  TgMessageEntity,
  TgReplyKeyboardMarkup,
  TgReplyMarkup,
  TgSticker,
} from './telegram-types.js';

/** A bot as the control API describes it. */
export interface SandboxBot {
  readonly id: number;
  readonly token: string;
  readonly username: string;
  readonly firstName: string;
}

/** A simulated Telegram user. */
export interface SandboxUser {
  readonly id: number;
  readonly first_name: string;
  readonly last_name?: string;
  readonly username?: string;
  readonly language_code?: string;
  /** Shared when the user presses a `request_contact` button. */
  readonly phone_number: string;
}

/** What the bot answered to a button press. */
export interface CallbackAnswer {
  readonly text?: string;
  readonly showAlert: boolean;
  readonly url?: string;
  readonly cacheTime?: number;
}

/** One press of an inline button and what became of it. */
export interface CallbackRecord {
  readonly callbackQueryId: string;
  readonly messageId: number;
  readonly data: string;
  /** The button's text; `(data)` for a press of raw data (`pressData`). */
  readonly label: string;
  /** Set when the bot called answerCallbackQuery (the first answer). */
  answer?: CallbackAnswer;
  /** How many times the bot called answerCallbackQuery for it; Telegram accepts only one. */
  answerCount: number;
  readonly seq: number;
}

/** One message of a chat as a person would see it now. */
export interface TranscriptMessage {
  readonly messageId: number;
  readonly from: 'user' | 'bot';
  /** Text or caption, after HTML parsing and edits. */
  readonly text: string;
  readonly entities: TgMessageEntity[];
  readonly contact?: TgContact;
  readonly document?: TgDocument;
  /** A sticker; its `text` is empty. */
  readonly sticker?: TgSticker;
  /** The markup as sent or last edited (inline keyboards, or the reply keyboard it showed). */
  readonly replyMarkup?: TgReplyMarkup;
  readonly replyToMessageId?: number;
  readonly date: number;
  readonly edited: boolean;
  readonly deleted: boolean;
  /** Sequence number at creation; later events have larger numbers. */
  readonly seq: number;
  /** Sequence number of the last change (creation, edit or deletion). */
  readonly changedSeq: number;
}

/** A chat between one bot and one user. */
export interface Transcript {
  readonly bot: { readonly id: number; readonly username: string };
  readonly user: SandboxUser;
  readonly blocked: boolean;
  /** The reply keyboard currently shown under the input field, if any. */
  readonly replyKeyboard?: TgReplyKeyboardMarkup;
  readonly messages: TranscriptMessage[];
  readonly callbacks: CallbackRecord[];
  readonly lastChatAction?: { readonly action: string; readonly seq: number };
  /** The bot's command menu (setMyCommands). */
  readonly commands: readonly { readonly command: string; readonly description: string }[];
  /** Sequence number of the last change in this chat (0 when nothing happened). */
  readonly version: number;
}

/** Renders a transcript as readable lines, for failing waits and debugging. */
export function formatTranscript(transcript: Transcript): string {
  const lines = [
    `Chat @${transcript.bot.username} <-> ${transcript.user.first_name} (${transcript.user.id})${transcript.blocked ? ' [bot blocked by user]' : ''}`,
  ];
  if (transcript.messages.length === 0) {
    lines.push('  (no messages)');
  }
  for (const message of transcript.messages) {
    const arrow = message.from === 'user' ? 'user ->' : '<- bot ';
    const flags = [message.edited ? 'edited' : '', message.deleted ? 'deleted' : '']
      .filter(Boolean)
      .join(', ');
    let body = message.text;
    if (message.contact) {
      body = `[contact ${message.contact.phone_number}]`;
    }
    if (message.sticker) {
      body = message.sticker.emoji ? `[sticker ${message.sticker.emoji}]` : '[sticker]';
    }
    if (message.document) {
      body = `[document ${message.document.file_name ?? message.document.file_id}] ${body}`;
    }
    lines.push(
      `  #${message.messageId} ${arrow} ${JSON.stringify(body)}${flags ? ` (${flags})` : ''}`,
    );
    const markup = message.replyMarkup;
    if (markup && 'inline_keyboard' in markup) {
      for (const row of markup.inline_keyboard) {
        lines.push(`      ${row.map((button) => `[${button.text}]`).join(' ')}`);
      }
    }
  }
  if (transcript.replyKeyboard) {
    lines.push('  reply keyboard:');
    for (const row of transcript.replyKeyboard.keyboard) {
      lines.push(`      ${row.map((button) => `{${button.text}}`).join(' ')}`);
    }
  }
  for (const callback of transcript.callbacks) {
    const answer = callback.answer
      ? `answered${callback.answer.text ? ` ${JSON.stringify(callback.answer.text)}` : ''}`
      : 'not answered';
    lines.push(`  pressed [${callback.label}] on #${callback.messageId}: ${answer}`);
  }
  return lines.join('\n');
}
