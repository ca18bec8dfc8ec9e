import { type Logger, RedisScript } from '@booking/core';
import type { Redis } from 'ioredis';
import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { telegramErrorCode } from '../send-failure.js';
import { sleep } from '../telegram-limiter.js';
import type { UpdateRunner } from './update-runner.js';

/** What the poller hands updates to: an {@link UpdateRunner}, or one built on first use. */
export type PolledUpdateRunner = Pick<UpdateRunner, 'run' | 'drain' | 'pending'>;

/** Options of {@link LeasedPoller}. */
export interface LeasedPollerOptions {
  telegram: Telegram;
  redis: Redis;
  /** Key prefix of the tenant, `t:{slug}:`: the lease and the offset live under it. */
  keyPrefix: string;
  /** Who holds the lease; unique per process. */
  instanceId: string;
  runner: PolledUpdateRunner;
  logger: Logger;
  /** Lease lifetime; a dead holder is replaced after at most this long. Default 15 s. */
  leaseMs?: number;
  /** Long-poll timeout of getUpdates, in seconds. Default 25. */
  pollTimeoutSeconds?: number;
  allowedUpdates?: string[];
  /**
   * Longest pause between attempts while polling or taking the lease keeps failing (a
   * revoked token, Redis down); pauses double from 1 s up to it. Default 60 s.
   */
  maxBackoffMs?: number;
  /**
   * Told once when Telegram refuses the token (401: revoked; 404: the bot was deleted);
   * the poller has stopped by then and let the lease go, since asking again cannot
   * help until the owner gives a new token. Absent: the poller keeps asking, backing off.
   */
  onTokenRejected?: (code: 401 | 404) => void;
  /**
   * Pause after an empty answer that came back sooner than this (a server that does not
   * hold long polls), instead of asking again at once. Default 500 ms; the pause is
   * as long.
   */
  emptyPollPauseMs?: number;
}

/** Failed attempts in a row after which the poller says it is not ready. */
const UNREADY_AFTER_FAILURES = 3;

/** Updates in hand above which polling pauses. */
const MAX_PENDING_UPDATES = 1_000;

// Renew only a lease we still hold; release likewise.
const RENEW = new RedisScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`,
);
const RELEASE = new RedisScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`,
);

/**
 * Long polling for one bot token across replicas. Telegram allows one getUpdates caller
 * per token (a second gets 409 Conflict), so replicas compete for a Redis lease: the
 * holder polls and renews it; the others wait and take over when it expires, resuming
 * from the offset the holder stored. On stop the lease is released at once.
 */
export class LeasedPoller {
  private running = false;
  private holding = false;
  private loop: Promise<void> | undefined;
  private poll: AbortController | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  /** Attempts (to take the lease, or to poll) that failed in a row. */
  private failures = 0;
  private crashed = false;
  /**
   * The next update id to ask for, kept in memory while the lease is held (and in Redis
   * for whoever takes over); read from Redis again after taking the lease.
   */
  private offset: number | undefined;
  private readonly leaseKey: string;
  private readonly offsetKey: string;
  private readonly leaseMs: number;

  constructor(private readonly options: LeasedPollerOptions) {
    this.leaseKey = `${options.keyPrefix}poll:lease`;
    this.offsetKey = `${options.keyPrefix}poll:offset`;
    this.leaseMs = options.leaseMs ?? 15_000;
  }

  /** Whether this process holds the lease now. */
  get isPolling(): boolean {
    return this.holding;
  }

  /**
   * Resolves while the poller does its job: it polls, or it waits for the lease and can
   * ask for it. Rejects, naming the trouble, once taking the lease or polling failed
   * {@link UNREADY_AFTER_FAILURES} times in a row (Redis unreachable, a revoked token),
   * or when the loop is not running. For `/ready`.
   */
  async ready(): Promise<void> {
    if (!this.running || this.crashed) {
      throw new Error('the polling loop is not running');
    }
    if (this.failures >= UNREADY_AFTER_FAILURES) {
      throw new Error(`polling failed ${this.failures} times in a row`);
    }
  }

