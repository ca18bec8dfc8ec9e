import type {
  CallbackPressResult,
  PressOptions,
  PressResult,
  UserDocument,
} from '../telegram/telegram-emulator.js';
import type {
  TgContact,
  TgInlineKeyboardButton,
  TgKeyboardButton,
} from '../telegram/telegram-types.js';
import {
  type CallbackAnswer,
  formatTranscript,
  type Transcript,
  type TranscriptMessage,
} from '../telegram/transcript.js';
import type { ChatTransport } from './chat-transport.js';

/** Default wait for bot reactions, in milliseconds: long enough for a bot, short enough to fail fast. */
export const DEFAULT_WAIT_TIMEOUT_MS = 3_000;

/** Options of the waits. */
export interface WaitOptions {
  /** Milliseconds before the wait fails; defaults to the chat's timeout (3 s unless configured). */
  readonly timeout?: number;
}

/** Thrown when a wait times out; the message ends with the chat transcript. */
export class SandboxWaitError extends Error {
  constructor(
    what: string,
    timeoutMs: number,
    readonly transcript: Transcript,
  ) {
    super(`Timed out after ${timeoutMs} ms waiting for ${what}.\n${formatTranscript(transcript)}`);
    this.name = 'SandboxWaitError';
  }
}

/**
 * One user's chat with one bot, driven like a person would: send, press, wait, read.
 *
 * The chat keeps a cursor: `send` and `press` move it to the user's action, and the waits
 * only consider bot messages sent or edited after the cursor, then move it to the message
 * they return. So `await chat.send('/start'); await chat.waitFor(/Welcome/)` never matches
 * an older greeting.
 */
export class SandboxChat {
  private cursor = 0;
  private snapshot: Transcript | undefined;
  private lastCallbackQueryId: string | undefined;

  constructor(
    private readonly transport: ChatTransport,
    private readonly defaultTimeoutMs: number = DEFAULT_WAIT_TIMEOUT_MS,
  ) {}

  /**
   * Sends text as the user; a leading `/command` becomes a bot_command entity. A text longer
   * than 4096 characters goes out as several messages of at most 4096 characters, as a
   * Telegram client sends it (commands are detected in the first part only); returns the
   * last part and moves the cursor past all of them.
   */
  async send(text: string): Promise<TranscriptMessage> {
    const message = await this.transport.sendText(text);
    this.cursor = Math.max(this.cursor, message.seq);
    return message;
  }

  /** Shares the user's own contact (or the given one), as a `request_contact` button does. */
  async sendContact(contact?: Partial<TgContact>): Promise<TranscriptMessage> {
    const message = await this.transport.sendContact(contact);
    this.cursor = Math.max(this.cursor, message.seq);
    return message;
  }

  /** Sends a file as the user. */
  async sendDocument(file: UserDocument): Promise<TranscriptMessage> {
    const message = await this.transport.sendDocument(file);
    this.cursor = Math.max(this.cursor, message.seq);
    return message;
  }

  /** Sends a sticker (a static 512x512 `regular` sticker with this emoji) as the user. */
  async sendSticker(emoji = '👍'): Promise<TranscriptMessage> {
    const message = await this.transport.sendSticker(emoji);
    this.cursor = Math.max(this.cursor, message.seq);
    return message;
  }

  /**
   * A forged or replayed button press: sends a `callback_query` with arbitrary `data`
   * (1..64 bytes in UTF-8, else it throws) on message `messageId`, or by default on the
   * newest bot message with an inline keyboard (throws with the transcript when there is
   * none). Telegram does not check the data against the message's buttons, so neither does
   * the sandbox. Moves the cursor to the press; {@link waitForCallbackAnswer} then waits
   * for the bot's answer to it.
   */
  async pressData(data: string, options: PressOptions = {}): Promise<CallbackPressResult> {
    const result = await this.transport.pressData(data, options);
    await this.afterCallbackPress(result);
    return result;
  }

  /**
   * Presses a button by its exact label: an inline button on the newest bot message that
   * has it, else a button of the reply keyboard. Waits (up to the timeout) for such a button
   * to appear, then throws with the transcript.
   */
  async press(label: string, options: PressOptions & WaitOptions = {}): Promise<PressResult> {
    const { timeout, ...pressOptions } = options;
    const result = await this.pressWhenShown(label, pressOptions, timeout ?? this.defaultTimeoutMs);
    if (result.kind === 'reply') {
      this.cursor = Math.max(this.cursor, result.message.seq);
    } else if (result.kind === 'callback') {
      await this.afterCallbackPress(result);
    }
    return result;
  }

  private async afterCallbackPress(result: CallbackPressResult): Promise<void> {
    this.lastCallbackQueryId = result.callbackQueryId;
    const transcript = await this.refresh();
    const record = transcript.callbacks.find(
      (callback) => callback.callbackQueryId === result.callbackQueryId,
    );
    this.cursor = Math.max(this.cursor, record?.seq ?? transcript.version);
  }

