import { type Bot, createBot, outdatedButtons, TelegramPool } from '@booking/bot-kit';
import type { Logger, OperatorDeps } from '@booking/core';
import { masterCodec } from './callbacks.js';
import type { MasterContext, MasterSession } from './context.js';
import { broadcastFeature } from './features/broadcast.js';
import { menuFeature } from './features/menu.js';
import { operatorGateFeature } from './features/operator-gate.js';
import { statsFeature } from './features/stats.js';
import { tenantCardFeature } from './features/tenant-card.js';
import { tenantFormsFeature } from './features/tenant-forms.js';
import { tenantListFeature } from './features/tenant-list.js';
import { OwnerBroadcaster } from './jobs/owner-broadcasts.js';
import { errorTextKey } from './texts/errors.js';
import { i18n } from './texts/index.js';

/** What the master bot needs. */
export interface MasterBotDeps {
  deps: OperatorDeps;
  token: string;
  operatorIds: readonly number[];
  logger: Logger;
  apiRoot: string;
  /** Redis prefix of the master bot's keys; default `p:{master}:`. */
  keyPrefix?: string;
}

/** The master key prefix: the operator console's sessions, limits, leases and alerts. */
export const MASTER_KEY_PREFIX = 'p:{master}:';

/**
 * The operators' console bot: bot-kit's factory with the master features, gate first; and
 * its sender of messages to owners (resume what a previous process left unfinished with
 * `broadcasts.resumeUnfinished`, stop it with the bot).
 */
export function createMasterBot(
  options: MasterBotDeps,
): Bot<MasterContext> & { broadcasts: OwnerBroadcaster } {
  const { deps } = options;
  const telegrams = new TelegramPool({
    db: deps.db,
    redis: deps.redis,
    encryptionKey: deps.encryptionKey,
    apiRoot: options.apiRoot,
    logger: options.logger,
  });
  const broadcasts = new OwnerBroadcaster({
    db: deps.db,
    telegrams,
    logger: options.logger,
    now: deps.now,
  });
  const bot = createBot<MasterSession, MasterContext['scope'], MasterContext>(
    {
      scope: {
        deps,
        operators: new Set(options.operatorIds),
        codec: masterCodec(deps.encryptionKey),
        telegrams,
        broadcasts,
      },
      keyPrefix: options.keyPrefix ?? MASTER_KEY_PREFIX,
      logBindings: { bot: 'master' },
      token: options.token,
      redis: deps.redis,
      logger: options.logger,
      apiRoot: options.apiRoot,
      translator: (locale) => i18n.translator(locale),
      fallbackLocale: 'en',
      errorTextKey,
      initialSession: () => ({}),
    },
    [
      operatorGateFeature,
      menuFeature,
      tenantListFeature,
      tenantCardFeature,
      tenantFormsFeature,
      broadcastFeature,
      statsFeature,
      outdatedButtons<MasterContext>(),
    ],
  );
  return { ...bot, broadcasts };
}
