import type { Redis } from 'ioredis';
import type { MiddlewareFn } from 'telegraf';
import type { BotContext } from './context.js';

/** Options of {@link redisSession}. */
export interface RedisSessionOptions<S extends object, C extends BotContext<S>> {
  redis: Redis;
  /** Key prefix of the tenant, `t:{slug}:`. Sessions live at `<prefix>session:<user id>`. */
  keyPrefix: string;
  /** Idle time after which a session is forgotten. */
  ttlSeconds: number;
  /** A new session. */
  initial: () => S;
  /** A read of this update's session key already under way, if any (see `UpdateRunner`). */
  preloaded?: (ctx: C) => { key: string; value: Promise<string | null> } | undefined;
}

/** The Redis key of a user's session under a tenant's prefix. */
export function sessionKey(keyPrefix: string, userId: number): string {
  return `${keyPrefix}session:${userId}`;
}

/**
 * Keeps `ctx.session` in Redis under the tenant's prefix, keyed by user (the bots talk in
 * private chats), with a TTL refreshed on every write. It is written back only when a
 * handler changed it. Updates without a user get a throwaway session.
 */
export function redisSession<S extends object, C extends BotContext<S>>(
  options: RedisSessionOptions<S, C>,
): MiddlewareFn<C> {
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined) {
      ctx.session = options.initial();
      return next();
    }
    const key = sessionKey(options.keyPrefix, userId);
    const preloaded = options.preloaded?.(ctx);
    const stored = await (preloaded?.key === key ? preloaded.value : options.redis.get(key));
    const before = stored ?? '';
    ctx.session = stored ? parseSession(stored, options.initial) : options.initial();
    await next();
    const after = JSON.stringify(ctx.session);
    if (after !== before) {
      await options.redis.set(key, after, 'EX', options.ttlSeconds);
    }
  };
}

function parseSession<S extends object>(stored: string, initial: () => S): S {
  try {
    return { ...initial(), ...(JSON.parse(stored) as Partial<S>) };
  } catch {
    // A session written by an incompatible build is not worth a failed update.
    return initial();
  }
}