  private async pressWhenShown(
    label: string,
    options: PressOptions,
    timeoutMs: number,
  ): Promise<PressResult> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const version = (await this.refresh()).version;
      try {
        return await this.transport.press(label, options);
      } catch (error) {
        const remaining = deadline - Date.now();
        if (!(error instanceof Error && error.message.startsWith('No button')) || remaining <= 0) {
          throw error;
        }
        this.snapshot = await this.transport.waitForChange(version, remaining);
      }
    }
  }

  /**
   * Waits for a bot message, new or edited after the cursor, whose text contains `expected`
   * (a string) or matches it (a RegExp). Returns it and moves the cursor past it.
   */
  async waitFor(expected: string | RegExp, options: WaitOptions = {}): Promise<TranscriptMessage> {
    const matches = (message: TranscriptMessage) =>
      typeof expected === 'string' ? message.text.includes(expected) : expected.test(message.text);
    const description = `a bot message ${typeof expected === 'string' ? `containing ${JSON.stringify(expected)}` : `matching ${expected}`} after the cursor (seq ${this.cursor})`;
    const message = await this.waitUntil(description, options, (transcript) =>
      transcript.messages.find(
        (candidate) =>
          candidate.from === 'bot' &&
          !candidate.deleted &&
          candidate.changedSeq > this.cursor &&
          matches(candidate),
      ),
    );
    this.cursor = Math.max(this.cursor, message.changedSeq);
    return message;
  }

  /** Waits for the next new bot message after the cursor and moves the cursor to it. */
  async nextMessage(options: WaitOptions = {}): Promise<TranscriptMessage> {
    const message = await this.waitUntil(
      `a new bot message after seq ${this.cursor}`,
      options,
      (transcript) =>
        transcript.messages.find(
          (candidate) => candidate.from === 'bot' && candidate.seq > this.cursor,
        ),
    );
    this.cursor = Math.max(this.cursor, message.seq);
    return message;
  }

  /**
   * Waits until the bot answers the last pressed inline button, or the last
   * {@link pressData}, with answerCallbackQuery.
   */
  async waitForCallbackAnswer(options: WaitOptions = {}): Promise<CallbackAnswer> {
    const id = this.lastCallbackQueryId;
    if (id === undefined) {
      throw new Error('No inline button was pressed in this chat yet');
    }
    return this.waitUntil(
      'the bot to answer the last button press',
      options,
      (transcript) =>
        transcript.callbacks.find((callback) => callback.callbackQueryId === id)?.answer,
    );
  }

  /**
   * Waits until `check` returns something other than undefined for the current transcript;
   * the building block of the other waits.
   */
  async waitUntil<T>(
    description: string,
    options: WaitOptions,
    check: (transcript: Transcript) => T | undefined,
  ): Promise<T> {
    const timeoutMs = options.timeout ?? this.defaultTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    let transcript = await this.refresh();
    for (;;) {
      const found = check(transcript);
      if (found !== undefined) {
        return found;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new SandboxWaitError(description, timeoutMs, transcript);
      }
      transcript = await this.transport.waitForChange(transcript.version, remaining);
      this.snapshot = transcript;
    }
  }

  /** The newest bot message that is not deleted (what the user sees last from the bot). */
  last(): TranscriptMessage | undefined {
    return this.botMessages().at(-1);
  }

  /** Bot messages, oldest first, deleted ones excluded. */
  botMessages(): TranscriptMessage[] {
    return this.current().messages.filter((message) => message.from === 'bot' && !message.deleted);
  }

  /** The whole chat: both sides, deleted messages marked, callback answers recorded. */
  transcript(): Transcript {
    return this.current();
  }

  /** Labels of the inline keyboard on the newest bot message that has one, row by row. */
  buttons(): string[][] {
    const withKeyboard = this.botMessages()
      .reverse()
      .find((message) => message.replyMarkup && 'inline_keyboard' in message.replyMarkup);
    const markup = withKeyboard?.replyMarkup;
    if (!markup || !('inline_keyboard' in markup)) {
      return [];
    }
    return markup.inline_keyboard.map((row: TgInlineKeyboardButton[]) =>
      row.map((button) => button.text),
    );
  }

  /** Labels of the reply keyboard currently shown, row by row (empty when none). */
  replyKeyboard(): string[][] {
    return (this.current().replyKeyboard?.keyboard ?? []).map((row: TgKeyboardButton[]) =>
      row.map((button) => button.text),
    );
  }

  /** Blocks the bot as this user. */
  async block(): Promise<void> {
    await this.transport.block();
    await this.refresh();
  }

  /** Unblocks the bot as this user. */
  async unblock(): Promise<void> {
    await this.transport.unblock();
    await this.refresh();
  }

  /** Fetches the transcript now (needed before sync reads over a remote connection). */
  async refresh(): Promise<Transcript> {
    this.snapshot = await this.transport.transcript();
    return this.snapshot;
  }

  /** The transcript as readable text. */
  toString(): string {
    return formatTranscript(this.current());
  }

  private current(): Transcript {
    if (this.transport.transcriptSync) {
      this.snapshot = this.transport.transcriptSync();
    }
    if (!this.snapshot) {
      throw new Error('Call `await chat.refresh()` before reading a remote chat');
    }
    return this.snapshot;
  }
}
