import type { Logger } from '@booking/core';
import type { Redis } from 'ioredis';
import type { Update, User } from 'telegraf/types';

/**
 * Handles one update and answers the user, whatever happened (the bot's error boundary
 * turns a handler's error into an apology). It throws only when the update could not be
 * handled at all: the runner then forgets its claim, so that a redelivery may run it.
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
  /**
   * Time limit of one update, in milliseconds. Past it the chat's next update runs and
   * the intake hears that this one is done; the handler itself is not stopped (it has
   * statement and command timeouts of its own). Default 60 s: above the statement limit
   * (20 s) and one Bot API call's retry deadline (30 s), so only a hang reaches it.
   */
  timeLimitMs?: number;
  /** Where Redis trouble and overrunning updates are reported. */
  logger?: Logger;
}

/** Options of one {@link UpdateRunner.run}. */
export interface RunOptions {
  /**
   * Refuse the update (the returned promise rejects with {@link UpdateNotClaimedError})
   * when its claim cannot be made, instead of running it unclaimed. For a webhook:
   * Telegram then delivers it again.
   */
  requireClaim?: boolean;
}

/** The update's claim could not be made (Redis is unreachable): it did not run. */
export class UpdateNotClaimedError extends Error {
  constructor(
    readonly updateId: number,
    options?: ErrorOptions,
  ) {
    super(`update ${updateId} not claimed: Redis is unreachable`, options);
    this.name = 'UpdateNotClaimedError';
  }
}

/**
 * Runs updates with two guarantees. Updates of one chat run one after another, in the
 * order they came (a session is read and written by one handler at a time); different
 * chats run concurrently. And an update id is handled at most once per bot, across
 * replicas, restarts and Telegram's redeliveries: the id is claimed in Redis first.
 * The optional gate sees each chat's updates in order too, but as they arrive: it does
 * not wait for earlier updates to be handled.
 *
 * While Redis is unreachable no update is lost: a gate that fails lets the update in,
 * and an update whose claim fails either runs unclaimed (polling: the lease holder is
 * the only reader of the token's updates, so nobody else runs it) or is refused with
 * {@link UpdateNotClaimedError} (`requireClaim`, webhooks: Telegram redelivers it).
 * See docs/architecture.md, "Updates during a Redis outage".
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
  private readonly timeLimitMs: number;
  private readonly logger?: Logger;

  constructor(options: UpdateRunnerOptions) {
    this.redis = options.redis;
    this.keyPrefix = options.keyPrefix;
    this.handler = options.handler;
    this.gate = options.gate;
    this.prefetch = options.prefetch;
    this.rememberSeconds = options.rememberSeconds ?? 86_400;
    this.timeLimitMs = options.timeLimitMs ?? 60_000;
    this.logger = options.logger;
  }

  /** Updates accepted and not yet finished. */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Queues the update behind earlier ones of its chat and resolves when it has run (or
   * overran its time limit), was dropped by the gate, or was skipped as a duplicate.
   * Rejects when it did not run: its handler threw, or `requireClaim` and no claim.
   */
  run(update: Update, options: RunOptions = {}): Promise<void> {
    const chatId = chatIdOf(update);
    // When nothing of the chat is pending, as is usual, the update's claim and prefetch
    // are issued in the same tick as the gate's check: one round trip instead of two.
    // (Behind a pending update they must wait, or the prefetch would read a session
    // that update is about to change.) An update the gate drops is claimed all the
    // same, which is right: it has been decided, and a redelivery must not run it.
    const idle = chatId === undefined || !this.chains.has(chatId);
    const begun = idle ? this.begin(update) : undefined;
    const admitted = this.chain(this.gates, chatId, () => this.admit(update));
    const task = this.chain(this.chains, chatId, async () => {
      if (await admitted) {
        await this.runOnce(update, options, begun);
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

  /** The gate's verdict; a gate that fails (Redis is down) lets the update in. */
  private async admit(update: Update): Promise<boolean> {
    if (!this.gate) {
      return true;
    }
    try {
      return await this.gate(update);
    } catch (error) {
      this.logger?.warn({ err: error, update_id: update.update_id }, 'update gate failed: let in');
      return true;
    }
  }

  private claimKey(update: Update): string {
    return `${this.keyPrefix}update:${update.update_id}`;
  }

  /** Claims the update and starts its prefetch; neither is awaited yet. */
  private begin(update: Update): Begun {
    const claimed = this.redis
      .set(this.claimKey(update), '1', 'EX', this.rememberSeconds, 'NX')
      .then(
        (reply): Claim => (reply === 'OK' ? 'won' : 'taken'),
        (error: unknown): Claim => {
          this.logger?.warn({ err: error, update_id: update.update_id }, 'update not claimed');
          return 'unreachable';
        },
      );
    // Issued in the same tick as the claim, so both travel in one round trip.
    const prefetched = this.prefetch?.(update);
    // Observed here, so that a failure never becomes an unhandled rejection (the gate
    // may drop the update, or the update be a duplicate); whoever awaits it still
    // sees it.
    prefetched?.catch(() => undefined);
    return { claimed, prefetched };
  }

  private async runOnce(
    update: Update,
    options: RunOptions,
    begun = this.begin(update),
  ): Promise<void> {
    const claim = await begun.claimed;
    if (claim === 'taken') {
      return;
    }
    if (claim === 'unreachable' && options.requireClaim) {
      throw new UpdateNotClaimedError(update.update_id);
    }
    try {
      await this.withinTimeLimit(update, this.handler(update, begun.prefetched));
    } catch (error) {
      if (claim === 'won') {
        // Not handled: a redelivery must find the id free.
        await this.redis.del(this.claimKey(update)).catch(() => undefined);
      }
      throw error;
    }
  }

  /** Waits for `handling`, but no longer than the time limit. */
  private async withinTimeLimit(update: Update, handling: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const overran = new Promise<'overran'>((resolve) => {
      timer = setTimeout(() => resolve('overran'), this.timeLimitMs);
    });
    try {
      if ((await Promise.race([handling, overran])) === 'overran') {
        // The chat's later updates and the intake go on; the handler finishes (or
        // fails, and is logged by the bot) in the background.
        handling.catch(() => undefined);
        this.logger?.warn(
          { update_id: update.update_id, limitMs: this.timeLimitMs },
          'update overran its time limit',
        );
      }
    } finally {
      clearTimeout(timer);
    }
  }
}

/** How an update's claim went: ours, another's (a duplicate), or not made at all. */
type Claim = 'won' | 'taken' | 'unreachable';

/** An update's claim and its prefetch, under way. */
interface Begun {
  claimed: Promise<Claim>;
  prefetched: Promise<unknown> | undefined;
}
