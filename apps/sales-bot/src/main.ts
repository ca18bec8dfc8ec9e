import {
  createRedis,
  exitOnSignals,
  logRedisOutages,
  runProcess,
  yookassaSettings,
} from '@booking/core';
import { runSalesBot } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig(process.env);

await runProcess('sales-bot', config, async (runtime) => {
  const bullConnection = createRedis(config.REDIS_URL, {
    forBullmq: true,
    connectionName: `sales-bot:${runtime.instance}:bullmq`,
  });
  logRedisOutages(bullConnection, runtime.logger, config.REDIS_URL, 'bullmq');
  const bot = await runSalesBot({
    token: config.SALES_BOT_TOKEN,
    db: runtime.db,
    redis: runtime.redis,
    bullConnection,
    logger: runtime.logger,
    encryptionKey: config.TOKEN_ENCRYPTION_KEY,
    apiRoot: config.TELEGRAM_API_ROOT,
    instanceId: runtime.instance,
    queueNamespace: config.QUEUE_NAMESPACE,
    yookassa: yookassaSettings(config),
    storefront: {
      demoBotUrl: config.DEMO_BOT_URL,
      supportContact: config.SUPPORT_CONTACT,
      offerAutoRenewal: config.OFFER_AUTO_RENEWAL,
    },
    http: runtime.http,
    publicUrl: config.PUBLIC_URL,
    workerConcurrency: config.WORKER_CONCURRENCY,
    sweepEveryMs: config.BILLING_SWEEP_EVERY_MS,
  });
  runtime.addReadinessCheck('intake', () => bot.ready());
  exitOnSignals(runtime, async () => {
    await bot.stop();
    await bullConnection.quit();
  });
  runtime.logger.info(
    { bot: bot.username, mode: bot.intake, port: runtime.http.port },
    'sales-bot is serving',
  );
});
