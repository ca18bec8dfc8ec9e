import { conflict } from './telegram-errors.js';
import { type BotRecord, isAllowed, type TelegramState, updateType } from './telegram-state.js';
import type { TgUpdate, TgUpdateType } from './telegram-types.js';

/** How webhook deliveries are retried. */
export interface WebhookRetryOptions {
  /** Delay before the first retry, in milliseconds. */
  readonly initialDelayMs: number;
  /** Upper bound for the doubling delay, in milliseconds. */
  readonly maxDelayMs: number;
  /** How long one POST may take before it counts as failed, in milliseconds. */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryOptions = {
  initialDelayMs: 200,
  maxDelayMs: 5_000,
  requestTimeoutMs: 10_000,
};

export interface GetUpdatesRequest {
  readonly offset?: number;
  readonly limit: number;
  readonly timeoutSeconds: number;
  readonly allowedUpdates?: TgUpdateType[];
  /** Registers a callback for when the HTTP client goes away. */
  readonly onClose: (listener: () => void) => void;
}

interface PendingPoll {
  readonly bot: BotRecord;
  readonly limit: number;
  finish(updates: TgUpdate[]): void;
  fail(error: Error): void;
}

/** Executes a method a webhook receiver returned in its response body. */
export type WebhookReplyExecutor = (bot: BotRecord, body: Record<string, unknown>) => Promise<void>;

/**
 * Hands queued updates to bots: long polling with Telegram's one-poller rule, or webhook
 * POSTs in order, one at a time, retried with backoff until the receiver answers 2xx.
 */
export class UpdateDelivery {
  private readonly polls = new Map<number, PendingPoll>();
  private readonly webhookLoops = new Map<number, { wake: () => void }>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(
    private readonly state: TelegramState,
    private readonly retry: WebhookRetryOptions,
    private readonly executeReply: WebhookReplyExecutor,
  ) {
    state.on('update', (botId: number) => this.onUpdate(botId));
  }

