import type { Logger } from '@booking/core';
import { Telegram } from 'telegraf';
import {
  type BotApiCall,
  createBotApiTransport,
  keepAliveAgent,
  UPLOAD_METHODS,
} from './bot-api-transport.js';
import type { TelegramRateLimiter } from './telegram-limiter.js';
import {
  DEFAULT_TELEGRAM_RETRY,
  retryDelayMs,
  type TelegramRetryPolicy,
  transientFailureOf,
} from './telegram-retry.js';

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
  /** When failed calls are retried; {@link DEFAULT_TELEGRAM_RETRY} for what is not given. */
  retry?: Partial<TelegramRetryPolicy>;
  /** Called when Telegram answered 429 (metrics, logs). */
  on429?: (method: string, retryAfterSeconds: number) => void;
  /**
   * Told of each retry and of each call given up past the deadline: the method, the
   * status or error code, the attempt. Never the payload (texts) nor the token.
   */
  logger?: Pick<Logger, 'warn'>;
}

/**
 * getUpdates is not retried here: the poller asks again in its own loop, and must see
 * each failure (its logs, its lease) rather than a call that hangs for the deadline.
 */
const NOT_RETRIED = new Set(['getUpdates']);

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Creates the one Telegram client a bot uses for every outgoing call. New messages wait
 * for the chat's and the bot's budget (shared through Redis by every replica and
 * worker), edits for the bot's; a 429 is honoured by waiting `retry_after` and trying
 * again. A 5xx (Telegram's JSON error or a proxy's HTML page) or a network failure is
 * retried with backoff until the policy's deadline, then thrown: `isTelegramUnavailable`
 * tells the caller it may queue the call for later. A retried edit is harmless (at
 * worst "message is not modified"); a retried new message could arrive twice only when
 * Telegram sent it and its answer was lost on the way (a reset connection, a proxy's
 * 502 after forwarding), which we accept over losing it. Texts default to
 * `parse_mode: 'HTML'`. `webhookReply` is off: a reply inside the webhook response could
 * not be rate-limited or checked. Calls go through the lean
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
  const policy: TelegramRetryPolicy = { ...DEFAULT_TELEGRAM_RETRY, ...options.retry };
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
    const startedAt = Date.now();
    let rateLimited = 0;
    let unavailable = 0;
    for (let attempt = 1; ; attempt++) {
      if (NEW_MESSAGE_METHODS.has(method)) {
        await options.limiter.acquire(chatId);
      } else if (EDIT_METHODS.has(method)) {
        await options.limiter.acquire();
      }
      try {
        return await callApi(method, payload, callOptions);
      } catch (error) {
        const failure = transientFailureOf(error);
        if (!failure || callOptions?.signal?.aborted) {
          throw error;
        }
        const facts = {
          method,
          attempt,
          failure: failure.kind,
          ...(failure.kind === 'server' ? { status: failure.status } : {}),
          ...(failure.kind === 'network' ? { code: failure.code } : {}),
        };
        let delayMs: number;
        if (failure.kind === 'rate-limited') {
          if (rateLimited++ >= policy.max429Retries) {
            throw error;
          }
          options.on429?.(method, failure.retryAfterSeconds);
          delayMs = failure.retryAfterSeconds * 1000;
        } else {
          if (NOT_RETRIED.has(method)) {
            throw error;
          }
          delayMs = retryDelayMs(unavailable++, policy);
          if (Date.now() + delayMs - startedAt > policy.deadlineMs) {
            options.logger?.warn(
              { ...facts, elapsed_ms: Date.now() - startedAt },
              'Bot API call failed past the retry deadline',
            );
            throw error;
          }
        }
        options.logger?.warn({ ...facts, delay_ms: delayMs }, 'Bot API call failed; retrying');
        await pause(delayMs, callOptions?.signal);
        if (callOptions?.signal?.aborted) {
          throw error;
        }
      }
    }
  }) as typeof telegram.callApi;
  return telegram;
}
