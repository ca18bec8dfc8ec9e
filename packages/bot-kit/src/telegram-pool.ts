import { createHmac } from 'node:crypto';
import { type Database, getTenantBotToken, type Logger, tenantKeyPrefix } from '@booking/core';
import type { Redis } from 'ioredis';
import type { Telegram } from 'telegraf';
import { CallbackCodec } from './callback-data.js';
import { createTelegramClient } from './telegram-client.js';
import { TelegramRateLimiter } from './telegram-limiter.js';
import type { TelegramRetryPolicy } from './telegram-retry.js';

const TTL_MS = 5 * 60_000;

/**
 * The derived key of a tenant's callback signatures: every process (bot or worker)
 * computes the same one from the platform key, so a worker's buttons work in the bot.
 */
export function callbackCodecFor(encryptionKey: Buffer, slug: string): CallbackCodec {
  return new CallbackCodec(createHmac('sha256', encryptionKey).update(`callback:${slug}`).digest());
}

/** What a {@link TelegramPool} needs. */
export interface TelegramPoolOptions {
  db: Database;
  redis: Redis;
  /** The platform key the tenants' tokens are encrypted with. */
  encryptionKey: Buffer;
  apiRoot: string;
  /** How failed calls are retried; bot-kit's default policy when absent. */
  retry?: Partial<TelegramRetryPolicy>;
  /** Told of retries (method and status only). */
  logger?: Logger;
}

/**
 * Telegram clients of any tenant, for workers: each decrypts the tenant's token once
 * (kept five minutes) and shares the tenant's Redis send budget with its bot.
 */
export class TelegramPool {
  private readonly clients = new Map<string, { telegram: Telegram; at: number }>();

  constructor(private readonly deps: TelegramPoolOptions) {}

  /** Uses the bot's own client for a tenant this process serves. */
  register(slug: string, telegram: Telegram): void {
    this.clients.set(slug, { telegram, at: Number.POSITIVE_INFINITY });
  }

  /** The tenant's client. @throws AppError `NOT_FOUND`, `TENANT_DELETED`. */
  async get(slug: string): Promise<Telegram> {
    const cached = this.clients.get(slug);
    if (cached && Date.now() - cached.at < TTL_MS) {
      return cached.telegram;
    }
    const token = await getTenantBotToken(this.deps, slug);
    const telegram = createTelegramClient(token, {
      apiRoot: this.deps.apiRoot,
      limiter: new TelegramRateLimiter(this.deps.redis, `${tenantKeyPrefix(slug)}rl`),
      retry: this.deps.retry,
      logger: this.deps.logger?.child({ tenant: slug }),
    });
    this.clients.set(slug, { telegram, at: Date.now() });
    return telegram;
  }
}
