import type { Redis } from 'ioredis';
import type { Update, User } from 'telegraf/types';

/**
 * Handles one update; must not throw (the bot's error boundary catches handler errors).
 * `prefetched` is what the runner's `prefetch` started for it, if anything.
 */
export type UpdateHandler = (update: Update, prefetched?: Promise<unknown>) => Promise<void>;

/**
 * Decides at arrival whether an update runs; `false` drops it (the gate answers the
 * user itself if it wants to). Runs before the update joins its chat's queue, so a
 * flood is cut when it comes, not after earlier updates have been handled.
 */
export type UpdateGate = (update: Update) => Promise<boolean>;

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

/** The user an update comes from, as telegraf's `ctx.from` sees it; `undefined` if none. */
export function userOf(update: Update): User | undefined {
  if ('message' in update) {
    return update.message.from;
  }
  if ('callback_query' in update) {
    return update.callback_query.from;
  }
  if ('edited_message' in update) {
    return update.edited_message.from;
  }
  if ('my_chat_member' in update) {
    return update.my_chat_member.from;
  }
  return undefined;
}

/** Options of {@link UpdateRunner}. */
export interface UpdateRunnerOptions {
  /** Redis with auto-pipelining, so a claim and a prefetch share a round trip. */
  redis: Redis;
  /** Key prefix of the bot, such as `t:{slug}:bot:<id>:`. */
  keyPrefix: string;
  handler: UpdateHandler;
  gate?: UpdateGate;
  /**
   * A read the handler will need (the user's session), started together with the
   * update's claim when the update's turn comes, and handed to the handler.
   */
  prefetch?: (update: Update) => Promise<unknown> | undefined;
  /** How long a handled update id is remembered. Telegram keeps updates for 24 h. */
  rememberSeconds?: number;
}

/**
 * Runs updates with two guarantees. Updates of one chat run one after another, in the
 * order they came (a session is read and written by one handler at a time); different
 * chats run concurrently. And an update id is handled at most once per bot, across
 * replicas, restarts and Telegram's redeliveries: the id is claimed in Redis first.
 * The optional gate sees each chat's updates in order too, but as they arrive: it does
 * not wait for earlier updates to be handled.
 */
export class UpdateRunner {
  private readonly gates = new Map<number, Promise<unknown>>();
  private readonly chains = new Map<number, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly redis: Redis;
  private readonly keyPrefix: string;
  private readonly handler: UpdateHandler;
  private readonly gate?: UpdateGate;
  private readonly prefetch?: (update: Update) => Promise<unknown> | undefined;
  private readonly rememberSeconds: number;

  constructor(options: UpdateRunnerOptions) {
    this.redis = options.redis;
    this.keyPrefix = options.keyPrefix;
    this.handler = options.handler;
    this.gate = options.gate;
    this.prefetch = options.prefetch;
    this.rememberSeconds = options.rememberSeconds ?? 86_400;
  }

  /** Updates accepted and not yet finished. */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Queues the update behind earlier ones of its chat and resolves when it has run, was
   * dropped by the gate, or was skipped as a duplicate.
   */
  run(update: Update): Promise<void> {
    const chatId = chatIdOf(update);
    const gate = this.gate;
    // When nothing of the chat is pending, as is usual, the update's claim and prefetch
    // are issued in the same tick as the gate's check: one round trip instead of two.
    // (Behind a pending update they must wait, or the prefetch would read a session
    // that update is about to change.) An update the gate drops is claimed all the
    // same, which is right: it has been decided, and a redelivery must not run it.
    const idle = chatId === undefined || !this.chains.has(chatId);
    const begun = idle ? this.begin(update) : undefined;
    const admitted = this.chain(this.gates, chatId, async () => (gate ? gate(update) : true));
    const task = this.chain(this.chains, chatId, async () => {
      if (await admitted) {
        await this.runOnce(update, begun);
      }
    });
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task)).catch(() => undefined);
    return task;
  }

  /** Resolves when every update accepted so far has run. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }

  private chain<T>(
    chains: Map<number, Promise<unknown>>,
    chatId: number | undefined,
    step: () => Promise<T>,
  ): Promise<T> {
    const previous = chatId === undefined ? undefined : chains.get(chatId);
    // A failed step must not stop the chat's later updates.
    const next = previous ? previous.then(step, step) : step();
    if (chatId !== undefined) {
      chains.set(chatId, next);
      void next
        .finally(() => {
          if (chains.get(chatId) === next) {
            chains.delete(chatId);
          }
        })
        .catch(() => undefined);
    }
    return next;
  }

  /** Claims the update and starts its prefetch; neither is awaited yet. */
  private begin(update: Update): Begun {
    const claimed = this.redis
      .set(`${this.keyPrefix}update:${update.update_id}`, '1', 'EX', this.rememberSeconds, 'NX')
      .then((reply) => reply === 'OK');
    // Issued in the same tick as the claim, so both travel in one round trip.
    const prefetched = this.prefetch?.(update);
    // Observed here, so that a failure never becomes an unhandled rejection (the gate
    // may drop the update, or the update be a duplicate); whoever awaits them still
    // sees it.
    claimed.catch(() => undefined);
    prefetched?.catch(() => undefined);
    return { claimed, prefetched };
  }

  private async runOnce(update: Update, begun = this.begin(update)): Promise<void> {
    if (await begun.claimed) {
      await this.handler(update, begun.prefetched);
    }
  }
}

/** An update's claim (true when this runner won it) and its prefetch, under way. */
interface Begun {
  claimed: Promise<boolean>;
  prefetched: Promise<unknown> | undefined;
}
