/**
 * Update throughput and handler latency of the client bot, next to a bare telegraf echo
 * bot measured in the same run on the same emulator.
 *
 *   pnpm bench updates [--customers 20] [--rounds 6] [--messages 60] [--passes 3] [--warmup 3]
 *                      [--profile dir] [--now 2027-01-07T12:00:00Z] [--time-zone Europe/Moscow]
 *
 * Each simulated customer runs the whole booking flow in a closed loop (menu, service,
 * any specialist, one of the first five free days far enough ahead to be booked and
 * cancelled at any hour, one of the day's free times, confirm, cancel), waiting for each answer before the next press, `rounds` times. Choices come
 * from a seeded sequence per customer, so runs repeat. Two customers who pick the same
 * time race; the loser gets fresh times and picks again, as a person would. Then as many
 * customers each send `messages` texts to the echo bot. The two take turns `passes`
 * times, after `warmup` unmeasured passes of each. Rate limits are off in the
 * emulator and in the bot's sender: the figures are processing capacity, not Telegram's
 * 1 message per second per chat. Each bot runs in a process of its own, so the
 * emulator and the simulated customers do not share its event loop.
 *
 * The flow holds at any instant (see flow.ts); `--now` starts the bots' and customers'
 * clock at another instant, to try one. Everything lives in a scratch database and under
 * Redis prefixes of the run's own, dropped at the end; a failure or SIGINT/SIGTERM stops
 * the bot processes and their children first (see ../lib/lifecycle.ts).
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seedDemoSalon } from '@booking/client-bot/demo';
import {
  addAdmin,
  deleteKeysMatching,
  deleteTenantKeys,
  getSettings,
  getTenantBotToken,
  migratePlatform,
  provisionTenant,
  tenantDb,
  upsertClient,
} from '@booking/core';
import {
  closeTestConnections,
  createScratchDatabase,
  getTestRedis,
  randomBotToken,
  randomId,
  randomSlug,
  TEST_ENCRYPTION_KEY,
} from '@booking/core/testing';
import { startSandbox } from '@booking/sandbox';
import { type BenchContext, runBench } from '../lib/lifecycle.js';
import { machineTimes, processTimes, timeSpent } from '../lib/proc.js';
import { percentile } from '../lib/stats.js';
import { type BookingFlowOptions, bookingRound, randomSequence } from './flow.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '6' },
    messages: { type: 'string', default: '60' },
    passes: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    profile: { type: 'string' },
    now: { type: 'string' },
    'time-zone': { type: 'string', default: 'Europe/Moscow' },
  },
});
const customers = Number(values.customers);
const rounds = Number(values.rounds);
const messages = Number(values.messages);
const warmups = Number(values.warmup);
const passes = Number(values.passes);
const timeZone = values['time-zone'];
/** With --profile, each bot writes a CPU profile of its measured pass into this folder. */
const profileDir = values.profile ? resolve(values.profile) : undefined;
/** How far the run's clock is ahead of the system's (behind when negative), ms. */
const clockOffsetMs = values.now === undefined ? 0 : Date.parse(values.now) - Date.now();
if (!Number.isFinite(clockOffsetMs)) {
  console.error(`--now must be an ISO instant such as 2027-01-07T12:00:00Z, got ${values.now}`);
  process.exit(1);
}
const now = () => new Date(Date.now() + clockOffsetMs);

interface BotFigures {
  durations: number[];
  /** The durations by step of the flow (booking bot only). */
  steps?: Record<string, number[]>;
  cpu: { user: number; system: number };
}

/** The servers whose CPU time a pass measures: Postgres's processes and Redis. */
const SERVERS = ['postgres', 'redis-server'];

