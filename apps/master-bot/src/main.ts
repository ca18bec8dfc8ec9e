import { startBotIntake } from '@booking/bot-kit';
import { exitOnSignals, type OperatorDeps, runProcess } from '@booking/core';
import { createMasterBot, MASTER_KEY_PREFIX } from './bot.js';
import { loadConfig } from './config.js';
import { ApiKeyring } from './http/api-keys.js';
import { mountHonoApp } from './http/hono-bridge.js';
import { createOperatorApi, OPERATOR_API_PREFIX } from './http/operator-api.js';
import { AlertWatcher, alertOperators } from './jobs/alerts.js';

const config = loadConfig(process.env);
await runProcess('master-bot', config, async (runtime) => {
  const deps: OperatorDeps = {
    db: runtime.db,
    redis: runtime.redis,
    encryptionKey: config.TOKEN_ENCRYPTION_KEY,
    queueNamespace: config.QUEUE_NAMESPACE,
  };
  const apiKeys = config.OPERATOR_API_KEYS ?? [];
  mountHonoApp(
    runtime.http,
    createOperatorApi({
      ...deps,
      keys: new ApiKeyring(apiKeys),
      logger: runtime.logger,
      rateLimitPerMinute: config.API_RATE_LIMIT_PER_MINUTE,
      keyPrefix: MASTER_KEY_PREFIX,
    }),
    OPERATOR_API_PREFIX,
  );

  const token = config.MASTER_BOT_TOKEN;
  if (token === undefined) {
    exitOnSignals(runtime);
    runtime.logger.warn(
      { port: runtime.http.port, apiKeys: apiKeys.length },
      'MASTER_BOT_TOKEN is not set: serving the operator API only, no bot and no alerts',
    );
    return;
  }
  const operatorIds = config.OPERATOR_IDS ?? [];
  const bot = createMasterBot({
    deps,
    token,
    operatorIds,
    logger: runtime.logger,
    apiRoot: config.TELEGRAM_API_ROOT,
  });
  const intake = await startBotIntake({
    bot,
    name: 'master',
    token,
    redis: runtime.redis,
    logger: runtime.logger,
    instanceId: runtime.instance,
    encryptionKey: config.TOKEN_ENCRYPTION_KEY,
    ...(config.PUBLIC_URL ? { webhook: { publicUrl: config.PUBLIC_URL, http: runtime.http } } : {}),
  });
  runtime.addReadinessCheck('intake', () => intake.ready());
  // Messages to owners a stopped or killed process left half-sent: the rest go now.
  await bot.broadcasts.resumeUnfinished(bot.bot.telegram);

  const watcher = new AlertWatcher({
    db: runtime.db,
    redis: runtime.redis,
    logger: runtime.logger,
    keyPrefix: MASTER_KEY_PREFIX,
    thresholds: {
      queueNamespace: config.QUEUE_NAMESPACE,
      heartbeatStaleMs: config.ALERT_HEARTBEAT_STALE_MS,
      queueBacklog: config.ALERT_QUEUE_BACKLOG,
      paymentFailures: config.ALERT_PAYMENT_FAILURES,
    },
    notify: alertOperators({
      telegram: bot.bot.telegram,
      operatorIds,
      locale: config.OPERATOR_LOCALE,
      logger: runtime.logger,
    }),
  });
  watcher.start(config.ALERT_INTERVAL_MS);

  exitOnSignals(runtime, async () => {
    await watcher.stop();
    await intake.stop();
    await bot.broadcasts.stop();
  });
  runtime.logger.info(
    { port: runtime.http.port, operators: operatorIds.length, apiKeys: apiKeys.length },
    'master-bot is serving',
  );
});
