/**
 * One bot of the updates benchmark, in a process of its own (as in production, where
 * Telegram is not in the bot's event loop). Started by run.ts with `fork`; told what to
 * serve through the environment; on "reset" it forgets the durations so far (the
 * warm-up); on "stop" it stops and sends back the duration of every update it handled
 * (also by step of the flow) and the CPU time (user and system, microseconds) it spent
 * since the reset.
 *
 *   BENCH_BOT=booking  BENCH_API_ROOT  BENCH_DATABASE_URL  BENCH_TENANT  BENCH_KEY (hex)
 *                      BENCH_NAMESPACE  BENCH_CLOCK_OFFSET_MS (the run's clock minus the system's)
 *   BENCH_BOT=echo     BENCH_API_ROOT  BENCH_TOKEN
 *   BENCH_CPU_PROFILE  (optional) a file to write a CPU profile of the measured pass to
 *
 * It exits when run.ts goes away (its IPC channel closes), however run.ts ended: a bot
 * left behind would poll an emulator that is gone, once a second, until killed by hand.
 */
import { writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { Session } from 'node:inspector/promises';
import { CB, runClientBot } from '@booking/client-bot/app';
import { createDb, createLogger, createRedis } from '@booking/core';
import { TEST_REDIS_URL } from '@booking/core/testing';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';

const UNLIMITED = { ratePerSecond: 1_000_000, burst: 1_000_000 };
const durations: number[] = [];
/** The same durations by step of the flow (a command, or a button's action). */
const steps: Record<string, number[]> = {};
const actionNames = new Map<string, string>(Object.entries(CB).map(([name, code]) => [code, name]));

/** The step an update is: `/start`, `text`, or its button's action (`menu:book`, `confirm`). */
function stepOf(update: Update): string {
  if ('message' in update) {
    return 'text' in update.message && update.message.text.startsWith('/')
      ? update.message.text
      : 'text';
  }
  if ('callback_query' in update && 'data' in update.callback_query) {
    const [code = '', first] = update.callback_query.data.split('|');
    const name = actionNames.get(code) ?? code;
    return name === 'menu' ? `menu:${first}` : name;
  }
  return 'other';
}
/** CPU time of this process at the end of the warm-up. */
let cpuAtReset = process.cpuUsage();
const env = process.env;
const apiRoot = String(env.BENCH_API_ROOT);
let stop: () => Promise<void>;

if (env.BENCH_BOT === 'booking') {
  const db = createDb({
    connectionString: String(env.BENCH_DATABASE_URL),
    maxConnections: 10,
    applicationName: 'bench-bot',
  });
  const redis = createRedis(TEST_REDIS_URL);
  const bullConnection = createRedis(TEST_REDIS_URL, { forBullmq: true });
  const clockOffsetMs = Number(env.BENCH_CLOCK_OFFSET_MS ?? 0);
  const app = await runClientBot({
    slug: String(env.BENCH_TENANT),
    db,
    redis,
    bullConnection,
    logger: createLogger({ app: 'bench', level: 'warn' }),
    encryptionKey: Buffer.from(String(env.BENCH_KEY), 'hex'),
    apiRoot,
    instanceId: 'bench',
    queueNamespace: String(env.BENCH_NAMESPACE),
    limits: { perChat: UNLIMITED, perBot: UNLIMITED },
    antiFlood: UNLIMITED,
    pollTimeoutSeconds: 1,
    now: () => new Date(Date.now() + clockOffsetMs),
    onUpdateHandled: (ms, update) => {
      durations.push(ms);
      const step = stepOf(update);
      steps[step] ??= [];
      steps[step].push(ms);
    },
  });
  stop = async () => {
    for (const queue of [app.jobs.reminders, app.jobs.notifications, app.jobs.waitlist]) {
      await queue.obliterate({ force: true }).catch(() => undefined);
    }
    await app.stop();
    await Promise.all([db.destroy(), redis.quit(), bullConnection.quit()]);
  };
} else {
  const echo = new Telegraf(String(env.BENCH_TOKEN), {
    telegram: { apiRoot, webhookReply: false },
  });
  // Telegraf keeps connections alive by default over https (Telegram) but drops its
  // agent for an http:// root such as the emulator's. Give it the same keep-alive the
  // booking bot's client has, so both pay the same per call.
  echo.telegram.options.agent = new Agent({ keepAlive: true, keepAliveMsecs: 10_000 });
  echo.use(async (_ctx, next) => {
    const started = performance.now();
    await next();
    durations.push(performance.now() - started);
  });
  echo.on('text', (ctx) => ctx.reply(ctx.message.text));
  void echo.launch({ dropPendingUpdates: true });
  stop = async () => echo.stop('bench over');
}

const profileFile = env.BENCH_CPU_PROFILE;
const profiler = profileFile ? new Session() : undefined;

process.on('message', async (message) => {
  if (message === 'reset') {
    // The warm-up is over: what follows is the measurement.
    durations.length = 0;
    for (const step of Object.keys(steps)) {
      delete steps[step];
    }
    cpuAtReset = process.cpuUsage();
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    process.send?.('reset');
  }
  if (message === 'stop') {
    // Measured before stopping, so shutdown work is not counted.
    const cpu = process.cpuUsage(cpuAtReset);
    if (profiler && profileFile) {
      const { profile } = await profiler.post('Profiler.stop');
      await writeFile(profileFile, JSON.stringify(profile));
    }
    await stop();
    process.send?.({ durations, steps, cpu }, () => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(1));
process.send?.('ready');
