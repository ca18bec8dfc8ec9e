import { randomBytes, randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { RateLimiter, type TelegramLimits } from './rate-limiter.js';
import type {
  TgBotCommand,
  TgChat,
  TgDocument,
  TgMessage,
  TgReplyKeyboardMarkup,
  TgReplyMarkup,
  TgUpdate,
  TgUpdateType,
  TgUser,
} from './telegram-types.js';
import type {
  CallbackRecord,
  SandboxBot,
  SandboxUser,
  Transcript,
  TranscriptMessage,
} from './transcript.js';

/** A webhook as set by setWebhook. */
export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

/** Counters a test can assert on. */
export interface BotStats {
  /** Calls per method name as the bot spelled it, successful or not. */
  readonly calls: Record<string, number>;
  /** How many calls were refused with 429. */
  tooManyRequests: number;
  /** Every error answer, newest last. */
  readonly errors: { method: string; errorCode: number; description: string }[];
  /** How many times each update id was handed to the bot (getUpdates or webhook POST). */
  readonly deliveries: Record<number, number>;
}

export interface BotRecord {
  readonly info: SandboxBot;
  readonly user: TgUser;
  readonly queue: TgUpdate[];
  nextUpdateId: number;
  webhook?: WebhookConfig;
  allowedUpdates?: TgUpdateType[];
  commands: TgBotCommand[];
  /** Command lists set for one language (`language_code`), as Telegram keeps them apart. */
  commandsByLanguage: Map<string, TgBotCommand[]>;
  readonly limiter?: RateLimiter;
  readonly stats: BotStats;
}

export interface StoredMessage {
  message: TgMessage;
  readonly from: 'user' | 'bot';
  markup?: TgReplyMarkup;
  edited: boolean;
  deleted: boolean;
  readonly seq: number;
  changedSeq: number;
}

export interface ChatRecord {
  readonly bot: BotRecord;
  readonly user: SandboxUser;
  readonly messages: StoredMessage[];
  nextMessageId: number;
  /** The user has written to the bot at least once, so the bot may write back. */
  started: boolean;
  blocked: boolean;
  replyKeyboard?: TgReplyKeyboardMarkup;
  readonly callbacks: CallbackRecord[];
  lastChatAction?: { action: string; seq: number };
  version: number;
  readonly chatInstance: string;
}

export interface StoredFile {
  readonly document: TgDocument;
  readonly data: Buffer;
}

/** Emitted as `change` whenever a chat changes. */
export interface ChatChange {
  readonly botId: number;
  readonly userId: number;
  readonly seq: number;
}

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** Generates a token shaped like BotFather's: `<bot id>:AA` + 33 more characters. */
export function generateToken(botId: number): string {
  const bytes = randomBytes(33);
  let secret = 'AA';
  for (const byte of bytes) {
    secret += TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length];
  }
  return `${botId}:${secret}`;
}

/**
 * All state of the Telegram emulator: bots, users, chats, files and update queues.
 * Mutations bump a global sequence and emit `change`, which waits and the web chat follow.
 */
export class TelegramState extends EventEmitter {
  readonly botsByToken = new Map<string, BotRecord>();
  readonly botsById = new Map<number, BotRecord>();
  readonly users = new Map<number, SandboxUser>();
  readonly chats = new Map<string, ChatRecord>();
  /**
   * Every callback query by id, so that answering one does not scan every chat of its
   * bot (quadratic for a bot with hundreds of chats, as in `bench/fleet`).
   */
  readonly callbacksById = new Map<string, { chat: ChatRecord; record: CallbackRecord }>();
  readonly files = new Map<string, StoredFile>();
  private sequence = 0;

  constructor(readonly limits: TelegramLimits | false) {
    super();
    this.setMaxListeners(0);
  }

  nextSeq(): number {
    this.sequence += 1;
    return this.sequence;
  }

  addBot(options: { username: string; firstName: string; id?: number; token?: string }): BotRecord {
    const id = options.id ?? this.uniqueId(this.botsById, 6_000_000_000, 7_999_999_999);
    const token = options.token ?? generateToken(id);
    if (this.botsByToken.has(token) || this.botsById.has(id)) {
      throw new Error(`A bot with id ${id} or this token already exists`);
    }
    const record: BotRecord = {
      info: { id, token, username: options.username, firstName: options.firstName },
      user: { id, is_bot: true, first_name: options.firstName, username: options.username },
      queue: [],
      nextUpdateId: randomInt(100_000_000, 900_000_000),
      commands: [],
      commandsByLanguage: new Map(),
      ...(this.limits ? { limiter: new RateLimiter(this.limits) } : {}),
      stats: { calls: {}, tooManyRequests: 0, errors: [], deliveries: {} },
    };
    this.botsByToken.set(token, record);
    this.botsById.set(id, record);
    return record;
  }

  addUser(
    user: Omit<SandboxUser, 'id' | 'phone_number'> & { id?: number; phone_number?: string },
  ): SandboxUser {
    const id = user.id ?? this.uniqueId(this.users, 100_000_000, 999_999_999);
    if (this.users.has(id)) {
      throw new Error(`A user with id ${id} already exists`);
    }
    const record: SandboxUser = {
      ...user,
      id,
      phone_number: user.phone_number ?? `7999${String(id).slice(-7).padStart(7, '0')}`,
    };
    this.users.set(id, record);
    return record;
  }

  getBot(botId: number): BotRecord {
    const bot = this.botsById.get(botId);
    if (!bot) {
      throw new Error(`No bot with id ${botId} in the sandbox`);
    }
    return bot;
  }

  getUser(userId: number): SandboxUser {
    const user = this.users.get(userId);
    if (!user) {
      throw new Error(`No user with id ${userId} in the sandbox`);
    }
    return user;
  }

