import { parseArgs } from 'node:util';
import {
  createRedis,
  type Database,
  exitOnSignals,
  getTenant,
  isAppError,
  logRedisOutages,
  runProcess,
} from '@booking/core';
import { Histogram } from 'prom-client';
import { runClientBot } from './app.js';
import { loadConfig } from './config.js';

const USAGE = 'Usage: client-bot --tenant <slug>';

let tenant: string | undefined;
try {
  tenant = parseArgs({ options: { tenant: { type: 'string' } }, strict: true }).values.tenant;
} catch (error) {
  process.stderr.write(`client-bot: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (!tenant) {
  process.stderr.write(`client-bot: --tenant is required\n${USAGE}\n`);
  process.exit(2);
}
const slug = tenant;

const config = loadConfig(process.env);

/** Why the tenant cannot be served (unknown, deleted), or `undefined` when it can. */
async function unusableTenant(db: Database): Promise<string | undefined> {
  return getTenant(db, slug).then(
    (found) => (found.status === 'deleted' ? `tenant "${slug}" is deleted` : undefined),
    (error: unknown) => {
      if (isAppError(error, 'NOT_FOUND') || isAppError(error, 'INVALID_SLUG')) {
        return `no tenant "${slug}"; pnpm tenant list shows the tenants, pnpm tenant create adds one`;
      }
      throw error;
    },
  );
}

await runProcess('client-bot', config, async (runtime) => {
  // A slug nobody provisioned is a mistake on the command line: say so in one line.
  const unusable = await unusableTenant(runtime.db);
  if (unusable) {
    process.stderr.write(`client-bot: ${unusable}\n`);
    await runtime.close();
    process.exit(2);
  }
  const bullConnection = createRedis(config.REDIS_URL, {
    forBullmq: true,
    connectionName: `client-bot:${runtime.instance}:bullmq`,
  });
  logRedisOutages(bullConnection, runtime.logger, config.REDIS_URL, 'bullmq');
  const updateDuration = new Histogram({
    name: 'bot_update_duration_seconds',
    help: 'Time to handle one Telegram update',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [runtime.metrics],
  });
  const bot = await runClientBot({
    slug,
    db: runtime.db,
    redis: runtime.redis,
    bullConnection,
    logger: runtime.logger,
    encryptionKey: config.TOKEN_ENCRYPTION_KEY,
    apiRoot: config.TELEGRAM_API_ROOT,
    instanceId: runtime.instance,
    queueNamespace: config.QUEUE_NAMESPACE,
    publicUrl: config.PUBLIC_URL,
    http: runtime.http,
    workerConcurrency: config.WORKER_CONCURRENCY,
    onUpdateHandled: (ms) => updateDuration.observe(ms / 1000),
    updateTimeLimitMs: config.UPDATE_TIME_LIMIT_MS,
  });
  runtime.addReadinessCheck('intake', () => bot.ready());
  exitOnSignals(runtime, async () => {
    await bot.stop();
    await bullConnection.quit();
  });
  runtime.logger.info(
    { tenant: slug, mode: bot.intake, port: runtime.http.port },
    'client-bot is serving',
  );
});
