import { randomBytes } from 'node:crypto';
import { type FormattedText, parseHtml, trimFormatted } from './html-entities.js';
import type { MethodParams } from './params.js';
import { isInlineKeyboard, isReplyKeyboard, validateReplyMarkup } from './reply-markup.js';
import { badRequest, forbidden, TelegramApiError, tooManyRequests } from './telegram-errors.js';
import type { BotRecord, ChatRecord, StoredMessage, TelegramState } from './telegram-state.js';
import type {
  TgBotCommand,
  TgDocument,
  TgInlineKeyboardMarkup,
  TgMessage,
  TgMessageEntity,
  TgReplyMarkup,
  TgUpdateType,
} from './telegram-types.js';
import type { UpdateDelivery } from './update-delivery.js';

/** Telegram's limit on message text, in UTF-16 code units after entity parsing. */
export const MAX_TEXT_LENGTH = 4096;
/** Telegram's limit on media captions. */
export const MAX_CAPTION_LENGTH = 1024;

/** Everything a method handler may use. */
export interface MethodContext {
  readonly state: TelegramState;
  readonly delivery: UpdateDelivery;
  readonly bot: BotRecord;
  readonly params: MethodParams;
  readonly onClose: (listener: () => void) => void;
  readonly allowHttpWebhooks: boolean;
}

