import type { Logger } from '@booking/core';
import type { Redis } from 'ioredis';
import { Context, type Middleware, Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { antiFloodGate } from './anti-flood.js';
import type { AnyBotContext, BotContext } from './context.js';
import { type ErrorTextKey, errorBoundary } from './error-boundary.js';
import { type BotLocale, localeFromLanguageCode, type Translate } from './i18n/i18n.js';
import { UpdateRunner, userOf } from './intake/update-runner.js';
import { readSession, redisSession, sessionKey } from './session.js';
import { createTelegramClient } from './telegram-client.js';
import {
  DEFAULT_TELEGRAM_RATE_LIMITS,
  type RateLimit,
  TelegramRateLimiter,
  type TelegramRateLimits,
} from './telegram-limiter.js';
import type { TelegramRetryPolicy } from './telegram-retry.js';

/** Options of {@link createBot}. */
export interface BotOptions<S extends object, Scope> {
  /** What the bot serves, put on every context as `ctx.scope`. */
  scope: Scope;
  /**
   * Redis key prefix of everything the bot keeps (sessions, flood counters, the rate
   * limiter, polling lease and offset). It carries a hash tag, e.g. `t:{acme}:` for a
   * tenant's bot or `p:{sales}:` for the storefront, so a Redis Cluster keeps it on one slot.
   */
  keyPrefix: string;
  /** Fields every log line of this bot carries, e.g. `{ tenant: 'acme' }` or `{ bot: 'sales' }`. */
  logBindings: Record<string, string>;
  /** The decrypted bot token. */
  token: string;
  redis: Redis;
  logger: Logger;
  /** Bot API root: `https://api.telegram.org`, or the sandbox's. */
  apiRoot: string;
  /** The translator of a locale. */
  translator: (locale: BotLocale) => Translate | Promise<Translate>;
  /** The locale of a user whose Telegram language the bot does not speak. */
  fallbackLocale: BotLocale;
  /** The app's text key of each error code (one exhaustive switch in the app). */
  errorTextKey: ErrorTextKey;
  initialSession: () => S;
  /** See `RedisSessionOptions.restore`: what a user's new session starts with. */
  restoreSession?: (ctx: BotContext<S, Scope>) => Promise<Partial<S>>;
  /** The user's chosen locale, if the session holds one. */
  sessionLocale?: (session: S) => BotLocale | undefined;
  sessionTtlSeconds?: number;
  limits?: TelegramRateLimits;
  /** Per-user limit of the anti-flood gate. */
  antiFlood?: { limit?: RateLimit };
  /** Called after each update a handler ran (metrics, benchmarks). */
  onUpdateHandled?: UpdateHandledHook;
  /** Called when Telegram answered 429 despite the limiter. */
  on429?: (method: string, retryAfterSeconds: number) => void;
  /** Time limit of one update, in milliseconds; see `UpdateRunnerOptions.timeLimitMs`. */
  updateTimeLimitMs?: number;
  /** How failed Bot API calls are retried; bot-kit's default policy for what is not given. */
  retry?: Partial<TelegramRetryPolicy>;
}

/** Told the duration of each update a handler ran, in milliseconds, and the update. */
export type UpdateHandledHook = (durationMs: number, update: Update) => void;

/** A bot, ready for an intake (polling or webhook) to feed. */
export interface Bot<C extends AnyBotContext> {
  bot: Telegraf<C>;
  /** Runs updates in order per chat and at most once; give it to an intake. */
  runner: UpdateRunner;
  /** Redis key prefix of this bot's token (`<keyPrefix>bot:<id>:`), for its polling lease and offset. */
  botKeyPrefix: string;
}

/** The numeric bot id at the start of a token; the part before the colon is not secret. */
export function botIdOf(token: string): string {
  return token.split(':')[0] ?? 'unknown';
}

/**
 * Builds a telegraf bot with the plumbing every bot of the platform shares: an anti-flood
 * gate on intake; then, in order, the scope and logger on the context; the error boundary
 * (the app's words for each error code); the translator; the Redis session (and the locale
 * it may hold); then `features`. Every outgoing call goes through the rate-limited client.
 * Whatever escapes the error boundary (the user was not answered) rejects the runner's
 * handling of the update, which the intake logs or redelivers; no update can crash the
 * process.
 */
export function createBot<S extends object, Scope, C extends BotContext<S, Scope>>(
  options: BotOptions<S, Scope>,
  features: ReadonlyArray<Middleware<C>>,
): Bot<C> {
  const { keyPrefix, scope, fallbackLocale } = options;
  // Polling offsets and handled update ids belong to the token, not only the scope: a
  // tenant that switches to a new bot starts from that bot's first update.
  const botKeyPrefix = `${keyPrefix}bot:${botIdOf(options.token)}:`;
  const bot = new Telegraf<C>(options.token, {
    telegram: { apiRoot: options.apiRoot, webhookReply: false },
  });
  const botLog = options.logger.child(options.logBindings);
  bot.telegram = createTelegramClient(options.token, {
    apiRoot: options.apiRoot,
    limiter: new TelegramRateLimiter(
      options.redis,
      `${keyPrefix}rl`,
      options.limits ?? DEFAULT_TELEGRAM_RATE_LIMITS,
    ),
    on429: options.on429,
    retry: options.retry,
    logger: botLog,
  });

  /**
   * The context of this bot's updates. Most updates never log, so the update's child
   * logger (pino compiles its redaction for every child) is made on first use.
   */
  class ScopedContext extends Context {
    #log: Logger | undefined;
    get log(): Logger {
      this.#log ??= botLog.child({ update_id: this.update.update_id });
      return this.#log;
    }
  }
  bot.use(async (ctx, next) => {
    ctx.scope = scope;
    ctx.locale = localeFromLanguageCode(ctx.from?.language_code, fallbackLocale);
    await next();
  });
  // Before the translator, which may read Postgres: when that fails the user still
  // hears an apology (in bot-kit's own words).
  bot.use(errorBoundary<C>(options.errorTextKey));
  bot.use(async (ctx, next) => {
    const translate = await options.translator(ctx.locale);
    ctx.t = (key, params) => translate(key, params as Parameters<Translate>[1]);
    await next();
  });
  const sessionTtlSeconds = options.sessionTtlSeconds ?? 7 * 86_400;
  // Session reads started by the runner together with each update's claim.
  const sessionReads = new WeakMap<Update, { key: string; value: Promise<string | null> }>();
  bot.use(
    redisSession<S, C>({
      redis: options.redis,
      keyPrefix,
      ttlSeconds: sessionTtlSeconds,
      initial: options.initialSession,
      restore: options.restoreSession,
      preloaded: (ctx) => sessionReads.get(ctx.update),
    }),
  );
  if (options.sessionLocale) {
    const sessionLocale = options.sessionLocale;
    bot.use(async (ctx, next) => {
      const chosen = sessionLocale(ctx.session);
      if (chosen && chosen !== ctx.locale) {
        ctx.locale = chosen;
        const translate = await options.translator(chosen);
        ctx.t = (key, params) => translate(key, params as Parameters<Translate>[1]);
      }
      await next();
    });
  }
  for (const feature of features) {
    bot.use(feature);
  }

  // Telegraf's handleUpdate builds a fresh Telegram client per update, which would skip
  // the rate limiter; contexts are built here around the one limited client instead.
  const telegram = bot.telegram;
  const middleware = bot.middleware();
  const handle = async (update: Update, prefetched?: Promise<unknown>): Promise<void> => {
    const userId = userOf(update)?.id;
    if (prefetched !== undefined && userId !== undefined) {
      sessionReads.set(update, {
        key: sessionKey(keyPrefix, userId),
        value: prefetched as Promise<string | null>,
      });
    }
    bot.botInfo ??= await telegram.getMe();
    const ctx = new ScopedContext(update, telegram, bot.botInfo) as unknown as C;
    const started = performance.now();
    // The error boundary answers whatever a handler throws; what still escapes means
    // the user heard nothing. The runner is told (it logs it, frees the update's claim,
    // and a webhook asks Telegram for the update again).
    await middleware(ctx, async () => {});
    options.onUpdateHandled?.(performance.now() - started, update);
  };
  const gate = antiFloodGate({
    redis: options.redis,
    keyPrefix,
    telegram,
    logger: botLog,
    slowDownText: async (update) => {
      const from = userOf(update);
      const translate = await options.translator(
        localeFromLanguageCode(from?.language_code, fallbackLocale),
      );
      return translate('flood.slow_down');
    },
    ...options.antiFlood,
  });
  const runner = new UpdateRunner({
    redis: options.redis,
    keyPrefix: botKeyPrefix,
    handler: handle,
    gate,
    logger: botLog,
    timeLimitMs: options.updateTimeLimitMs,
    prefetch: (update) => {
      const userId = userOf(update)?.id;
      return userId === undefined
        ? undefined
        : readSession(options.redis, sessionKey(keyPrefix, userId), sessionTtlSeconds);
    },
  });
  return { bot, runner, botKeyPrefix };
}