  /** Starts competing for the lease and polling while holding it. */
  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.crashed = false;
    this.loop = this.run().catch((error: unknown) => {
      // Every step of the loop catches its errors; this is a bug, and /ready says so.
      this.crashed = true;
      this.options.logger.fatal({ err: error }, 'polling loop crashed');
    });
  }

  /** Stops polling, waits for the updates in hand, releases the lease. */
  async stop(): Promise<void> {
    this.running = false;
    this.poll?.abort();
    await this.loop;
    await this.options.runner.drain();
    await this.release();
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    while (this.running) {
      try {
        // Taking the lease talks to Redis and may fail like polling: inside the try, or
        // one Redis blip would end a standby's loop for good.
        if (!this.holding && !(await this.acquire())) {
          this.failures = 0;
          // Jitter, so that waiting replicas do not ask in lockstep.
          await this.pause(this.leaseMs / 3 + Math.random() * 500);
          continue;
        }
        await this.pollOnce();
        this.failures = 0;
      } catch (error) {
        if (!this.running) {
          break;
        }
        if (this.poll?.signal.aborted) {
          // The lease was lost mid-poll: compete for it again.
          this.poll = undefined;
          continue;
        }
        this.failures += 1;
        const code = telegramErrorCode(error);
        if ((code === 401 || code === 404) && this.options.onTokenRejected) {
          // The owner of the callback logs it, once.
          this.running = false;
          await this.release();
          this.options.onTokenRejected(code);
          break;
        }
        // 409: a poller outside our lease (an old process, a webhook) holds the token.
        // 401: the token was revoked; only the owner can fix that, so ask rarely.
        const pauseMs = this.backoffMs(code === 409 ? 5_000 : 1_000);
        logger.warn(
          { err: error, code, failures: this.failures, pauseMs },
          code === 409 ? 'getUpdates conflict' : 'polling failed',
        );
        await this.pause(pauseMs);
      }
    }
  }

  /** `firstMs`, doubled for each further failure in a row, up to the ceiling. */
  private backoffMs(firstMs: number): number {
    const ceiling = this.options.maxBackoffMs ?? 60_000;
    return Math.min(ceiling, firstMs * 2 ** Math.min(this.failures - 1, 16));
  }

  private async pollOnce(): Promise<void> {
    const { telegram, redis, runner } = this.options;
    this.offset ??= Number((await redis.get(this.offsetKey)) ?? 0);
    const offset = this.offset;
    this.poll = new AbortController();
    const asked = Date.now();
    const updates = (await telegram.callApi(
      'getUpdates',
      {
        offset,
        timeout: this.options.pollTimeoutSeconds ?? 25,
        allowed_updates: (this.options.allowedUpdates ?? ['message', 'callback_query']) as never,
      },
      { signal: this.poll.signal as never },
    )) as Update[];
    if (updates.length === 0) {
      // A server that answers a long poll at once would otherwise be asked in a loop.
      const emptyPauseMs = this.options.emptyPollPauseMs ?? 500;
      if (Date.now() - asked < emptyPauseMs) {
        await this.pause(emptyPauseMs);
      }
      return;
    }
    // Updates run while the next poll waits: one slow chat (a flood, a user's rate
    // limit) must not hold back everyone else. The runner keeps each chat in order, and
    // its claimed ids make a replay after a takeover harmless. The price: updates in hand
    // when a process dies are lost, as they would be mid-handler anyway.
    for (const update of updates) {
      runner.run(update).catch((error: unknown) => {
        this.options.logger.error(
          { err: error, update_id: update.update_id },
          'update runner failed',
        );
      });
    }
    const last = updates[updates.length - 1] as Update;
    this.offset = last.update_id + 1;
    // For whoever takes over. Not awaited: while Redis is away polling goes on from the
    // offset in memory (the next getUpdates confirms the batch to Telegram).
    redis.set(this.offsetKey, String(this.offset)).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'could not store the polling offset');
    });
    // Back-pressure: stop fetching while too much is in hand.
    while (this.running && runner.pending > MAX_PENDING_UPDATES) {
      await sleep(50);
    }
  }

  private async acquire(): Promise<boolean> {
    const { redis, instanceId, telegram, logger } = this.options;
    const ok = await redis.set(this.leaseKey, instanceId, 'PX', this.leaseMs, 'NX');
    if (ok !== 'OK') {
      return false;
    }
    this.holding = true;
    this.offset = undefined;
    logger.info('took the polling lease');
    this.renewTimer = setInterval(() => {
      RENEW.run(redis, [this.leaseKey], [instanceId, this.leaseMs]).then(
        (renewed) => {
          if (Number(renewed) !== 1) {
            this.loseLease('lost the polling lease');
          }
        },
        (error: unknown) => logger.warn({ err: error }, 'could not renew the polling lease'),
      );
    }, this.leaseMs / 3);
    // getUpdates answers 409 while a webhook is set; polling mode owns the token now.
    await telegram.deleteWebhook().catch((error: unknown) => {
      logger.warn({ err: error }, 'deleteWebhook failed');
    });
    return true;
  }

  private loseLease(message: string): void {
    this.options.logger.warn(message);
    this.holding = false;
    clearInterval(this.renewTimer);
    this.poll?.abort();
  }

  private async release(): Promise<void> {
    clearInterval(this.renewTimer);
    if (this.holding) {
      this.holding = false;
      // Best effort: without Redis the lease simply expires, and shutdown must go on.
      await RELEASE.run(this.options.redis, [this.leaseKey], [this.options.instanceId]).catch(
        (error: unknown) => this.options.logger.warn({ err: error }, 'could not release the lease'),
      );
    }
  }

  private async pause(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.running && Date.now() < deadline) {
      await sleep(Math.min(200, deadline - Date.now()));
    }
  }
}
