/**
 * @booking/sandbox: local Telegram Bot API and YooKassa API v3 emulators, a web chat and a
 * test client. Start everything with {@link startSandbox}; connect to a running
 * `pnpm sandbox` with {@link connectSandbox}.
 */
export type { ChatTransport } from './client/chat-transport.js';
export { connectSandbox, type RemoteSandbox } from './client/remote-sandbox.js';
export {
  DEFAULT_WAIT_TIMEOUT_MS,
  SandboxChat,
  SandboxWaitError,
  type WaitOptions,
} from './client/sandbox-chat.js';
export { type Sandbox, type SandboxOptions, startSandbox } from './sandbox.js';
export type { TelegramFault } from './telegram/faults.js';
export {
  type BucketLimit,
  DEFAULT_TELEGRAM_LIMITS,
  type TelegramLimits,
} from './telegram/rate-limiter.js';
export {
  type BotRef,
  type BotStatsSnapshot,
  CALLBACK_DATA_MAX_BYTES,
  type CallbackPressResult,
  type CreateBotOptions,
  type CreateUserOptions,
  MAX_USER_TEXT_LENGTH,
  type PressOptions,
  type PressResult,
  TelegramEmulator,
  type TelegramEmulatorOptions,
  type UserDocument,
  type UserRef,
} from './telegram/telegram-emulator.js';
export type * from './telegram/telegram-types.js';
export {
  type CallbackAnswer,
  type CallbackRecord,
  formatTranscript,
  type SandboxBot,
  type SandboxUser,
  type Transcript,
  type TranscriptMessage,
} from './telegram/transcript.js';
export type { WebhookRetryOptions } from './telegram/update-delivery.js';
export type { NotificationDelivery, NotificationRetryOptions } from './yookassa/notifier.js';
export {
  type CreateShopOptions,
  type RecurringOutcome,
  YookassaEmulator,
  type YookassaEmulatorOptions,
  type YookassaShop,
} from './yookassa/yookassa-emulator.js';
export type * from './yookassa/yookassa-types.js';
