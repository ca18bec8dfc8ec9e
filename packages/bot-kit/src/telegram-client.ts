import { Telegram } from 'telegraf';
import {
  type BotApiCall,
  createBotApiTransport,
  keepAliveAgent,
  UPLOAD_METHODS,
} from './bot-api-transport.js';
import { sleep, type TelegramRateLimiter } from './telegram-limiter.js';

/** Methods that put a new message into a chat: they spend the chat's and the bot's budget. */
const NEW_MESSAGE_METHODS = new Set([
  'sendMessage',
  'sendDocument',
  'sendPhoto',
  'sendMediaGroup',
  'sendContact',
  'sendLocation',
  'copyMessage',
  'forwardMessage',
]);
/** Methods whose text is Telegram HTML unless the caller says otherwise. */
const HTML_TEXT_METHODS = new Set([
  'sendMessage',
  'editMessageText',
  'sendDocument',
  'sendPhoto',
  'editMessageCaption',
]);
/** Methods that change an existing message: they spend the bot's budget only. */
const EDIT_METHODS = new Set(['editMessageText', 'editMessageReplyMarkup', 'editMessageCaption']);

/** Options of {@link createTelegramClient}. */
export interface TelegramClientOptions {
  /** Bot API root; `https://api.telegram.org` in production, the sandbox's in tests. */
  apiRoot: string;
  limiter: TelegramRateLimiter;
  /** How many times a call answered 429 is retried after `retry_after`. Default 3. */
  max429Retries?: number;
  /** Called when Telegram answered 429 (metrics, logs). */
  on429?: (method: string, retryAfterSeconds: number) => void;
}

/** A 429 answer from Telegram, as telegraf's TelegramError carries it. */
function retryAfterOf(error: unknown): number | undefined {
  const response = (
    error as { response?: { error_code?: number; parameters?: { retry_after?: number } } }
  ).response;
  return response?.error_code === 429 ? (response.parameters?.retry_after ?? 1) : undefined;
}

/**
 * Creates the one Telegram client a bot uses for every outgoing call. New messages wait
 * for the chat's and the bot's budget (shared through Redis by every replica and
 * worker), edits for the bot's; a 429 is honoured by waiting `retry_after` and trying
 * again. Texts default to `parse_mode: 'HTML'`. `webhookReply` is off: a reply inside
 * the webhook response could not be rate-limited or checked. Calls go through the lean
 * JSON transport of `createBotApiTransport`; file uploads through telegraf's.
 */
export function createTelegramClient(token: string, options: TelegramClientOptions): Telegram {
  // One pool of kept-alive connections for both transports.
  const agent = keepAliveAgent(options.apiRoot);
  const telegram = new Telegram(token, { apiRoot: options.apiRoot, webhookReply: false, agent });
  // Telegraf drops the agent for an http:// root (the sandbox), opening a connection per
  // call; keep-alive there too, as in production over https.
  telegram.options.agent = agent;
  const viaTelegraf = telegram.callApi.bind(telegram) as BotApiCall;
  const viaTransport = createBotApiTransport(token, options.apiRoot, agent);
  const callApi: BotApiCall = (method, payload, callOptions) =>
    UPLOAD_METHODS.has(method)
      ? viaTelegraf(method, payload, callOptions)
      : viaTransport(method, payload, callOptions);
  const maxRetries = options.max429Retries ?? 3;
  telegram.callApi = (async (
    method: string,
    payload: Record<string, unknown>,
    callOptions?: { signal?: AbortSignal },
  ) => {
    const chatId = payload?.chat_id as number | string | undefined;
    // Every text of our bots is HTML built by the translator, which escapes what users typed.
    if (
      HTML_TEXT_METHODS.has(method) &&
      payload.parse_mode === undefined &&
      payload.entities === undefined &&
      payload.caption_entities === undefined
    ) {
      payload = { ...payload, parse_mode: 'HTML' };
    }
    for (let attempt = 0; ; attempt++) {
      if (NEW_MESSAGE_METHODS.has(method)) {
        await options.limiter.acquire(chatId);
      } else if (EDIT_METHODS.has(method)) {
        await options.limiter.acquire();
      }
      try {
        return await callApi(method, payload, callOptions);
      } catch (error) {
        const retryAfter = retryAfterOf(error);
        if (retryAfter === undefined || attempt >= maxRetries) {
          throw error;
        }
        options.on429?.(method, retryAfter);
        await sleep(retryAfter * 1000);
      }
    }
  }) as typeof telegram.callApi;
  return telegram;
}
