import type { Redis } from 'ioredis';
import type { Update } from 'telegraf/types';

/** Handles one update; must not throw (the bot's error boundary catches handler errors). */
export type UpdateHandler = (update: Update) => Promise<void>;

/** The chat an update belongs to, for ordering; `undefined` for updates without one. */
export function chatIdOf(update: Update): number | undefined {
  if ('message' in update) {
    return update.message.chat.id;
  }
  if ('callback_query' in update) {
    return update.callback_query.message?.chat.id ?? update.callback_query.from.id;
  }
  if ('edited_message' in update) {
    return update.edited_message.chat.id;
  }
  if ('my_chat_member' in update) {
    return update.my_chat_member.chat.id;
  }
  return undefined;
}

/**
 * Runs updates with two guarantees. Updates of one chat run one after another, in the
 * order they came (a session is read and written by one handler at a time); different
 * chats run concurrently. And an update id is handled at most once per bot, across
 * replicas, restarts and Telegram's redeliveries: the id is claimed in Redis first.
 */
export class UpdateRunner {
  private readonly chains = new Map<number, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly redis: Redis,
    /** Key prefix of the tenant, `t:{slug}:`. */
    private readonly keyPrefix: string,
    private readonly handler: UpdateHandler,
    /** How long a handled update id is remembered. Telegram keeps updates for 24 h. */
    private readonly rememberSeconds = 86_400,
  ) {}

  /**
   * Queues the update behind earlier ones of its chat and resolves when it has run (or
   * was skipped as a duplicate).
   */
  run(update: Update): Promise<void> {
    const chatId = chatIdOf(update);
    const previous = chatId === undefined ? undefined : this.chains.get(chatId);
    const task = (previous ?? Promise.resolve()).then(() => this.runOnce(update));
    if (chatId !== undefined) {
      this.chains.set(chatId, task);
      void task.finally(() => {
        if (this.chains.get(chatId) === task) {
          this.chains.delete(chatId);
        }
      });
    }
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
    return task;
  }

  /** Resolves when every update accepted so far has run. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }

  private async runOnce(update: Update): Promise<void> {
    const claimed = await this.redis.set(
      `${this.keyPrefix}update:${update.update_id}`,
      '1',
      'EX',
      this.rememberSeconds,
      'NX',
    );
    if (claimed === 'OK') {
      await this.handler(update);
    }
  }
}
