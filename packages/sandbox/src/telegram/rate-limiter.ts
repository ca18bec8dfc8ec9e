/** A token bucket: `burst` tokens, refilled at `ratePerSecond`. */
export interface BucketLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** Message limits the emulator enforces on sending methods. */
export interface TelegramLimits {
  /** Per bot and chat. Telegram asks for about one message per second in a chat. */
  readonly perChat: BucketLimit;
  /** Per bot across all chats. Telegram allows about 30 messages per second. */
  readonly global: BucketLimit;
}

/** Defaults: 1/s per chat with a burst of 5, 30/s per bot with a burst of 30. */
export const DEFAULT_TELEGRAM_LIMITS: TelegramLimits = {
  perChat: { ratePerSecond: 1, burst: 5 },
  global: { ratePerSecond: 30, burst: 30 },
};

class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly limit: BucketLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.updatedAt = now;
  }

  /** Milliseconds until a token is free; 0 when one is available now. */
  waitMs(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) {
      return 0;
    }
    return ((1 - this.tokens) / this.limit.ratePerSecond) * 1000;
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  private refill(now: number): void {
    const elapsedSeconds = (now - this.updatedAt) / 1000;
    this.tokens = Math.min(
      this.limit.burst,
      this.tokens + elapsedSeconds * this.limit.ratePerSecond,
    );
    this.updatedAt = now;
  }
}

/**
 * Per-bot rate limiter with one bucket per chat and one for the bot. A refused call
 * consumes nothing, as with Telegram, where a 429 does not extend the wait.
 */
export class RateLimiter {
  private readonly chatBuckets = new Map<number, TokenBucket>();
  private readonly globalBucket: TokenBucket;

  constructor(
    private readonly limits: TelegramLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.globalBucket = new TokenBucket(limits.global, now());
  }

  /** Returns the whole seconds to wait (>= 1) when the call is refused, else takes a token and returns 0. */
  acquire(chatId: number): number {
    const now = this.now();
    let chatBucket = this.chatBuckets.get(chatId);
    if (!chatBucket) {
      chatBucket = new TokenBucket(this.limits.perChat, now);
      this.chatBuckets.set(chatId, chatBucket);
    }
    const waitMs = Math.max(chatBucket.waitMs(now), this.globalBucket.waitMs(now));
    if (waitMs > 0) {
      return Math.max(1, Math.ceil(waitMs / 1000));
    }
    chatBucket.take(now);
    this.globalBucket.take(now);
    return 0;
  }
}
