import type { Logger } from '@booking/core';
import type { Redis } from 'ioredis';
import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { type UpdateGate, userOf } from './intake/update-runner.js';
import { type RateLimit, takeFromBuckets } from './telegram-limiter.js';

/** Options of {@link antiFloodGate}. */
export interface AntiFloodOptions {
  redis: Redis;
  /** Key prefix of the tenant, `t:{slug}:`. */
  keyPrefix: string;
  telegram: Telegram;
  logger: Logger;
  /** The "slow down" text in the language of the update's user. */
  slowDownText: (update: Update) => Promise<string>;
  /**
   * What one user may send: bursts of `burst` updates, `ratePerSecond` sustained.
   * Default 15 and 2/s: a quick customer clicking through the whole booking wizard
   * stays well inside it; a script or a stuck key does not.
   */
  limit?: RateLimit;
}

/**
 * An update gate that drops a user's updates beyond their rate limit, as they arrive,
 * so that one person hammering the bot can neither slow it down for everyone else nor
 * push it into Telegram's limits. A dropped button press is still answered
 * (Telegram keeps it spinning otherwise) with the slow-down text; the first dropped
 * message gets that text as a reply, later ones within ten seconds nothing.
 */
export function antiFloodGate(options: AntiFloodOptions): UpdateGate {
  const limit = options.limit ?? { burst: 15, ratePerSecond: 2 };
  return async (update) => {
    const user = userOf(update);
    if (!user) {
      return true;
    }
    const prefix = `${options.keyPrefix}flood:${user.id}`;
    if ((await takeFromBuckets(options.redis, [[prefix, limit]])) === 0) {
      return true;
    }
    // Only the first dropped message of a flood is answered: the warning itself must
    // not become a flood of bot messages.
    const firstDrop =
      (await options.redis.set(`${prefix}:warned`, '1', 'PX', 10_000, 'NX')) === 'OK';
    options.logger.debug({ user: user.id }, 'update dropped by anti-flood');
    const tell = async (): Promise<void> => {
      if ('callback_query' in update) {
        await options.telegram.answerCbQuery(
          update.callback_query.id,
          await options.slowDownText(update),
        );
      } else if (firstDrop && 'message' in update) {
        await options.telegram.sendMessage(
          update.message.chat.id,
          await options.slowDownText(update),
        );
      }
    };
    // Not awaited: the reply may wait for the chat's send budget, the gate must not.
    tell().catch((error: unknown) =>
      options.logger.warn({ err: error }, 'could not answer a dropped update'),
    );
    return false;
  };
}