  getUpdates(bot: BotRecord, request: GetUpdatesRequest): Promise<TgUpdate[]> {
    if (bot.webhook) {
      throw conflict(
        "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    // Telegram keeps one long poll per token: a newer request ends the older one with 409.
    const previous = this.polls.get(bot.info.id);
    if (previous) {
      this.polls.delete(bot.info.id);
      previous.fail(
        conflict(
          'terminated by other getUpdates request; make sure that only one bot instance is running',
        ),
      );
    }
    if (request.allowedUpdates) {
      bot.allowedUpdates = request.allowedUpdates;
    }
    this.confirm(bot, request.offset);
    const available = this.take(bot, request.limit);
    if (available.length > 0 || request.timeoutSeconds <= 0 || this.closed) {
      return Promise.resolve(this.markDelivered(bot, available));
    }
    return new Promise<TgUpdate[]>((resolve, reject) => {
      let settled = false;
      const settle = () => {
        settled = true;
        clearTimeout(timer);
        if (this.polls.get(bot.info.id) === poll) {
          this.polls.delete(bot.info.id);
        }
      };
      const poll: PendingPoll = {
        bot,
        limit: request.limit,
        finish: (updates) => {
          if (!settled) {
            settle();
            resolve(this.markDelivered(bot, updates));
          }
        },
        fail: (error) => {
          if (!settled) {
            settle();
            reject(error);
          }
        },
      };
      const timer = setTimeout(() => poll.finish([]), request.timeoutSeconds * 1000);
      this.polls.set(bot.info.id, poll);
      this.state.emit('poll', bot.info.id);
      request.onClose(() => {
        if (!settled) {
          settle();
          resolve([]);
        }
      });
    });
  }

  /** True while the bot has a long poll open. */
  isPolling(botId: number): boolean {
    return this.polls.has(botId);
  }

  /** Sets or replaces the webhook and starts delivering to it. */
  setWebhook(
    bot: BotRecord,
    webhook: NonNullable<BotRecord['webhook']>,
    dropPending: boolean,
  ): void {
    const active = this.polls.get(bot.info.id);
    if (active) {
      this.polls.delete(bot.info.id);
      active.fail(conflict('terminated by setWebhook request'));
    }
    bot.webhook = webhook;
    if (dropPending) {
      bot.queue.length = 0;
    }
    this.kickWebhook(bot);
  }

  deleteWebhook(bot: BotRecord, dropPending: boolean): boolean {
    const had = bot.webhook !== undefined;
    delete bot.webhook;
    if (dropPending) {
      bot.queue.length = 0;
    }
    this.webhookLoops.get(bot.info.id)?.wake();
    return had;
  }

  /** Stops polls and webhook loops; pending polls answer with no updates. */
  close(): void {
    this.closed = true;
    this.abort.abort();
    for (const poll of this.polls.values()) {
      poll.finish([]);
    }
    this.polls.clear();
    for (const loop of this.webhookLoops.values()) {
      loop.wake();
    }
  }

  private onUpdate(botId: number): void {
    const bot = this.state.botsById.get(botId);
    if (!bot) {
      return;
    }
    const poll = this.polls.get(botId);
    if (poll) {
      const updates = this.take(bot, poll.limit);
      if (updates.length > 0) {
        poll.finish(updates);
      }
    }
    if (bot.webhook) {
      this.kickWebhook(bot);
    }
  }

  /** Forgets updates below `offset`; a negative offset keeps only the last -offset updates. */
  private confirm(bot: BotRecord, offset: number | undefined): void {
    if (offset === undefined || offset === 0) {
      return;
    }
    if (offset < 0) {
      const keep = -offset;
      if (bot.queue.length > keep) {
        bot.queue.splice(0, bot.queue.length - keep);
      }
      return;
    }
    while (bot.queue.length > 0 && (bot.queue[0] as TgUpdate).update_id < offset) {
      bot.queue.shift();
    }
  }

  private take(bot: BotRecord, limit: number): TgUpdate[] {
    // Updates of a type the bot no longer wants are dropped, as Telegram never stores them.
    for (let index = bot.queue.length - 1; index >= 0; index -= 1) {
      if (!isAllowed(bot, updateType(bot.queue[index] as TgUpdate))) {
        bot.queue.splice(index, 1);
      }
    }
    return bot.queue.slice(0, limit);
  }

  private markDelivered(bot: BotRecord, updates: TgUpdate[]): TgUpdate[] {
    for (const update of updates) {
      bot.stats.deliveries[update.update_id] = (bot.stats.deliveries[update.update_id] ?? 0) + 1;
    }
    return updates;
  }

  private kickWebhook(bot: BotRecord): void {
    const existing = this.webhookLoops.get(bot.info.id);
    if (existing) {
      existing.wake();
      return;
    }
    let wakeSleep: (() => void) | undefined;
    const loop = {
      wake: () => wakeSleep?.(),
    };
    this.webhookLoops.set(bot.info.id, loop);
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wakeSleep = undefined;
          resolve();
        }
        wakeSleep = done;
      });
    const run = async () => {
      let failures = 0;
      while (!this.closed && bot.webhook && this.take(bot, 1).length > 0) {
        const webhook = bot.webhook;
        const update = bot.queue[0] as TgUpdate;
        this.markDelivered(bot, [update]);
        const error = await this.post(bot, webhook, update);
        if (error === undefined) {
          failures = 0;
          if (bot.queue[0] === update) {
            bot.queue.shift();
          }
          continue;
        }
        webhook.lastErrorDate = Math.floor(Date.now() / 1000);
        webhook.lastErrorMessage = error;
        const delay = Math.min(this.retry.initialDelayMs * 2 ** failures, this.retry.maxDelayMs);
        failures += 1;
        await sleep(delay);
      }
    };
    run()
      .catch(() => undefined)
      .finally(() => {
        this.webhookLoops.delete(bot.info.id);
        // An update may have arrived between the last check and the loop's end.
        if (!this.closed && bot.webhook && bot.queue.length > 0) {
          this.kickWebhook(bot);
        }
      });
  }

  /** POSTs one update; returns Telegram's error text on failure, undefined on success. */
  private async post(
    bot: BotRecord,
    webhook: NonNullable<BotRecord['webhook']>,
    update: TgUpdate,
  ): Promise<string | undefined> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (webhook.secretToken) {
      headers['x-telegram-bot-api-secret-token'] = webhook.secretToken;
    }
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(update),
        signal: AbortSignal.any([
          this.abort.signal,
          AbortSignal.timeout(this.retry.requestTimeoutMs),
        ]),
      });
      const body = await response.text();
      if (!response.ok) {
        return `Wrong response from the webhook: ${response.status} ${response.statusText}`;
      }
      await this.runReply(bot, response.headers.get('content-type'), body);
      return undefined;
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        return 'Read timeout expired';
      }
      const code = (error as { cause?: { code?: string } }).cause?.code;
      return code === 'ECONNREFUSED'
        ? 'Connection refused'
        : `Connection failed: ${String(code ?? error)}`;
    }
  }

  // A receiver may answer with a method call in the body; Telegram executes it.
  private async runReply(bot: BotRecord, contentType: string | null, body: string): Promise<void> {
    if (!contentType?.includes('application/json') || body.trim() === '') {
      return;
    }
    try {
      const parsed: unknown = JSON.parse(body);
      if (
        parsed &&
        typeof parsed === 'object' &&
        typeof (parsed as { method?: unknown }).method === 'string'
      ) {
        await this.executeReply(bot, parsed as Record<string, unknown>);
      }
    } catch {
      // Telegram ignores bodies it cannot use.
    }
  }
}