await runBench('updates', async (bench) => {
  if (profileDir) {
    await mkdir(profileDir, { recursive: true });
  }
  bench.defer('close connections', closeTestConnections);
  bench.step('start the Telegram emulator');
  const sandbox = await startSandbox({ telegram: { limits: false }, waitTimeoutMs: 20_000 });
  bench.defer('stop the emulator', () => sandbox.stop());

  bench.step('create the scratch database and the salon');
  const scratch = await createScratchDatabase('bench_updates');
  console.log(`scratch database ${scratch.name}`);
  bench.defer('drop the scratch database', () => scratch.drop());
  await migratePlatform(scratch.db);
  const redis = getTestRedis();
  const deps = { db: scratch.db, redis, encryptionKey: TEST_ENCRYPTION_KEY };
  const slug = randomSlug('bench');
  bench.defer("delete the salon's Redis keys", () => deleteTenantKeys(redis, slug));
  const { tenant } = await provisionTenant(deps, {
    slug,
    botToken: randomBotToken(),
    timeZone,
    locale: 'en',
  });
  const db = tenantDb(scratch.db, tenant.schema);
  await seedDemoSalon(db);
  const flow: BookingFlowOptions = { now, timeZone, settings: await getSettings(db) };
  const bookingBot = sandbox.telegram.createBot({
    token: await getTenantBotToken(deps, slug),
    username: 'bench_salon_bot',
  });
  const namespace = `bench_${randomId(6)}`;
  bench.defer("delete the queues' Redis keys", () => deleteKeysMatching(redis, `${namespace}:*`));

  bench.step('start the booking bot');
  const bookingBotProcess = await startBot(bench, {
    BENCH_BOT: 'booking',
    BENCH_API_ROOT: sandbox.url,
    BENCH_DATABASE_URL: scratch.url,
    BENCH_TENANT: slug,
    BENCH_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
    BENCH_NAMESPACE: namespace,
    BENCH_CLOCK_OFFSET_MS: String(clockOffsetMs),
  });
  await sandbox.telegram.waitForPolling(bookingBot);

  // Every live tenant has its owner, told of each booking and cancellation (a bot may
  // write only to users who started it): the admins' notices are part of the flow's cost.
  bench.step('the owner starts the bot');
  const owner = sandbox.chat(
    bookingBot,
    sandbox.telegram.createUser({ first_name: 'Owner', language_code: 'en' }),
  );
  await addAdmin(
    db,
    { telegramUserId: owner.transcript().user.id, role: 'owner', name: 'Owner' },
    'bench',
  );
  await owner.send('/start');
  await owner.waitFor(/What would you like to do/);

  /** One customer's booking loop; returns the number of updates it sent. */
  async function bookingCustomer(index: number): Promise<number> {
    const chat = sandbox.chat(
      bookingBot,
      sandbox.telegram.createUser({ first_name: `C${index}`, language_code: 'en' }),
    );
    // A returning customer: the bot knows their name and phone.
    await upsertClient(db, {
      telegramUserId: chat.transcript().user.id,
      name: `C${index}`,
      phone: '+79120000000',
      locale: 'en',
    });
    let updates = 0;
    const random = randomSequence(index + 1);
    for (let round = 0; round < rounds; round++) {
      updates += await bookingRound(chat, random, flow, `customer ${index}, round ${round + 1}`);
    }
    return updates;
  }

  bench.step('start the echo bot');
  const echoToken = sandbox.telegram.createBot({ username: 'bench_echo_bot' });
  const echoBotProcess = await startBot(bench, {
    BENCH_BOT: 'echo',
    BENCH_API_ROOT: sandbox.url,
    BENCH_TOKEN: echoToken.token,
  });
  await sandbox.telegram.waitForPolling(echoToken);

  /** One echo customer: `messages` texts, each waiting for its echo. */
  async function echoCustomer(index: number): Promise<number> {
    const chat = sandbox.chat(echoToken, sandbox.telegram.createUser({ first_name: `E${index}` }));
    for (let i = 0; i < messages; i++) {
      await chat.send(`hello ${index} ${i}`);
      await chat.waitFor(`hello ${index} ${i}`);
    }
    return messages;
  }

  // Warm-up, not measured: the first passes through each path load its code and let V8
  // optimize it, as a bot that has been running for a while has. With one pass, the
  // optimizing compiler was still busy during the measurement.
  console.log(`warm-up: ${warmups} passes of each bot ...`);
  for (let round = 1; round <= warmups; round++) {
    bench.step(`warm-up pass ${round} of ${warmups}, booking bot`);
    await pass(bookingCustomer, customers * round);
    bench.step(`warm-up pass ${round} of ${warmups}, echo bot`);
    await pass(echoCustomer, customers * round);
  }
  bench.step("reset the bots' figures");
  await Promise.all([bookingBotProcess.reset(), echoBotProcess.reset()]);

  // The bots take turns, pass by pass, so that a slower or faster spell of the machine
  // falls on both and not on one of them.
  console.log(
    `measuring: ${passes} passes of ${customers} customers x ${rounds} booking rounds, then x ${messages} echo messages ...`,
  );
  const booking = noThroughput();
  const echoRun = noThroughput();
  for (let round = 0; round < passes; round++) {
    const first = customers * (warmups + 1 + round);
    for (const [bot, total, run] of [
      ['booking', booking, bookingCustomer],
      ['echo', echoRun, echoCustomer],
    ] as const) {
      bench.step(`measured pass ${round + 1} of ${passes}, ${bot} bot`);
      const measured = await pass(run, first);
      for (const key of Object.keys(total) as (keyof Throughput)[]) {
        total[key] += measured[key];
      }
    }
  }
  // Notices are jobs: the last ones may still be on their way when the customers are done.
  bench.step('stop the bots');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const notices =
    owner.transcript().messages.filter((message) => message.from === 'bot').length - 1;
  const expectedNotices = 2 * customers * rounds * (warmups + passes);
  const [bookingFigures, echoFigures] = await Promise.all([
    bookingBotProcess.stop(),
    echoBotProcess.stop(),
  ]);
  report({ booking, echoRun, bookingFigures, echoFigures, notices, expectedNotices });
});

