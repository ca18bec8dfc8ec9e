import type {
  BotStatsSnapshot,
  CreateBotOptions,
  CreateUserOptions,
} from '../telegram/telegram-emulator.js';
import type { SandboxBot, SandboxUser } from '../telegram/transcript.js';
import type { NotificationDelivery } from '../yookassa/notifier.js';
import type {
  CreateShopOptions,
  RecurringOutcome,
  YookassaShop,
} from '../yookassa/yookassa-emulator.js';
import type { YkPayment } from '../yookassa/yookassa-types.js';
import { controlRequest, httpTransport } from './chat-transport.js';
import { DEFAULT_WAIT_TIMEOUT_MS, SandboxChat } from './sandbox-chat.js';

/** A sandbox running in another process (e.g. `pnpm sandbox`), driven over its control API. */
export interface RemoteSandbox {
  readonly url: string;
  readonly telegram: {
    /** The value for telegraf's `apiRoot` / `TELEGRAM_API_ROOT`. */
    readonly apiRoot: string;
    createBot(options?: CreateBotOptions): Promise<SandboxBot>;
    createUser(options: CreateUserOptions): Promise<SandboxUser>;
    listBots(): Promise<SandboxBot[]>;
    listUsers(): Promise<SandboxUser[]>;
    stats(bot: SandboxBot | number): Promise<BotStatsSnapshot>;
  };
  readonly yookassa: {
    /** The value for the SDK's `basePath` / `YOOKASSA_API_URL`. */
    readonly apiUrl: string;
    createShop(options?: CreateShopOptions): Promise<YookassaShop>;
    pay(paymentId: string): Promise<YkPayment>;
    decline(paymentId: string): Promise<YkPayment>;
    /** Cancels a pending payment as if the customer never paid. */
    expire(paymentId: string): Promise<YkPayment>;
    listPayments(shopId?: string): Promise<YkPayment[]>;
    notifications(): Promise<NotificationDelivery[]>;
    /** What charges by a saved method do: see `YookassaEmulator.setRecurringOutcome`. */
    setRecurringOutcome(outcome: RecurringOutcome, options?: { once?: boolean }): Promise<void>;
    /** Revokes a saved payment method: later charges are canceled (permission_revoked). */
    revokePaymentMethod(paymentMethodId: string): Promise<void>;
    /** Sets (or clears) where the shop's notifications go. */
    setNotificationUrl(shopId: string, url: string | undefined): Promise<void>;
  };
  /** A user's chat with a bot; same API as in-process, but call `await chat.refresh()` before sync reads. */
  chat(bot: SandboxBot | number, user: SandboxUser | number): SandboxChat;
}

/**
 * Connects to a sandbox started elsewhere, for instance by `pnpm sandbox` at
 * `http://127.0.0.1:8081`.
 */
export function connectSandbox(
  url: string,
  options: { waitTimeoutMs?: number } = {},
): RemoteSandbox {
  const base = url.replace(/\/+$/, '');
  const telegramControl = `${base}/_sandbox/telegram`;
  const yookassaControl = `${base}/_sandbox/yookassa`;
  const idOf = (item: { id: number } | number) => (typeof item === 'number' ? item : item.id);
  return {
    url: base,
    telegram: {
      apiRoot: base,
      createBot: (botOptions = {}) => controlRequest(`${telegramControl}/bots`, botOptions),
      createUser: (userOptions) => controlRequest(`${telegramControl}/users`, userOptions),
      listBots: () => controlRequest(`${telegramControl}/bots`),
      listUsers: () => controlRequest(`${telegramControl}/users`),
      stats: (bot) => controlRequest(`${telegramControl}/bots/${idOf(bot)}/stats`),
    },
    yookassa: {
      apiUrl: `${base}/v3`,
      createShop: (shopOptions = {}) => controlRequest(`${yookassaControl}/shops`, shopOptions),
      pay: (paymentId) =>
        controlRequest(`${yookassaControl}/payments/${encodeURIComponent(paymentId)}/pay`, {}),
      decline: (paymentId) =>
        controlRequest(`${yookassaControl}/payments/${encodeURIComponent(paymentId)}/decline`, {}),
      listPayments: (shopId) =>
        controlRequest(
          `${yookassaControl}/payments${shopId ? `?shopId=${encodeURIComponent(shopId)}` : ''}`,
        ),
      expire: (paymentId) =>
        controlRequest(`${yookassaControl}/payments/${encodeURIComponent(paymentId)}/expire`, {}),
      notifications: () => controlRequest(`${yookassaControl}/notifications`),
      setRecurringOutcome: async (outcome, outcomeOptions = {}) => {
        await controlRequest(`${yookassaControl}/recurring-outcome`, {
          ...outcome,
          once: outcomeOptions.once === true,
        });
      },
      revokePaymentMethod: async (paymentMethodId) => {
        await controlRequest(
          `${yookassaControl}/payment-methods/${encodeURIComponent(paymentMethodId)}/revoke`,
          {},
        );
      },
      setNotificationUrl: async (shopId, notificationUrl) => {
        await controlRequest(
          `${yookassaControl}/shops/${encodeURIComponent(shopId)}/notification-url`,
          { url: notificationUrl },
        );
      },
    },
    chat: (bot, user) =>
      new SandboxChat(
        httpTransport(base, idOf(bot), idOf(user)),
        options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
      ),
  };
}
