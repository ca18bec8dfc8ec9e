import type { Redis } from 'ioredis';
import type { MiddlewareFn } from 'telegraf';
import type { BotContext } from './context.js';

/** Options of {@link redisSession}. */
export interface RedisSessionOptions<S extends object, C extends BotContext<S, unknown>> {
  redis: Redis;
  /** Key prefix of the bot, e.g. `t:{slug}:`. Sessions live at `<prefix>session:<user id>`. */
  keyPrefix: string;
  /** Time without an update from the user after which their session is forgotten. */
  ttlSeconds: number;
  /** A new session. */
  initial: () => S;
  /**
   * What a user's new session starts with besides `initial`, when the user has none: a
   * new user, or one whose session expired. For what must outlive a session, kept
   * elsewhere (a chosen language, in Postgres).
   */
  restore?: (ctx: C) => Promise<Partial<S>>;
  /** A read of this update's session key already under way, if any (see `UpdateRunner`). */
  preloaded?: (ctx: C) => { key: string; value: Promise<string | null> } | undefined;
}

/** The Redis key of a user's session under a tenant's prefix. */
export function sessionKey(keyPrefix: string, userId: number): string {
  return `${keyPrefix}session:${userId}`;
}

/**
 * Reads a session and restarts its idle time in one command: a user who keeps talking
 * to the bot keeps their session (their chosen language, an open wizard) even when
 * nothing in it changes.
 */
export function readSession(redis: Redis, key: string, ttlSeconds: number): Promise<string | null> {
  return redis.getex(key, 'EX', ttlSeconds);
}

/**
 * Keeps `ctx.session` in Redis under the tenant's prefix, keyed by user (the bots talk in
 * private chats), with a TTL restarted by every update of the user. It is written back
 * only when a handler changed it. Updates without a user get a throwaway session.
 */
export function redisSession<S extends object, C extends BotContext<S, unknown>>(
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
    const stored = await (preloaded?.key === key
      ? preloaded.value
      : readSession(options.redis, key, options.ttlSeconds));
    const before = stored ?? '';
    ctx.session = stored
      ? parseSession(stored, options.initial)
      : { ...options.initial(), ...(await options.restore?.(ctx)) };
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
