import {
  type BotLocale,
  createTenantBot,
  type RateLimit,
  type TelegramRateLimits,
  type TelegramRetryPolicy,
  type TenantBot,
  type UpdateHandledHook,
} from '@booking/bot-kit';
import type { Database, Logger, Tenant } from '@booking/core';
import { tenantDb } from '@booking/core';
import type { Redis } from 'ioredis';
import {
  type ClientBotServices,
  type ClientContext,
  initialSession,
  type Session,
} from './context.js';
import { bookingFeature } from './features/booking/index.js';
import { consoleFeature } from './features/console/index.js';
import { fallbackFeature } from './features/fallback.js';
import { myBookingsFeature } from './features/my-bookings.js';
import { restoreSession, startFeature } from './features/start.js';
import { tenantStatusGuard } from './features/tenant-status.js';
import { visitFeature } from './features/visit.js';
import { waitlistFeature } from './features/waitlist.js';
import { errorTextKey } from './texts/errors.js';

/** What {@link createClientBot} needs. */
export interface ClientBotDeps {
  tenant: Tenant;
  token: string;
  db: Database;
  redis: Redis;
  logger: Logger;
  apiRoot: string;
  services: ClientBotServices;
  limits?: TelegramRateLimits;
  /** Per-user anti-flood limit; bot-kit's default when absent. */
  antiFlood?: RateLimit;
  on429?: (method: string, retryAfterSeconds: number) => void;
  onUpdateHandled?: UpdateHandledHook;
  /** Time limit of one update, in milliseconds. */
  updateTimeLimitMs?: number;
  /** How failed Bot API calls are retried; bot-kit's default policy when absent. */
  retry?: Partial<TelegramRetryPolicy>;
}

/** The customer-facing booking bot of one tenant. */
export function createClientBot(deps: ClientBotDeps): TenantBot<ClientContext> {
  const { services } = deps;
  const db = tenantDb(deps.db, deps.tenant.schema);
  return createTenantBot<Session, ClientContext>(
    {
      tenant: deps.tenant,
      token: deps.token,
      db: deps.db,
      redis: deps.redis,
      logger: deps.logger,
      apiRoot: deps.apiRoot,
      translator: (locale: BotLocale) => services.texts.translator(deps.tenant.slug, db, locale),
      errorTextKey,
      initialSession,
      restoreSession,
      sessionLocale: (session) => session.locale,
      limits: deps.limits,
      antiFlood: deps.antiFlood ? { limit: deps.antiFlood } : undefined,
      on429: deps.on429,
      onUpdateHandled: deps.onUpdateHandled,
      updateTimeLimitMs: deps.updateTimeLimitMs,
      retry: deps.retry,
    },
    [
      tenantStatusGuard(services),
      startFeature(services),
      consoleFeature(services),
      bookingFeature(services),
      myBookingsFeature(services),
      waitlistFeature(services),
      visitFeature(services),
      fallbackFeature(services),
    ],
  );
}
