export { type AntiFloodOptions, antiFloodGate } from './anti-flood.js';
export {
  type Bot,
  type BotOptions,
  botIdOf,
  createBot,
  type UpdateHandledHook,
} from './bot.js';
export { callbackAction, outdatedButtons } from './callback-action.js';
export { CALLBACK_DATA_MAX_BYTES, CallbackCodec } from './callback-data.js';
export type { AnyBotContext, BotContext, TenantScope } from './context.js';
export { type ErrorTextKey, errorBoundary } from './error-boundary.js';
export {
  BOT_LOCALES,
  type BotLocale,
  createI18n,
  type Dictionary,
  escapeHtml,
  html,
  htmlToPlain,
  isBotLocale,
  localeFromLanguageCode,
  storedLocale,
  type TextParams,
  type Translate,
  TrustedHtml,
} from './i18n/i18n.js';
export { BOT_KIT_TEXTS, type BotKitTextKey } from './i18n/texts.js';
export { type BotIntake, type BotIntakeOptions, startBotIntake } from './intake/bot-intake.js';
export {
  LeasedPoller,
  type LeasedPollerOptions,
  type PolledUpdateRunner,
} from './intake/leased-poller.js';
export {
  chatIdOf,
  type RunOptions,
  type UpdateGate,
  type UpdateHandler,
  UpdateNotClaimedError,
  UpdateRunner,
  type UpdateRunnerOptions,
} from './intake/update-runner.js';
export {
  registerTelegramWebhooks,
  TELEGRAM_WEBHOOK_PATH,
  type TelegramWebhookOptions,
  telegramWebhookHandler,
  type WebhookRoute,
  type WebhookSecrets,
  webhookSecrets,
} from './intake/webhook-server.js';
export {
  type CalendarDay,
  type CalendarDayStatus,
  type CalendarKeyboardOptions,
  calendarKeyboard,
  shiftMonth,
} from './keyboards/calendar.js';
export {
  TIMES_PER_PAGE,
  type TimeGridOptions,
  type TimeOption,
  timeGridKeyboard,
} from './keyboards/time-grid.js';
export { telegramErrorCode, telegramSendFailure } from './send-failure.js';
export { type RedisSessionOptions, redisSession, sessionKey } from './session.js';
export { createTelegramClient, type TelegramClientOptions } from './telegram-client.js';
export {
  DEFAULT_TELEGRAM_RATE_LIMITS,
  type RateLimit,
  sleep,
  TelegramRateLimiter,
  type TelegramRateLimits,
  takeFromBuckets,
} from './telegram-limiter.js';
export { callbackCodecFor, TelegramPool, type TelegramPoolOptions } from './telegram-pool.js';
export {
  DEFAULT_TELEGRAM_RETRY,
  isTelegramUnavailable,
  type TelegramRetryPolicy,
  type TransientFailure,
  transientFailureOf,
} from './telegram-retry.js';
export { createTenantBot, type TenantBot, type TenantBotOptions } from './tenant-bot.js';