  /** The chat between a bot and a user, created on first use. */
  chat(bot: BotRecord, user: SandboxUser): ChatRecord {
    const key = `${bot.info.id}:${user.id}`;
    let chat = this.chats.get(key);
    if (!chat) {
      chat = {
        bot,
        user,
        messages: [],
        nextMessageId: 1,
        started: false,
        blocked: false,
        callbacks: [],
        version: 0,
        chatInstance: `${randomInt(1e9, 9e9)}${randomInt(1e9, 9e9)}`,
      };
      this.chats.set(key, chat);
    }
    return chat;
  }

  findChat(botId: number, userId: number): ChatRecord | undefined {
    return this.chats.get(`${botId}:${userId}`);
  }

  /**
   * Marks the chat changed at `seq`. Listeners hear of it in a microtask, after the
   * current synchronous mutation has finished, so they never read a half-applied change.
   */
  touch(chat: ChatRecord, seq: number = this.nextSeq()): number {
    chat.version = seq;
    const change: ChatChange = { botId: chat.bot.info.id, userId: chat.user.id, seq };
    queueMicrotask(() => this.emit('change', change));
    return seq;
  }

  tgUser(user: SandboxUser): TgUser {
    return {
      id: user.id,
      is_bot: false,
      first_name: user.first_name,
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
      ...(user.language_code ? { language_code: user.language_code } : {}),
    };
  }

  tgChat(user: SandboxUser): TgChat {
    return {
      id: user.id,
      type: 'private',
      first_name: user.first_name,
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
    };
  }

  /** Stores a new message in the chat and returns it. */
  addMessage(
    chat: ChatRecord,
    from: 'user' | 'bot',
    content: Omit<TgMessage, 'message_id' | 'from' | 'chat' | 'date'>,
    markup?: TgReplyMarkup,
  ): StoredMessage {
    const seq = this.nextSeq();
    const message: TgMessage = {
      message_id: chat.nextMessageId,
      from: from === 'bot' ? chat.bot.user : this.tgUser(chat.user),
      chat: this.tgChat(chat.user),
      date: Math.floor(Date.now() / 1000),
      ...content,
    };
    chat.nextMessageId += 1;
    const stored: StoredMessage = {
      message,
      from,
      edited: false,
      deleted: false,
      seq,
      changedSeq: seq,
    };
    if (markup) {
      stored.markup = markup;
    }
    chat.messages.push(stored);
    this.touch(chat, seq);
    return stored;
  }

  findMessage(chat: ChatRecord, messageId: number): StoredMessage | undefined {
    return chat.messages.find(
      (stored) => stored.message.message_id === messageId && !stored.deleted,
    );
  }

  /** Appends an update to the bot's queue unless the bot filtered its type out. */
  enqueueUpdate(
    bot: BotRecord,
    type: TgUpdateType,
    payload: TgUpdate[TgUpdateType],
  ): TgUpdate | undefined {
    if (!isAllowed(bot, type)) {
      return undefined;
    }
    const update = { update_id: bot.nextUpdateId, [type]: payload } as TgUpdate;
    bot.nextUpdateId += 1;
    bot.queue.push(update);
    this.emit('update', bot.info.id);
    return update;
  }

  transcript(chat: ChatRecord): Transcript {
    return {
      bot: { id: chat.bot.info.id, username: chat.bot.info.username },
      user: chat.user,
      blocked: chat.blocked,
      ...(chat.replyKeyboard ? { replyKeyboard: chat.replyKeyboard } : {}),
      messages: chat.messages.map(toTranscriptMessage),
      callbacks: chat.callbacks.map((callback) => ({ ...callback })),
      ...(chat.lastChatAction ? { lastChatAction: { ...chat.lastChatAction } } : {}),
      commands: chat.bot.commands.map((command) => ({ ...command })),
      version: chat.version,
    };
  }

  private uniqueId(existing: Map<number, unknown>, min: number, max: number): number {
    for (;;) {
      const id = randomInt(min, max);
      if (!existing.has(id)) {
        return id;
      }
    }
  }
}

/** Update types delivered when a bot never set allowed_updates (Telegram's default). */
const DEFAULT_UPDATE_TYPES: readonly TgUpdateType[] = [
  'message',
  'edited_message',
  'callback_query',
  'my_chat_member',
];

/** Whether the bot's allowed_updates (or Telegram's default set) include `type`. */
export function isAllowed(bot: BotRecord, type: TgUpdateType): boolean {
  const allowed =
    bot.allowedUpdates && bot.allowedUpdates.length > 0 ? bot.allowedUpdates : DEFAULT_UPDATE_TYPES;
  return allowed.includes(type);
}

/** The kind of an update, by the field it carries. */
export function updateType(update: TgUpdate): TgUpdateType {
  for (const type of DEFAULT_UPDATE_TYPES) {
    if (update[type] !== undefined) {
      return type;
    }
  }
  return 'message';
}

function toTranscriptMessage(stored: StoredMessage): TranscriptMessage {
  const { message } = stored;
  return {
    messageId: message.message_id,
    from: stored.from,
    text: message.text ?? message.caption ?? '',
    entities: message.entities ?? message.caption_entities ?? [],
    ...(message.contact ? { contact: message.contact } : {}),
    ...(message.document ? { document: message.document } : {}),
    ...(message.sticker ? { sticker: message.sticker } : {}),
    ...(stored.markup ? { replyMarkup: stored.markup } : {}),
    ...(message.reply_to_message ? { replyToMessageId: message.reply_to_message.message_id } : {}),
    date: message.date,
    edited: stored.edited,
    deleted: stored.deleted,
    seq: stored.seq,
    changedSeq: stored.changedSeq,
  };
}
