import type { Redis } from 'ioredis';
import type { MiddlewareFn } from 'telegraf';
import type { BotContext } from './context.js';

/** Options of {@link antiFlood}. */
export interface AntiFloodOptions {
  redis: Redis;
  /** Key prefix of the tenant, `t:{slug}:`. */
  keyPrefix: string;
  /** Updates one user may send per window before the rest are dropped. Default 8. */
  maxUpdates?: number;
  /** Window length in seconds. Default 4. */
  windowSeconds?: number;
}

/**
 * Drops a user's updates past `maxUpdates` per window, so that one person hammering the
 * bot can neither slow it down for everyone else nor push it into Telegram's limits.
 * A dropped button press is still answered (Telegram keeps it spinning otherwise), with
 * the `flood.slow_down` text; the first dropped message of a window gets that text as
 * a reply, later ones nothing.
 */
export function antiFlood<C extends BotContext>(options: AntiFloodOptions): MiddlewareFn<C> {
  const maxUpdates = options.maxUpdates ?? 8;
  const windowSeconds = options.windowSeconds ?? 4;
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined) {
      return next();
    }
    const window = Math.floor(Date.now() / 1000 / windowSeconds);
    const key = `${options.keyPrefix}flood:${userId}:${window}`;
    const [[, count]] = (await options.redis
      .multi()
      .incr(key)
      .expire(key, windowSeconds * 2)
      .exec()) as [[Error | null, number], [Error | null, number]];
    if (count <= maxUpdates) {
      return next();
    }
    ctx.log.debug({ user: userId, count }, 'update dropped by anti-flood');
    if (ctx.callbackQuery) {
      await ctx.answerCbQuery(ctx.t('flood.slow_down'));
    } else if (count === maxUpdates + 1 && ctx.chat) {
      await ctx.reply(ctx.t('flood.slow_down'));
    }
  };
}