/** Starts a bot of the benchmark in its own process group; resolves once it serves. */
async function startBot(bench: BenchContext, env: Record<string, string>) {
  const child = bench.fork(fileURLToPath(new URL('./bot-process.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ...env,
      ...(profileDir ? { BENCH_CPU_PROFILE: join(profileDir, `${env.BENCH_BOT}.cpuprofile`) } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const release = bench.watch(`the ${env.BENCH_BOT} bot's process`, child);
  await new Promise<void>((resolve) => child.once('message', () => resolve()));
  return {
    /** Forgets the durations so far: the warm-up is over. */
    reset: () =>
      new Promise<void>((resolve) => {
        child.once('message', () => resolve());
        child.send('reset');
      }),
    /**
     * Stops the bot; returns the duration of every update it handled and its CPU time
     * (microseconds) since the warm-up.
     */
    stop: () =>
      new Promise<BotFigures>((resolve) => {
        release();
        child.once('message', (message) => resolve(message as BotFigures));
        child.send('stop');
      }),
  };
}

interface Throughput {
  updates: number;
  seconds: number;
  /** CPU time (microseconds) of this process: the emulator and the simulated customers. */
  driverCpu: number;
  /** CPU time (microseconds) of the Postgres server's processes, where Linux tells it. */
  postgresCpu: number;
  /** CPU time (microseconds) of the Redis server, where Linux tells it. */
  redisCpu: number;
  /** Busy CPU time (microseconds) of the whole machine, all cores, where Linux tells it. */
  machineCpu: number;
}

function noThroughput(): Throughput {
  return { updates: 0, seconds: 0, driverCpu: 0, postgresCpu: 0, redisCpu: 0, machineCpu: 0 };
}

/** Every customer runs `run` once, numbered from `first` (each a new user); all at once. */
async function pass(run: (index: number) => Promise<number>, first: number): Promise<Throughput> {
  const machineBefore = await machineTimes();
  const serversBefore = await processTimes(SERVERS);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const counts = await Promise.all(
    Array.from({ length: customers }, (_, index) => run(first + index)),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const serversAfter = await processTimes(SERVERS);
  const machineAfter = await machineTimes();
  return {
    updates: counts.reduce((a, b) => a + b, 0),
    seconds,
    driverCpu: cpu.user + cpu.system,
    postgresCpu: timeSpent(serversBefore.get('postgres'), serversAfter.get('postgres')),
    redisCpu: timeSpent(serversBefore.get('redis-server'), serversAfter.get('redis-server')),
    machineCpu: machineAfter.busy - machineBefore.busy,
  };
}

/** Prints the figures of a completed run. */
function report(run: {
  booking: Throughput;
  echoRun: Throughput;
  bookingFigures: BotFigures;
  echoFigures: BotFigures;
  notices: number;
  expectedNotices: number;
}): void {
  const { booking, echoRun, bookingFigures, echoFigures } = run;
  const bookingRate = booking.updates / booking.seconds;
  const echoRate = echoRun.updates / echoRun.seconds;
  const fmt = (ms: number) => ms.toFixed(1);
  /** One bot's line: throughput, handler latency, and its process's CPU time per update. */
  const line = (run: { updates: number; seconds: number }, figures: BotFigures) => {
    const perUpdate = (microseconds: number) => (microseconds / 1000 / run.updates).toFixed(2);
    return [
      `${run.updates} updates in ${run.seconds.toFixed(2)} s = ${(run.updates / run.seconds).toFixed(0)} updates/s;`,
      `handler p50 ${fmt(percentile(figures.durations, 50))} ms, p99 ${fmt(percentile(figures.durations, 99))} ms;`,
      `CPU per update ${perUpdate(figures.cpu.user)} ms user + ${perUpdate(figures.cpu.system)} ms system`,
    ].join(' ');
  };
  console.log(`
results
  booking bot: ${line(booking, bookingFigures)}
  echo bot:    ${line(echoRun, echoFigures)}
  ratio booking/echo: ${((bookingRate / echoRate) * 100).toFixed(0)} %
  target: booking handler p99 < 50 ms (the ratio is information; its 50 % target is retired)`);
  console.log(
    `  the owner was sent ${run.notices} notices of bookings and cancellations (expected ${run.expectedNotices})`,
  );
  /** Where the CPU of a bot's passes went: cores busy, and ms of CPU per update. */
  const around = (run: Throughput, figures: BotFigures) => {
    const share = (microseconds: number) =>
      `${(microseconds / 1e6 / run.seconds).toFixed(2)} (${(microseconds / 1000 / run.updates).toFixed(2)})`;
    return [
      `bot ${share(figures.cpu.user + figures.cpu.system)},`,
      `emulator and customers ${share(run.driverCpu)},`,
      `Postgres ${share(run.postgresCpu)}, Redis ${share(run.redisCpu)},`,
      `whole machine ${share(run.machineCpu)} of ${availableParallelism()}`,
    ].join(' ');
  };
  console.log('\ncores busy during the passes (in brackets: ms of CPU per update)');
  console.log(`  booking: ${around(booking, bookingFigures)}`);
  console.log(`  echo:    ${around(echoRun, echoFigures)}`);
  // The machine's budget for the ratio target: at half the echo bot's rate, all cores
  // together can spend so much CPU per booking update. What the rest of the machine spends
  // on each (the emulator serving the Bot API calls, the customers, Postgres, Redis, the
  // kernel) leaves the remainder for the bot's own process.
  {
    const cores = availableParallelism();
    const targetRate = echoRate / 2;
    const budget = (cores * 1000) / targetRate;
    const botCpu = (bookingFigures.cpu.user + bookingFigures.cpu.system) / 1000 / booking.updates;
    const rest = booking.machineCpu / 1000 / booking.updates - botCpu;
    const left = budget - rest;
    console.log(`
budget: half the echo bot's rate is ${targetRate.toFixed(0)} updates/s; on ${cores} cores that allows ${budget.toFixed(2)} ms of CPU
  per booking update in all; the rest of the machine (emulator and customers, Postgres, Redis,
  kernel) spent ${rest.toFixed(2)} ms per update, which leaves ${left > 0 ? `${left.toFixed(2)} ms` : 'nothing'} for the bot's process (it spent ${botCpu.toFixed(2)})`);
  }
  console.log('\nbooking bot handler latency by step (ms)');
  for (const [step, durations] of Object.entries(bookingFigures.steps ?? {})) {
    console.log(
      `  ${step.padEnd(16)} ${String(durations.length).padStart(5)} updates  p50 ${fmt(percentile(durations, 50)).padStart(5)}  p99 ${fmt(percentile(durations, 99)).padStart(5)}`,
    );
  }
}