/** A result with the optional `description` Telegram adds to some successful answers. */
export class DescribedResult {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

type MethodHandler = (context: MethodContext) => unknown;

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const UPDATE_TYPES = new Set<string>([
  'message',
  'edited_message',
  'callback_query',
  'my_chat_member',
]);

/**
 * Resolves `chat_id` to a private chat the bot may act in, with Telegram's errors:
 * unknown chat 400, never-started chat 403, blocked bot 403.
 */
function resolveChat({ state, bot, params }: MethodContext): ChatRecord {
  const raw = params.string('chat_id');
  if (raw === undefined || raw.trim() === '') {
    throw badRequest('chat_id is empty');
  }
  const userId = Number(raw);
  const user = Number.isInteger(userId) ? state.users.get(userId) : undefined;
  if (!user) {
    throw badRequest('chat not found');
  }
  const chat = state.findChat(bot.info.id, user.id);
  if (!chat?.started) {
    throw forbidden("bot can't initiate conversation with a user");
  }
  if (chat.blocked) {
    throw forbidden('bot was blocked by the user');
  }
  return chat;
}

function formatText(
  params: MethodParams,
  textField: 'text' | 'caption',
  entitiesField: 'entities' | 'caption_entities',
): FormattedText {
  const raw = params.string(textField) ?? '';
  const parseMode = (params.string('parse_mode') ?? '').toLowerCase();
  let formatted: FormattedText;
  if (parseMode === 'html') {
    formatted = parseHtml(raw);
  } else if (parseMode === '' || parseMode === 'markdown' || parseMode === 'markdownv2') {
    // Markdown is passed through unparsed: the sandbox validates HTML only.
    const entities = params.json(entitiesField);
    formatted = {
      text: raw,
      entities: Array.isArray(entities) ? (entities as TgMessageEntity[]) : [],
    };
  } else {
    throw badRequest('unsupported parse_mode');
  }
  const trimmed = trimFormatted(formatted);
  if (textField === 'text') {
    if (trimmed.text === '') {
      throw badRequest('message text is empty');
    }
    if (trimmed.text.length > MAX_TEXT_LENGTH) {
      throw badRequest('message is too long');
    }
  } else if (trimmed.text.length > MAX_CAPTION_LENGTH) {
    throw badRequest('message caption is too long');
  }
  return trimmed;
}

function replyTarget(context: MethodContext, chat: ChatRecord): TgMessage | undefined {
  const { params } = context;
  const replyParameters = params.json('reply_parameters') as
    | { message_id?: number; allow_sending_without_reply?: boolean }
    | undefined;
  const messageId = replyParameters?.message_id ?? params.integer('reply_to_message_id');
  if (messageId === undefined) {
    return undefined;
  }
  const target = context.state.findMessage(chat, Number(messageId));
  if (!target) {
    if (
      replyParameters?.allow_sending_without_reply ||
      params.boolean('allow_sending_without_reply')
    ) {
      return undefined;
    }
    throw badRequest('message to be replied not found');
  }
  // Telegram does not nest replies inside reply_to_message.
  const { reply_to_message: _nested, ...message } = target.message;
  return message;
}

function spendMessageQuota({ bot }: MethodContext, chat: ChatRecord): void {
  const retryAfter = bot.limiter?.acquire(chat.user.id) ?? 0;
  if (retryAfter > 0) {
    throw tooManyRequests(retryAfter);
  }
}

function showMarkup(chat: ChatRecord, markup: TgReplyMarkup | undefined): void {
  if (isReplyKeyboard(markup)) {
    chat.replyKeyboard = markup;
  } else if (markup && 'remove_keyboard' in markup) {
    delete chat.replyKeyboard;
  }
}

function withText(formatted: FormattedText, field: 'text' | 'caption'): Partial<TgMessage> {
  if (field === 'caption') {
    return formatted.text === ''
      ? {}
      : {
          caption: formatted.text,
          ...(formatted.entities.length > 0 ? { caption_entities: formatted.entities } : {}),
        };
  }
  return {
    text: formatted.text,
    ...(formatted.entities.length > 0 ? { entities: formatted.entities } : {}),
  };
}

function sendStoredMessage(
  context: MethodContext,
  chat: ChatRecord,
  content: Partial<TgMessage>,
  markup: TgReplyMarkup | undefined,
): TgMessage {
  const replyTo = replyTarget(context, chat);
  spendMessageQuota(context, chat);
  // Change the keyboard before the message announces the change to waiting readers.
  showMarkup(chat, markup);
  const stored = context.state.addMessage(
    chat,
    'bot',
    {
      ...content,
      ...(replyTo ? { reply_to_message: replyTo } : {}),
      ...(isInlineKeyboard(markup) ? { reply_markup: markup } : {}),
    },
    markup,
  );
  return stored.message;
}

function editableMessage(context: MethodContext, purpose: 'edit'): StoredMessage {
  if (context.params.has('inline_message_id')) {
    throw badRequest('message to edit not found');
  }
  const chat = resolveChat(context);
  const messageId = context.params.integer('message_id');
  if (messageId === undefined) {
    throw badRequest('message identifier is not specified');
  }
  const stored = context.state.findMessage(chat, messageId);
  if (!stored) {
    throw badRequest(`message to ${purpose} not found`);
  }
  if (stored.from !== 'bot') {
    throw badRequest("message can't be edited");
  }
  return stored;
}

function inlineMarkup(context: MethodContext): TgInlineKeyboardMarkup | undefined {
  const markup = validateReplyMarkup(context.params.json('reply_markup'));
  return isInlineKeyboard(markup) ? markup : undefined;
}

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

function sameJson(left: unknown, right: unknown): boolean {
  return JSON.stringify(left ?? null) === JSON.stringify(right ?? null);
}

function applyEdit(
  context: MethodContext,
  stored: StoredMessage,
  content: Partial<TgMessage>,
  markup: TgInlineKeyboardMarkup | undefined,
): TgMessage {
  const chat = resolveChat(context);
  const next: TgMessage = { ...stored.message };
  if ('text' in content) {
    delete next.entities;
  }
  Object.assign(next, content, { edit_date: Math.floor(Date.now() / 1000) });
  if (markup) {
    next.reply_markup = markup;
  } else {
    delete next.reply_markup;
  }
  stored.message = next;
  if (markup) {
    stored.markup = markup;
  } else if (isInlineKeyboard(stored.markup)) {
    delete stored.markup;
  }
  stored.edited = true;
  // Record the sequence before announcing the change: listeners read the state at once.
  stored.changedSeq = context.state.nextSeq();
  context.state.touch(chat, stored.changedSeq);
  return next;
}

function parseCommands(value: unknown): TgBotCommand[] {
  if (!Array.isArray(value)) {
    throw badRequest('field "commands" must be an Array');
  }
  if (value.length > 100) {
    throw badRequest('BOT_COMMANDS_TOO_MUCH');
  }
  return value.map((item: unknown) => {
    const command = item as Partial<TgBotCommand>;
    const name = String(command.command ?? '').replace(/^\//, '');
    if (!/^[a-z0-9_]{1,32}$/.test(name)) {
      throw badRequest('BOT_COMMAND_INVALID');
    }
    const description = String(command.description ?? '');
    if (description.trim() === '' || description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    return { command: name, description };
  });
}

function parseAllowedUpdates(context: MethodContext): TgUpdateType[] | undefined {
  const value = context.params.json('allowed_updates');
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    throw badRequest("can't parse allowed updates");
  }
  return value.map(String).filter((type): type is TgUpdateType => UPDATE_TYPES.has(type));
}

/** A new file_id / file_unique_id pair shaped like Telegram's. */
export function newFileId(kind: 'document' | 'sticker' = 'document'): {
  fileId: string;
  fileUniqueId: string;
} {
  // Telegram's file ids start with the file type: BQ for documents, CA for stickers.
  const prefix = kind === 'sticker' ? 'CAACAgIAAxkBAAI' : 'BQACAgIAAxkBAAI';
  return {
    fileId: `${prefix}${randomBytes(40).toString('base64url')}`,
    fileUniqueId: `AgAD${randomBytes(9).toString('base64url')}`,
  };
}

async function resolveDocument(context: MethodContext): Promise<TgDocument> {
  const { params, state } = context;
  const upload = params.file('document');
  if (upload) {
    const { fileId, fileUniqueId } = newFileId();
    const document: TgDocument = {
      file_id: fileId,
      file_unique_id: fileUniqueId,
      file_name: upload.fileName,
      mime_type: upload.contentType,
      file_size: upload.data.length,
    };
    state.files.set(fileId, { document, data: upload.data });
    return document;
  }
  const reference = params.string('document');
  if (!reference) {
    throw badRequest('there is no document in the request');
  }
  const known = state.files.get(reference);
  if (known) {
    return known.document;
  }
  if (/^https?:\/\//i.test(reference)) {
    try {
      const response = await fetch(reference, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const data = Buffer.from(await response.arrayBuffer());
      const { fileId, fileUniqueId } = newFileId();
      const document: TgDocument = {
        file_id: fileId,
        file_unique_id: fileUniqueId,
        file_name: decodeURIComponent(new URL(reference).pathname.split('/').pop() || 'file'),
        mime_type: response.headers.get('content-type') ?? 'application/octet-stream',
        file_size: data.length,
      };
      state.files.set(fileId, { document, data });
      return document;
    } catch {
      throw badRequest('failed to get HTTP URL content');
    }
  }
  throw badRequest('wrong file identifier/HTTP URL specified');
}

function botCallbacks(context: MethodContext, callbackQueryId: string) {
  const found = context.state.callbacksById.get(callbackQueryId);
  return found?.chat.bot === context.bot ? found : undefined;
}

/** The Bot API methods the emulator implements, keyed by lower-cased name (Telegram ignores case). */
export const BOT_API_METHODS: Record<string, MethodHandler> = {
  getme: ({ bot }) => ({
    ...bot.user,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  }),

  getupdates: (context) => {
    const { params, bot } = context;
    const limit = Math.min(Math.max(params.integer('limit') ?? 100, 1), 100);
    const allowedUpdates = parseAllowedUpdates(context);
    return context.delivery.getUpdates(bot, {
      offset: params.integer('offset'),
      limit,
      timeoutSeconds: Math.max(params.integer('timeout') ?? 0, 0),
      onClose: context.onClose,
      ...(allowedUpdates ? { allowedUpdates } : {}),
    });
  },

  setwebhook: (context) => {
    const { params, bot, delivery } = context;
    const url = params.string('url') ?? '';
    const dropPending = params.boolean('drop_pending_updates');
    if (url === '') {
      const had = delivery.deleteWebhook(bot, dropPending);
      return new DescribedResult(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('bad webhook: invalid webhook URL specified');
    }
    if (
      parsed.protocol !== 'https:' &&
      !(context.allowHttpWebhooks && parsed.protocol === 'http:')
    ) {
      throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    }
    const secretToken = params.string('secret_token');
    if (
      secretToken !== undefined &&
      secretToken !== '' &&
      !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)
    ) {
      throw badRequest('secret token contains unallowed characters');
    }
    const allowedUpdates = parseAllowedUpdates(context);
    if (allowedUpdates) {
      bot.allowedUpdates = allowedUpdates;
    }
    const unchanged =
      bot.webhook?.url === url && bot.webhook.secretToken === (secretToken || undefined);
    delivery.setWebhook(
      bot,
      {
        url,
        maxConnections: params.integer('max_connections') ?? 40,
        ...(secretToken ? { secretToken } : {}),
      },
      dropPending,
    );
    return new DescribedResult(true, unchanged ? 'Webhook is already set' : 'Webhook was set');
  },

  deletewebhook: ({ bot, params, delivery }) => {
    const had = delivery.deleteWebhook(bot, params.boolean('drop_pending_updates'));
    return new DescribedResult(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
  },

  getwebhookinfo: ({ bot }) => {
    const webhook = bot.webhook;
    return {
      url: webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: bot.queue.length,
      ...(webhook
        ? {
            max_connections: webhook.maxConnections,
            ip_address: '127.0.0.1',
            ...(bot.allowedUpdates ? { allowed_updates: bot.allowedUpdates } : {}),
            ...(webhook.lastErrorDate !== undefined
              ? {
                  last_error_date: webhook.lastErrorDate,
                  last_error_message: webhook.lastErrorMessage,
                }
              : {}),
          }
        : {}),
    };
  },

  sendmessage: (context) => {
    const chat = resolveChat(context);
    const formatted = formatText(context.params, 'text', 'entities');
    const markup = validateReplyMarkup(context.params.json('reply_markup'));
    return sendStoredMessage(context, chat, withText(formatted, 'text'), markup);
  },

  senddocument: async (context) => {
    const chat = resolveChat(context);
    const caption = formatText(context.params, 'caption', 'caption_entities');
    const markup = validateReplyMarkup(context.params.json('reply_markup'));
    const document = await resolveDocument(context);
    return sendStoredMessage(context, chat, { document, ...withText(caption, 'caption') }, markup);
  },

  editmessagetext: (context) => {
    const stored = editableMessage(context, 'edit');
    if (stored.message.text === undefined) {
      throw badRequest('there is no text in the message to edit');
    }
    const formatted = formatText(context.params, 'text', 'entities');
    const markup = inlineMarkup(context);
    if (
      formatted.text === stored.message.text &&
      sameJson(
        formatted.entities.length > 0 ? formatted.entities : undefined,
        stored.message.entities,
      ) &&
      sameJson(markup, stored.message.reply_markup)
    ) {
      throw badRequest(NOT_MODIFIED);
    }
    return applyEdit(context, stored, withText(formatted, 'text'), markup);
  },

  editmessagereplymarkup: (context) => {
    const stored = editableMessage(context, 'edit');
    const markup = inlineMarkup(context);
    if (sameJson(markup, stored.message.reply_markup)) {
      throw badRequest(NOT_MODIFIED);
    }
    return applyEdit(context, stored, {}, markup);
  },

  deletemessage: (context) => {
    const chat = resolveChat(context);
    const messageId = context.params.integer('message_id');
    const stored = messageId === undefined ? undefined : context.state.findMessage(chat, messageId);
    if (!stored) {
      throw badRequest('message to delete not found');
    }
    stored.deleted = true;
    stored.changedSeq = context.state.nextSeq();
    context.state.touch(chat, stored.changedSeq);
    return true;
  },

  answercallbackquery: (context) => {
    const id = context.params.string('callback_query_id') ?? '';
    const found = botCallbacks(context, id);
    if (!found) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    found.record.answerCount += 1;
    if (found.record.answer) {
      context.state.touch(found.chat);
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    const text = context.params.string('text');
    if (text !== undefined && text.length > 200) {
      throw badRequest('MESSAGE_TOO_LONG');
    }
    const url = context.params.string('url');
    const cacheTime = context.params.integer('cache_time');
    found.record.answer = {
      showAlert: context.params.boolean('show_alert'),
      ...(text ? { text } : {}),
      ...(url ? { url } : {}),
      ...(cacheTime !== undefined ? { cacheTime } : {}),
    };
    context.state.touch(found.chat);
    return true;
  },

  sendchataction: (context) => {
    const chat = resolveChat(context);
    const action = context.params.string('action') ?? '';
    if (!CHAT_ACTIONS.has(action)) {
      throw badRequest('wrong parameter action in request');
    }
    const seq = context.state.nextSeq();
    chat.lastChatAction = { action, seq };
    context.state.touch(chat, seq);
    return true;
  },

  setmycommands: ({ bot, params }) => {
    const commands = parseCommands(params.json('commands'));
    const language = params.string('language_code');
    if (language) {
      bot.commandsByLanguage.set(language, commands);
    } else {
      bot.commands = commands;
    }
    return true;
  },

  getmycommands: ({ bot, params }) => {
    const language = params.string('language_code');
    return language ? (bot.commandsByLanguage.get(language) ?? []) : bot.commands;
  },

  deletemycommands: ({ bot, params }) => {
    const language = params.string('language_code');
    if (language) {
      bot.commandsByLanguage.delete(language);
    } else {
      bot.commands = [];
    }
    return true;
  },

  getchat: (context) => {
    const raw = context.params.string('chat_id');
    if (raw === undefined || raw === '') {
      throw badRequest('chat_id is empty');
    }
    const user = context.state.users.get(Number(raw));
    const chat = user ? context.state.findChat(context.bot.info.id, user.id) : undefined;
    if (!user || !chat?.started) {
      throw badRequest('chat not found');
    }
    return { ...context.state.tgChat(user), accent_color_id: 0, max_reaction_count: 11 };
  },

  getfile: (context) => {
    const fileId = context.params.string('file_id') ?? '';
    const stored = context.state.files.get(fileId);
    if (!stored) {
      throw badRequest('wrong file_id or the file is temporarily unavailable');
    }
    return {
      file_id: stored.document.file_id,
      file_unique_id: stored.document.file_unique_id,
      file_size: stored.data.length,
      file_path: `documents/${stored.document.file_unique_id}/${stored.document.file_name ?? 'file'}`,
    };
  },
};

/** Runs a method handler, normalizing thrown non-API errors into a 500 like Telegram's. */
export async function runMethod(handler: MethodHandler, context: MethodContext): Promise<unknown> {
  try {
    return await handler(context);
  } catch (error) {
    if (error instanceof TelegramApiError) {
      throw error;
    }
    console.error('[sandbox] Bot API method failed', error);
    throw new TelegramApiError(500, 'Internal Server Error');
  }
}
