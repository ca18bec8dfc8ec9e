import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, readRawBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import {
  BOT_API_METHODS,
  DescribedResult,
  type MethodContext,
  newFileId,
  runMethod,
} from './bot-api-methods.js';
import { answerWithFault, delayAnswer, faultApplies, type TelegramFault } from './faults.js';
import { findBotCommands } from './html-entities.js';
import { MethodParams } from './params.js';
import { DEFAULT_TELEGRAM_LIMITS, type TelegramLimits } from './rate-limiter.js';
import { isInlineKeyboard } from './reply-markup.js';
import { TelegramApiError } from './telegram-errors.js';
import {
  type BotRecord,
  type BotStats,
  type ChatChange,
  type ChatRecord,
  type StoredMessage,
  TelegramState,
} from './telegram-state.js';
import type { TgContact, TgDocument, TgMessage, TgSticker } from './telegram-types.js';
import {
  type CallbackRecord,
  formatTranscript,
  type SandboxBot,
  type SandboxUser,
  type Transcript,
  type TranscriptMessage,
} from './transcript.js';
import {
  DEFAULT_WEBHOOK_RETRY,
  UpdateDelivery,
  type WebhookRetryOptions,
} from './update-delivery.js';

/** Options of the Telegram emulator. */
export interface TelegramEmulatorOptions {
  /** Message rate limits; `false` turns them off. Defaults to {@link DEFAULT_TELEGRAM_LIMITS}. */
  readonly limits?: Partial<TelegramLimits> | false;
  /** Webhook retry timing. */
  readonly webhookRetry?: Partial<WebhookRetryOptions>;
  /** Accept `http://` webhook URLs (real Telegram wants HTTPS). Default true: local apps have no TLS. */
  readonly allowHttpWebhooks?: boolean;
}

/** Options of {@link TelegramEmulator.createBot}. */
export interface CreateBotOptions {
  /** Defaults to a unique `sandbox_<n>_bot`. */
  readonly username?: string;
  /** Display name; defaults to the username. */
  readonly firstName?: string;
  /** A fixed token (must look like `<id>:<secret>`); defaults to a generated one. */
  readonly token?: string;
}

/** Options of {@link TelegramEmulator.createUser}. */
export interface CreateUserOptions {
  readonly first_name: string;
  readonly last_name?: string;
  readonly username?: string;
  readonly language_code?: string;
  readonly phone_number?: string;
  readonly id?: number;
}

/** A file a simulated user sends. */
export interface UserDocument {
  readonly fileName: string;
  readonly content: Buffer | string;
  readonly mimeType?: string;
  readonly caption?: string;
}

/** What pressing a button did. */
export type PressResult =
  | { readonly kind: 'callback'; readonly callbackQueryId: string; readonly messageId: number }
  | { readonly kind: 'url'; readonly url: string; readonly messageId: number }
  | { readonly kind: 'reply'; readonly message: TranscriptMessage };

/** What pressing an inline callback button (or {@link TelegramEmulator.pressData}) did. */
export type CallbackPressResult = Extract<PressResult, { readonly kind: 'callback' }>;

/** Longest text of one message a Telegram client sends; longer texts go out in several parts. */
export const MAX_USER_TEXT_LENGTH = 4096;

/** Bounds of `callback_data` in UTF-8 bytes, as the Bot API enforces them. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** Options of {@link TelegramEmulator.press}. */
export interface PressOptions {
  /** Only look at this message's inline keyboard. */
  readonly messageId?: number;
}

/** A bot or its id. */
export type BotRef = SandboxBot | number;
/** A user or their id. */
export type UserRef = SandboxUser | number;

/** A read-only snapshot of a bot's counters, see {@link TelegramEmulator.stats}. */
export interface BotStatsSnapshot {
  readonly calls: Readonly<Record<string, number>>;
  readonly tooManyRequests: number;
  readonly errors: readonly { method: string; errorCode: number; description: string }[];
  /** Times each update id was handed out; 1 everywhere means "every update delivered once". */
  readonly deliveries: Readonly<Record<number, number>>;
  /** Updates waiting for the bot. */
  readonly pendingUpdates: number;
  /** Every callback query with its answer count; Telegram allows exactly one answer. */
  readonly callbacks: readonly CallbackRecord[];
}

let usernameCounter = 0;

