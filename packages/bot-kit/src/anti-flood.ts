import type { Logger } from '@booking/core';
import type { Redis } from 'ioredis';
import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { UpdateGate } from './intake/update-runner.js';

/** Options of {@link antiFloodGate}. */
export interface AntiFloodOptions {
  redis: Redis;
  /** Key prefix of the tenant, `t:{slug}:`. */
  keyPrefix: string;
  telegram: Telegram;
  logger: Logger;
  /** The "slow down" text in the language of the update's user. */
  slowDownText: (update: Update) => Promise<string>;
  /** Updates one user may send per window before the rest are dropped. Default 8. */
  maxUpdates?: number;
  /** Window length in seconds. Default 4. */
  windowSeconds?: number;
}

/**
 * An update gate that drops a user's updates past `maxUpdates` per window, as they
 * arrive, so that one person hammering the bot can neither slow it down for everyone
 * else nor push it into Telegram's limits. A dropped button press is still answered
 * (Telegram keeps it spinning otherwise) with the slow-down text; the first dropped
 * message of a window gets that text as a reply, later ones nothing.
 */
export function antiFloodGate(options: AntiFloodOptions): UpdateGate {
  const maxUpdates = options.maxUpdates ?? 8;
  const windowSeconds = options.windowSeconds ?? 4;
  return async (update) => {
    const user =
      'message' in update
        ? update.message.from
        : 'callback_query' in update
          ? update.callback_query.from
          : undefined;
    if (!user) {
      return true;
    }
    const window = Math.floor(Date.now() / 1000 / windowSeconds);
    const key = `${options.keyPrefix}flood:${user.id}:${window}`;
    const replies = await options.redis
      .multi()
      .incr(key)
      .expire(key, windowSeconds * 2)
      .exec();
    const count = Number(replies?.[0]?.[1] ?? 0);
    if (count <= maxUpdates) {
      return true;
    }
    options.logger.debug({ user: user.id, count }, 'update dropped by anti-flood');
    const tell = async (): Promise<void> => {
      if ('callback_query' in update) {
        await options.telegram.answerCbQuery(
          update.callback_query.id,
          await options.slowDownText(update),
        );
      } else if (count === maxUpdates + 1 && 'message' in update) {
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
