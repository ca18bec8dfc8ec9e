import { RedisScript } from '@booking/core';
import type { Redis } from 'ioredis';

/** A rate: `ratePerSecond` sustained, with bursts of up to `burst` calls. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

/** Limits of one bot's outgoing messages. */
export interface TelegramRateLimits {
  /** New messages in one chat. Telegram asks for about 1 per second. */
  perChat: RateLimit;
  /** Every message and edit of the bot. Telegram allows about 30 per second. */
  perBot: RateLimit;
}

/**
 * Below Telegram's published limits on purpose, so that replicas sharing one bot and
 * clock skew never push a bot over them.
 */
export const DEFAULT_TELEGRAM_RATE_LIMITS: TelegramRateLimits = {
  perChat: { ratePerSecond: 1, burst: 3 },
  perBot: { ratePerSecond: 25, burst: 25 },
};

// GCRA over Redis time, so every replica shares one budget and one clock. Both buckets
// are checked first and updated only when both allow the call. Returns 0 when the call
// may go now, else the milliseconds to wait before asking again.
const ACQUIRE_SCRIPT = new RedisScript(`
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local wait = 0
local new_tats = {}
for i = 1, #KEYS do
  local interval = tonumber(ARGV[(i - 1) * 2 + 1])
  local burst = tonumber(ARGV[(i - 1) * 2 + 2])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  local allow_at = tat + interval - burst * interval
  if allow_at > now and allow_at - now > wait then wait = allow_at - now end
  new_tats[i] = tat + interval
end
if wait > 0 then return wait end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], new_tats[i], 'PX', math.max(1, math.ceil(new_tats[i] - now)))
end
return 0
`);

/**
 * One GCRA check without waiting: takes a unit from every bucket and returns 0 when
 * all allow it, else takes nothing and returns the milliseconds until they would.
 * Buckets are `[key, rate]` pairs; keys expire on their own.
 */
export async function takeFromBuckets(
  redis: Redis,
  buckets: ReadonlyArray<readonly [key: string, limit: RateLimit]>,
): Promise<number> {
  const keys = buckets.map(([key]) => key);
  const args = buckets.flatMap(([, limit]) => [1000 / limit.ratePerSecond, limit.burst]);
  return Number(await ACQUIRE_SCRIPT.run(redis, keys, args));
}

/**
 * The same GCRA over this process's clock, for when Redis cannot be asked: the budget is
 * then this process's alone, which errs on the generous side only while several
 * replicas send to one bot during a Redis outage.
 */
class LocalBuckets {
  /** Theoretical arrival time of each bucket's next call, in ms. */
  private readonly tats = new Map<string, number>();

  take(buckets: ReadonlyArray<readonly [key: string, limit: RateLimit]>): number {
    const now = Date.now();
    let wait = 0;
    const next: Array<[string, number]> = [];
    for (const [key, limit] of buckets) {
      const interval = 1000 / limit.ratePerSecond;
      const tat = Math.max(this.tats.get(key) ?? 0, now);
      wait = Math.max(wait, tat + interval - limit.burst * interval - now);
      next.push([key, tat + interval]);
    }
    if (wait > 0) {
      return wait;
    }
    for (const [key, tat] of next) {
      this.tats.set(key, tat);
    }
    // Forget buckets that are full again, so the map stays as small as the traffic.
    if (this.tats.size > 10_000) {
      for (const [key, tat] of this.tats) {
        if (tat < now) {
          this.tats.delete(key);
        }
      }
    }
    return 0;
  }
}

/**
 * Tells callers when they may send: a Redis-backed limiter shared by every replica of a
 * bot. Keys live under the tenant's prefix. While Redis is unreachable it counts in
 * memory instead, so that a Redis outage never silences the bot (its apologies included).
 */
export class TelegramRateLimiter {
  private readonly local = new LocalBuckets();

  constructor(
    private readonly redis: Redis,
    /** Key prefix of the bot, such as `t:{acme}:rl`. */
    private readonly keyPrefix: string,
    private readonly limits: TelegramRateLimits = DEFAULT_TELEGRAM_RATE_LIMITS,
  ) {}

  /**
   * Waits until one more call may go out. Pass a `chatId` for a new message in a chat
   * (both buckets), none for a call that counts only against the bot (edits).
   */
  async acquire(chatId?: number | string): Promise<void> {
    const buckets: Array<[string, RateLimit]> = [[`${this.keyPrefix}:bot`, this.limits.perBot]];
    if (chatId !== undefined) {
      buckets.push([`${this.keyPrefix}:chat:${chatId}`, this.limits.perChat]);
    }
    for (;;) {
      const waitMs = await this.take(buckets);
      if (waitMs <= 0) {
        return;
      }
      await sleep(waitMs);
    }
  }

  private async take(buckets: ReadonlyArray<readonly [string, RateLimit]>): Promise<number> {
    // Not connected: do not wait for a command that is bound to time out.
    if (this.redis.status !== 'ready') {
      return this.local.take(buckets);
    }
    try {
      return await takeFromBuckets(this.redis, buckets);
    } catch {
      return this.local.take(buckets);
    }
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
