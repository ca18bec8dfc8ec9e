import { parseArgs } from 'node:util';
import {
  createRedis,
  type Database,
  exitOnSignals,
  getTenant,
  isAppError,
  logRedisOutages,
  markTenantTokenRejected,
  runProcess,
} from '@booking/core';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { runClientBot } from './app.js';
import { loadConfig } from './config.js';
import { runClientFleet } from './fleet.js';

const USAGE = `Usage: client-bot --fleet             serve every tenant not pinned to its own container
       client-bot --tenant <slug>     serve one tenant (pnpm tenant pin <slug> keeps fleets off it)`;

let args: { tenant?: string; fleet?: boolean };
try {
  args = parseArgs({
    options: { tenant: { type: 'string' }, fleet: { type: 'boolean' } },
    strict: true,
  }).values;
} catch (error) {
  process.stderr.write(`client-bot: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (Boolean(args.fleet) === Boolean(args.tenant)) {
  process.stderr.write(`client-bot: give either --fleet or --tenant <slug>\n${USAGE}\n`);
  process.exit(2);
}

const config = loadConfig(process.env);

if (args.fleet) {
  await serveFleet();
} else {
  await serveOneTenant(args.tenant ?? '');
}

/** Why the tenant cannot be served (unknown, deleted), or `undefined` when it can. */
async function unusableTenant(db: Database, slug: string): Promise<string | undefined> {
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

/** The histogram of update handling times, and the hook that feeds it. */
function updateDurationMetric(registry: Registry) {
  const histogram = new Histogram({
    name: 'bot_update_duration_seconds',
    help: 'Time to handle one Telegram update',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return (ms: number) => histogram.observe(ms / 1000);
}

async function serveOneTenant(slug: string): Promise<void> {
  await runProcess('client-bot', config, async (runtime) => {
    // A slug nobody provisioned is a mistake on the command line: say so in one line.
    const unusable = await unusableTenant(runtime.db, slug);
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
      onUpdateHandled: updateDurationMetric(runtime.metrics),
      updateTimeLimitMs: config.UPDATE_TIME_LIMIT_MS,
      salesBotUsername: config.SALES_BOT_USERNAME,
      onTokenRejected: (code, token) => {
        markTenantTokenRejected(
          { db: runtime.db, redis: runtime.redis, encryptionKey: config.TOKEN_ENCRYPTION_KEY },
          slug,
          token,
        ).catch(() => undefined);
        runtime.logger.warn(
          { tenant: slug, code },
          'Telegram refused the bot token: polling stopped until a new one (pnpm tenant update --token, then restart)',
        );
      },
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
}

async function serveFleet(): Promise<void> {
  await runProcess('client-bot', config, async (runtime) => {
    const bullConnection = createRedis(config.REDIS_URL, {
      forBullmq: true,
      connectionName: `client-bot:${runtime.instance}:bullmq`,
    });
    logRedisOutages(bullConnection, runtime.logger, config.REDIS_URL, 'bullmq');
    const started = performance.now();
    const fleet = await runClientFleet({
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
      onUpdateHandled: updateDurationMetric(runtime.metrics),
      updateTimeLimitMs: config.UPDATE_TIME_LIMIT_MS,
      rereadEveryMs: config.FLEET_REREAD_MS,
      salesBotUsername: config.SALES_BOT_USERNAME,
    });
    new Gauge({
      name: 'client_bot_fleet_tenants',
      help: 'Tenants of this fleet process by state: served, polling (holds the lease), token_rejected, failing',
      labelNames: ['state'],
      registers: [runtime.metrics],
      collect() {
        const status = fleet.status();
        this.set({ state: 'served' }, status.served.length);
        this.set({ state: 'polling' }, status.polling.length);
        this.set({ state: 'token_rejected' }, status.tokenRejected.length);
        this.set({ state: 'failing' }, Object.keys(status.failing).length);
      },
    });
    runtime.addReadinessCheck('fleet', () => fleet.ready());
    exitOnSignals(runtime, async () => {
      await fleet.stop();
      await bullConnection.quit();
    });
    runtime.logger.info(
      {
        tenants: fleet.status().served.length,
        startMs: Math.round(performance.now() - started),
        mode: fleet.intake,
        port: runtime.http.port,
      },
      'client-bot fleet is serving',
    );
  });
}
