import { type Bot, createBot, type UpdateHandledHook } from '@booking/bot-kit';
import type { Logger } from '@booking/core';
import type { Redis } from 'ioredis';
import {
  initialSession,
  type SalesBotServices,
  type SalesContext,
  type SalesScope,
  type Session,
} from './context.js';
import { checkoutFeature } from './features/checkout/index.js';
import { fallbackFeature } from './features/fallback.js';
import { myBotsFeature } from './features/my-bots.js';
import { onboardingFeature } from './features/onboarding/index.js';
import { plansFeature } from './features/plans.js';
import { startFeature } from './features/start.js';
import { errorTextKey } from './texts/errors.js';
import { i18n } from './texts/index.js';

/** Redis prefix of everything the sales bot keeps; the hash tag keeps it on one slot. */
export const SALES_KEY_PREFIX = 'p:{sales}:';

/** What {@link createSalesBot} needs. */
export interface SalesBotDeps {
  token: string;
  redis: Redis;
  logger: Logger;
  apiRoot: string;
  services: SalesBotServices;
  /** Default {@link SALES_KEY_PREFIX}; tests give each run its own. */
  keyPrefix?: string;
  onUpdateHandled?: UpdateHandledHook;
}

/** The storefront bot: bot-kit's factory with the sales bot's scope, words and features. */
export function createSalesBot(deps: SalesBotDeps): Bot<SalesContext> {
  const { services } = deps;
  return createBot<Session, SalesScope, SalesContext>(
    {
      scope: { bot: 'sales' },
      keyPrefix: deps.keyPrefix ?? SALES_KEY_PREFIX,
      logBindings: { bot: 'sales' },
      token: deps.token,
      redis: deps.redis,
      logger: deps.logger,
      apiRoot: deps.apiRoot,
      translator: (locale) => i18n.translator(locale),
      fallbackLocale: 'ru',
      errorTextKey,
      initialSession,
      onUpdateHandled: deps.onUpdateHandled,
    },
    [
      startFeature(services),
      plansFeature(services),
      checkoutFeature(services),
      onboardingFeature(services),
      myBotsFeature(services),
      fallbackFeature(services),
    ],
  );
}