/**
 * The Telegram Bot API emulator: serves `/bot<token>/<method>` like api.telegram.org and
 * lets tests act as users. Create it through `startSandbox()`, or mount
 * {@link TelegramEmulator.handle} in your own `node:http` server.
 */
export class TelegramEmulator {
  private readonly state: TelegramState;
  private readonly delivery: UpdateDelivery;
  private readonly allowHttpWebhooks: boolean;
  private baseUrl = 'http://127.0.0.1';
  private readonly faults = new Map<number, TelegramFault>();

  constructor(options: TelegramEmulatorOptions = {}) {
    const limits =
      options.limits === false ? false : { ...DEFAULT_TELEGRAM_LIMITS, ...(options.limits ?? {}) };
    this.state = new TelegramState(limits);
    this.allowHttpWebhooks = options.allowHttpWebhooks ?? true;
    this.delivery = new UpdateDelivery(
      this.state,
      { ...DEFAULT_WEBHOOK_RETRY, ...(options.webhookRetry ?? {}) },
      (bot, body) => this.executeWebhookReply(bot, body),
    );
  }

  /** Tells the emulator where it is served, so `apiRoot` can be reported. */
  setBaseUrl(baseUrl: string): void {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** The value for telegraf's `telegram.apiRoot` (and `TELEGRAM_API_ROOT`): `http://host:port`. */
  get apiRoot(): string {
    return this.baseUrl;
  }

  /** Registers a bot, as BotFather would. Returns its token, id and username. */
  createBot(options: CreateBotOptions = {}): SandboxBot {
    usernameCounter += 1;
    const username = options.username ?? `sandbox_${usernameCounter}_${randomInt(1000, 9999)}_bot`;
    let id: number | undefined;
    if (options.token !== undefined) {
      const match = /^(\d+):[A-Za-z0-9_-]{30,}$/.exec(options.token);
      if (!match) {
        throw new Error('A bot token looks like "123456789:AA..." (digits, colon, 35 characters)');
      }
      id = Number(match[1]);
    }
    const record = this.state.addBot({
      username,
      firstName: options.firstName ?? username,
      ...(id !== undefined ? { id } : {}),
      ...(options.token !== undefined ? { token: options.token } : {}),
    });
    return record.info;
  }

  /** Creates a simulated Telegram user. */
  createUser(options: CreateUserOptions): SandboxUser {
    if (!options.first_name) {
      throw new Error('A user needs a first_name');
    }
    return this.state.addUser(options);
  }

  /** All registered bots. */
  listBots(): SandboxBot[] {
    return [...this.state.botsById.values()].map((bot) => bot.info);
  }

  /** All simulated users. */
  listUsers(): SandboxUser[] {
    return [...this.state.users.values()];
  }

  /**
   * Sends a text (or `/command`) from the user to the bot. Like a Telegram client, a text
   * longer than {@link MAX_USER_TEXT_LENGTH} (4096) characters goes out as several messages
   * of at most 4096 characters each, in order; bot commands are detected in the first part
   * only. Returns the last message sent.
   */
  sendText(bot: BotRef, user: UserRef, text: string): TranscriptMessage {
    if (text.trim() === '') {
      throw new Error('A user cannot send an empty message');
    }
    const chat = this.chatOf(bot, user);
    this.assertNotBlocked(chat);
    const parts = splitUserText(text.trim());
    let last: TranscriptMessage | undefined;
    for (const [index, part] of parts.entries()) {
      const entities = index === 0 ? findBotCommands(part) : [];
      last = this.sendAsUser(chat, {
        text: part,
        ...(entities.length > 0 ? { entities } : {}),
      });
    }
    return last as TranscriptMessage;
  }

  /**
   * Sends a sticker from the user: a `message` update with a static 512x512 `regular`
   * sticker carrying `emoji`. The sticker has no file content behind it (getFile does not
   * know its file_id).
   */
  sendSticker(bot: BotRef, user: UserRef, emoji = '👍'): TranscriptMessage {
    if (emoji.trim() === '') {
      throw new Error('A sticker needs an emoji');
    }
    const chat = this.chatOf(bot, user);
    const { fileId, fileUniqueId } = newFileId('sticker');
    const sticker: TgSticker = {
      file_id: fileId,
      file_unique_id: fileUniqueId,
      type: 'regular',
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji,
    };
    return this.sendAsUser(chat, { sticker });
  }

  /** Shares a contact; by default the user's own, as a `request_contact` button does. */
  sendContact(bot: BotRef, user: UserRef, contact?: Partial<TgContact>): TranscriptMessage {
    const chat = this.chatOf(bot, user);
    const own: TgContact = {
      phone_number: chat.user.phone_number,
      first_name: chat.user.first_name,
      ...(chat.user.last_name ? { last_name: chat.user.last_name } : {}),
      user_id: chat.user.id,
    };
    return this.sendAsUser(chat, { contact: { ...own, ...contact } });
  }

  /** Sends a document (file) from the user. */
  sendDocument(bot: BotRef, user: UserRef, file: UserDocument): TranscriptMessage {
    const chat = this.chatOf(bot, user);
    const data = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
    const { fileId, fileUniqueId } = newFileId();
    const document: TgDocument = {
      file_id: fileId,
      file_unique_id: fileUniqueId,
      file_name: file.fileName,
      mime_type: file.mimeType ?? 'application/octet-stream',
      file_size: data.length,
    };
    this.state.files.set(fileId, { document, data });
    return this.sendAsUser(chat, {
      document,
      ...(file.caption ? { caption: file.caption } : {}),
    });
  }

  /**
   * Presses a button by its label: an inline button on the newest bot message that has one
   * (a `callback_query` update), or else a button of the shown reply keyboard (sends its text,
   * or the user's contact for `request_contact`). Throws, listing the buttons there are, when
   * no button has that label.
   */
  press(bot: BotRef, user: UserRef, label: string, options: PressOptions = {}): PressResult {
    const chat = this.chatOf(bot, user);
    this.assertNotBlocked(chat);
    const candidates = chat.messages
      .filter(
        (stored) => stored.from === 'bot' && !stored.deleted && isInlineKeyboard(stored.markup),
      )
      .filter(
        (stored) =>
          options.messageId === undefined || stored.message.message_id === options.messageId,
      )
      .reverse();
    for (const stored of candidates) {
      const markup = stored.markup;
      if (!isInlineKeyboard(markup)) {
        continue;
      }
      const button = markup.inline_keyboard.flat().find((candidate) => candidate.text === label);
      if (!button) {
        continue;
      }
      const messageId = stored.message.message_id;
      if (typeof button.url === 'string') {
        return { kind: 'url', url: button.url, messageId };
      }
      if (typeof button.callback_data !== 'string') {
        throw new Error(
          `Button "${label}" on message #${messageId} has no callback_data or url the sandbox can press`,
        );
      }
      return this.sendCallbackQuery(chat, stored, button.callback_data, label);
    }
    const replyButton =
      options.messageId === undefined
        ? chat.replyKeyboard?.keyboard.flat().find((candidate) => candidate.text === label)
        : undefined;
    if (replyButton && chat.replyKeyboard) {
      if (chat.replyKeyboard.one_time_keyboard === true) {
        // Hidden before the message is announced, so readers never see it after the press.
        delete chat.replyKeyboard;
      }
      const message = replyButton.request_contact
        ? this.sendContact(chat.bot.info, chat.user)
        : this.sendText(chat.bot.info, chat.user, replyButton.text);
      return { kind: 'reply', message };
    }
    throw new Error(
      `No button "${label}" ${options.messageId === undefined ? 'in the chat' : `on message #${options.messageId}`}.\n${formatTranscript(this.state.transcript(chat))}`,
    );
  }

  /**
   * Sends a `callback_query` with arbitrary `data`, as a forged or replayed button press
   * from a custom client: Telegram does not check that the data belongs to a button of the
   * message, and neither does the emulator. The query is attached to message `messageId`
   * (a bot message that is not deleted), or by default to the newest bot message with an
   * inline keyboard; throws with the transcript when there is none. `data` must be 1..64
   * bytes in UTF-8, as on Telegram. Recorded in the transcript's callbacks with the label
   * `(data)`.
   */
  pressData(
    bot: BotRef,
    user: UserRef,
    data: string,
    options: PressOptions = {},
  ): CallbackPressResult {
    assertCallbackData(data);
    const chat = this.chatOf(bot, user);
    this.assertNotBlocked(chat);
    const botMessages = chat.messages.filter((stored) => stored.from === 'bot' && !stored.deleted);
    const target =
      options.messageId === undefined
        ? botMessages.findLast((stored) => isInlineKeyboard(stored.markup))
        : botMessages.find((stored) => stored.message.message_id === options.messageId);
    if (!target) {
      const where =
        options.messageId === undefined
          ? 'No bot message with an inline keyboard in the chat'
          : `No bot message #${options.messageId} in the chat`;
      throw new Error(
        `${where} to press data ${JSON.stringify(data)} on.\n${formatTranscript(this.state.transcript(chat))}`,
      );
    }
    return this.sendCallbackQuery(chat, target, data, `(${data})`);
  }

  /** The user blocks the bot: later sends answer 403, and the bot gets `my_chat_member`. */
  block(bot: BotRef, user: UserRef): void {
    this.setBlocked(this.chatOf(bot, user), true);
  }

  /** The user unblocks (restarts) the bot. */
  unblock(bot: BotRef, user: UserRef): void {
    this.setBlocked(this.chatOf(bot, user), false);
  }

  /** The chat between a bot and a user as a person sees it now. */
  transcript(bot: BotRef, user: UserRef): Transcript {
    return this.state.transcript(this.chatOf(bot, user));
  }

  /** Resolves with the transcript once its version passes `sinceVersion`, or at `timeoutMs`. */
  waitForChange(
    bot: BotRef,
    user: UserRef,
    sinceVersion: number,
    timeoutMs: number,
  ): Promise<Transcript> {
    const chat = this.chatOf(bot, user);
    if (chat.version > sinceVersion || timeoutMs <= 0) {
      return Promise.resolve(this.state.transcript(chat));
    }
    return new Promise((resolve) => {
      const listener = (change: ChatChange) => {
        if (change.botId === chat.bot.info.id && change.userId === chat.user.id) {
          finish();
        }
      };
      const finish = () => {
        clearTimeout(timer);
        this.state.off('change', listener);
        resolve(this.state.transcript(chat));
      };
      const timer = setTimeout(finish, timeoutMs);
      this.state.on('change', listener);
    });
  }

  /**
   * Resolves once the bot has a long poll (getUpdates with a timeout) open, so that a test
   * knows the bot is listening. Rejects after `timeoutMs`.
   */
  waitForPolling(bot: BotRef, timeoutMs = 5_000): Promise<void> {
    const record = this.botRecord(bot);
    if (this.delivery.isPolling(record.info.id)) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const listener = (botId: number) => {
        if (botId === record.info.id) {
          clearTimeout(timer);
          this.state.off('poll', listener);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.state.off('poll', listener);
        reject(
          new Error(`@${record.info.username} did not start long polling within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.state.on('poll', listener);
    });
  }

  /** Subscribes to chat changes; returns the unsubscribe function. */
  onChange(listener: (change: ChatChange) => void): () => void {
    this.state.on('change', listener);
    return () => this.state.off('change', listener);
  }

  /** Counters of one bot: calls per method, 429s, errors, deliveries, callback answers. */
  stats(bot: BotRef): BotStatsSnapshot {
    const record = this.botRecord(bot);
    const stats: BotStats = record.stats;
    const callbacks = [...this.state.chats.values()]
      .filter((chat) => chat.bot === record)
      .flatMap((chat) => chat.callbacks.map((callback) => ({ ...callback })));
    return {
      calls: { ...stats.calls },
      tooManyRequests: stats.tooManyRequests,
      errors: stats.errors.map((error) => ({ ...error })),
      deliveries: { ...stats.deliveries },
      pendingUpdates: record.queue.length,
      callbacks,
    };
  }

  /**
   * Switches a Bot API fault on for one bot (see {@link TelegramFault}), or off with
   * `undefined`. Calls in flight are not affected.
   */
  setFault(bot: BotRef, fault: TelegramFault | undefined): void {
    const id = this.botRecord(bot).info.id;
    if (fault) {
      this.faults.set(id, fault);
    } else {
      this.faults.delete(id);
    }
  }

  /** The bot's commands as last set by setMyCommands. */
  commands(bot: BotRef): { command: string; description: string }[] {
    return this.botRecord(bot).commands.map((command) => ({ ...command }));
  }

  /** A stored file (sent by a bot or a user), or undefined. */
  file(fileId: string): { document: TgDocument; data: Buffer } | undefined {
    return this.state.files.get(fileId);
  }

  /**
   * Handles Bot API requests (`/bot<token>/<method>`, `/file/bot<token>/...`). Returns false
   * when the path is not the emulator's, so the caller can route it elsewhere.
   */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      this.serveFile(fileMatch[1] as string, decodeURIComponent(fileMatch[2] as string), response);
      return true;
    }
    const match = /^\/bot([^/]*)\/([^/]*)\/?$/.exec(url.pathname);
    if (!match) {
      return false;
    }
    const token = decodeURIComponent(match[1] as string);
    const method = match[2] as string;
    // Telegram answers 404 to a malformed token and 401 to a well-formed unknown one.
    if (!/^\d+:[A-Za-z0-9_-]+$/.test(token)) {
      sendJson(response, 404, new TelegramApiError(404, 'Not Found').toJSON());
      return true;
    }
    const bot = this.state.botsByToken.get(token);
    if (!bot) {
      sendJson(response, 401, new TelegramApiError(401, 'Unauthorized').toJSON());
      return true;
    }
    const fault = this.faults.get(bot.info.id);
    const activeFault = faultApplies(fault, method) ? fault : undefined;
    if (activeFault && answerWithFault(activeFault, request, response)) {
      bot.stats.calls[method] = (bot.stats.calls[method] ?? 0) + 1;
      return true;
    }
    const handler = BOT_API_METHODS[method.toLowerCase()];
    if (!handler) {
      sendJson(response, 404, new TelegramApiError(404, 'Not Found').toJSON());
      return true;
    }
    bot.stats.calls[method] = (bot.stats.calls[method] ?? 0) + 1;
    let params: MethodParams;
    try {
      const body = parseBody(await readRawBody(request), request.headers['content-type']);
      params = new MethodParams(
        { ...Object.fromEntries(url.searchParams), ...body.fields },
        body.files,
      );
    } catch {
      this.sendError(
        bot,
        method,
        response,
        new TelegramApiError(400, "Bad Request: can't parse JSON object"),
      );
      return true;
    }
    const context: MethodContext = {
      state: this.state,
      delivery: this.delivery,
      bot,
      params,
      allowHttpWebhooks: this.allowHttpWebhooks,
      onClose: (listener) => response.on('close', listener),
    };
    try {
      const result = await runMethod(handler, context);
      await delayAnswer(activeFault);
      if (result instanceof DescribedResult) {
        sendJson(response, 200, {
          ok: true,
          result: result.result,
          description: result.description,
        });
      } else {
        sendJson(response, 200, { ok: true, result });
      }
    } catch (error) {
      await delayAnswer(activeFault);
      this.sendError(bot, method, response, error as TelegramApiError);
    }
    return true;
  }

  /** Stops long polls and webhook deliveries. */
  close(): void {
    this.delivery.close();
  }

  private sendError(
    bot: BotRecord,
    method: string,
    response: ServerResponse,
    error: TelegramApiError,
  ): void {
    if (error.errorCode === 429) {
      bot.stats.tooManyRequests += 1;
    }
    bot.stats.errors.push({ method, errorCode: error.errorCode, description: error.description });
    sendJson(response, error.errorCode, error.toJSON());
  }

  private serveFile(token: string, path: string, response: ServerResponse): void {
    if (!this.state.botsByToken.has(token)) {
      sendJson(response, 401, new TelegramApiError(401, 'Unauthorized').toJSON());
      return;
    }
    const stored = [...this.state.files.values()].find(
      (file) =>
        path === `documents/${file.document.file_unique_id}/${file.document.file_name ?? 'file'}`,
    );
    if (!stored) {
      sendJson(response, 404, new TelegramApiError(404, 'Not Found').toJSON());
      return;
    }
    response.writeHead(200, {
      'content-type': stored.document.mime_type ?? 'application/octet-stream',
      'content-length': stored.data.length,
    });
    response.end(stored.data);
  }

  private async executeWebhookReply(bot: BotRecord, body: Record<string, unknown>): Promise<void> {
    const method = String(body.method);
    const handler = BOT_API_METHODS[method.toLowerCase()];
    if (!handler) {
      return;
    }
    bot.stats.calls[method] = (bot.stats.calls[method] ?? 0) + 1;
    const { method: _method, ...fields } = body;
    try {
      await runMethod(handler, {
        state: this.state,
        delivery: this.delivery,
        bot,
        params: new MethodParams(fields),
        allowHttpWebhooks: this.allowHttpWebhooks,
        onClose: () => undefined,
      });
    } catch (error) {
      const apiError = error as TelegramApiError;
      if (apiError.errorCode === 429) {
        bot.stats.tooManyRequests += 1;
      }
      bot.stats.errors.push({
        method,
        errorCode: apiError.errorCode,
        description: apiError.description,
      });
    }
  }

  private sendAsUser(
    chat: ChatRecord,
    content: Omit<TgMessage, 'message_id' | 'from' | 'chat' | 'date'>,
  ): TranscriptMessage {
    this.assertNotBlocked(chat);
    chat.started = true;
    const stored = this.state.addMessage(chat, 'user', content);
    this.state.enqueueUpdate(chat.bot, 'message', stored.message);
    const transcript = this.state.transcript(chat);
    return transcript.messages[transcript.messages.length - 1] as TranscriptMessage;
  }

  private sendCallbackQuery(
    chat: ChatRecord,
    stored: StoredMessage,
    data: string,
    label: string,
  ): CallbackPressResult {
    const messageId = stored.message.message_id;
    const callbackQueryId = `${randomInt(1e9, 9e9)}${randomInt(1e9, 9e9)}`;
    const seq = this.state.nextSeq();
    const record = { callbackQueryId, messageId, data, label, answerCount: 0, seq };
    chat.callbacks.push(record);
    this.state.callbacksById.set(callbackQueryId, { chat, record });
    chat.started = true;
    this.state.touch(chat, seq);
    this.state.enqueueUpdate(chat.bot, 'callback_query', {
      id: callbackQueryId,
      from: this.state.tgUser(chat.user),
      message: stored.message,
      chat_instance: chat.chatInstance,
      data,
    });
    return { kind: 'callback', callbackQueryId, messageId };
  }

  private setBlocked(chat: ChatRecord, blocked: boolean): void {
    if (chat.blocked === blocked) {
      return;
    }
    chat.blocked = blocked;
    this.state.touch(chat);
    if (!chat.started) {
      return;
    }
    // A kicked member carries until_date 0 ("forever"), as in Telegram's my_chat_member.
    const member = (status: 'member' | 'kicked') =>
      status === 'kicked'
        ? { user: chat.bot.user, status, until_date: 0 }
        : { user: chat.bot.user, status };
    this.state.enqueueUpdate(chat.bot, 'my_chat_member', {
      chat: this.state.tgChat(chat.user),
      from: this.state.tgUser(chat.user),
      date: Math.floor(Date.now() / 1000),
      old_chat_member: member(blocked ? 'member' : 'kicked'),
      new_chat_member: member(blocked ? 'kicked' : 'member'),
    });
  }

  private assertNotBlocked(chat: ChatRecord): void {
    if (chat.blocked) {
      throw new Error(
        `${chat.user.first_name} has blocked @${chat.bot.info.username}; call unblock() before acting as the user`,
      );
    }
  }

  private botRecord(bot: BotRef): BotRecord {
    return this.state.getBot(typeof bot === 'number' ? bot : bot.id);
  }

  private chatOf(bot: BotRef, user: UserRef): ChatRecord {
    return this.state.chat(
      this.botRecord(bot),
      this.state.getUser(typeof user === 'number' ? user : user.id),
    );
  }
}

/**
 * Throws unless `data` is valid `callback_data`: 1..64 bytes in UTF-8, the Bot API's limit
 * (a longer or empty value could never come from a real button).
 */
export function assertCallbackData(data: string): void {
  if (typeof data !== 'string') {
    throw new Error(`Callback data must be a string, got ${typeof data}`);
  }
  const bytes = Buffer.byteLength(data, 'utf8');
  if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) {
    throw new Error(
      `Callback data must be 1-${CALLBACK_DATA_MAX_BYTES} bytes in UTF-8, got ${bytes}: ${JSON.stringify(data.length > 80 ? `${data.slice(0, 80)}...` : data)}`,
    );
  }
}

/**
 * Splits a text as a Telegram client does before sending: parts of at most
 * {@link MAX_USER_TEXT_LENGTH} UTF-16 code units, never inside a surrogate pair; parts of
 * only whitespace are left out (Telegram refuses empty messages).
 */
export function splitUserText(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + MAX_USER_TEXT_LENGTH, text.length);
    const lastUnit = text.charCodeAt(end - 1);
    if (end < text.length && lastUnit >= 0xd800 && lastUnit <= 0xdbff) {
      end -= 1; // keep an emoji (high + low surrogate) in one part
    }
    const part = text.slice(start, end);
    if (part.trim() !== '') {
      parts.push(part);
    }
    start = end;
  }
  return parts;
}
