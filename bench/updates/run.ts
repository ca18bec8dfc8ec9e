/**
 * Update throughput and handler latency of the client bot, next to a bare telegraf echo
 * bot measured in the same run on the same emulator.
 *
 *   pnpm bench updates [--customers 20] [--rounds 6] [--messages 60] [--passes 3] [--warmup 3]
 *                      [--profile dir]
 *
 * Each simulated customer runs the whole booking flow in a closed loop (menu, service,
 * any specialist, one of the first five free days, one of the day's free times, confirm,
 * cancel), waiting for each answer before the next press, `rounds` times. Choices come
 * from a seeded sequence per customer, so runs repeat. Two customers who pick the same
 * time race; the loser gets fresh times and picks again, as a person would. Then as many
 * customers each send `messages` texts to the echo bot. The two take turns `passes`
 * times, after `warmup` unmeasured passes of each. Rate limits are off in the
 * emulator and in the bot's sender: the figures are processing capacity, not Telegram's
 * 1 message per second per chat. Each bot runs in a process of its own, so the
 * emulator and the simulated customers do not share its event loop.
 */
import { fork } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seedDemoSalon } from '@booking/client-bot/demo';
import { addAdmin, getTenantBotToken, upsertClient } from '@booking/core';
import {
  closeTestConnections,
  createTestTenant,
  getTestTenantDeps,
  randomId,
  TEST_ENCRYPTION_KEY,
} from '@booking/core/testing';
import { type SandboxChat, startSandbox } from '@booking/sandbox';
import { machineTimes, processTimes, timeSpent } from '../lib/proc.js';
import { percentile } from '../lib/stats.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '6' },
    messages: { type: 'string', default: '60' },
    passes: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    profile: { type: 'string' },
  },
});
const customers = Number(values.customers);
const rounds = Number(values.rounds);
const messages = Number(values.messages);
const warmups = Number(values.warmup);
const passes = Number(values.passes);
/** With --profile, each bot writes a CPU profile of its measured pass into this folder. */
const profileDir = values.profile ? resolve(values.profile) : undefined;
if (profileDir) {
  await mkdir(profileDir, { recursive: true });
}

const sandbox = await startSandbox({ telegram: { limits: false }, waitTimeoutMs: 20_000 });
const tenant = await createTestTenant({ timeZone: 'Europe/Moscow' });
await seedDemoSalon(tenant.db);
const deps = await getTestTenantDeps();
const bookingBot = sandbox.telegram.createBot({
  token: await getTenantBotToken(deps, tenant.slug),
  username: 'bench_salon_bot',
});
interface BotFigures {
  durations: number[];
  /** The durations by step of the flow (booking bot only). */
  steps?: Record<string, number[]>;
  cpu: { user: number; system: number };
}

/** Starts a bot of the benchmark in its own process; resolves once it serves. */
async function startBot(env: Record<string, string>) {
  const child = fork(fileURLToPath(new URL('./bot-process.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ...env,
      ...(profileDir ? { BENCH_CPU_PROFILE: join(profileDir, `${env.BENCH_BOT}.cpuprofile`) } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`bot process exited with ${code}`)));
  });
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
        child.once('message', (message) => resolve(message as BotFigures));
        child.send('stop');
      }),
  };
}

const bookingBotProcess = await startBot({
  BENCH_BOT: 'booking',
  BENCH_API_ROOT: sandbox.url,
  BENCH_TENANT: tenant.slug,
  BENCH_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
  BENCH_NAMESPACE: `bench_${randomId(6)}`,
});
await sandbox.telegram.waitForPolling(bookingBot);

// Every live tenant has its owner, told of each booking and cancellation (a bot may
// write only to users who started it): the admins' notices are part of the flow's cost.
const owner = sandbox.chat(
  bookingBot,
  sandbox.telegram.createUser({ first_name: 'Owner', language_code: 'en' }),
);
await addAdmin(
  tenant.db,
  { telegramUserId: owner.transcript().user.id, role: 'owner', name: 'Owner' },
  'bench',
);
await owner.send('/start');
await owner.waitFor(/What would you like to do/);

/** The first button whose label matches, or undefined. */
function buttonMatching(chat: SandboxChat, pattern: RegExp): string | undefined {
  return chat
    .buttons()
    .flat()
    .find((text) => pattern.test(text));
}

/** A repeatable pseudo-random sequence (mulberry32), one per customer. */
function randomSequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One of the first `among` buttons whose label matches, chosen by `random`. */
function pickButton(
  chat: SandboxChat,
  pattern: RegExp,
  random: () => number,
  among: number,
): string {
  const matching = chat
    .buttons()
    .flat()
    .filter((text) => pattern.test(text))
    .slice(0, among);
  return matching[Math.floor(random() * matching.length)] ?? '';
}

/** One customer's booking loop; returns the number of updates it sent. */
async function bookingCustomer(index: number): Promise<number> {
  const chat = sandbox.chat(
    bookingBot,
    sandbox.telegram.createUser({ first_name: `C${index}`, language_code: 'en' }),
  );
  // A returning customer: the bot knows their name and phone.
  await upsertClient(tenant.db, {
    telegramUserId: chat.transcript().user.id,
    name: `C${index}`,
    phone: '+79120000000',
    locale: 'en',
  });
  let updates = 0;
  const random = randomSequence(index + 1);
  const step = async (action: () => Promise<unknown>, expected: RegExp) => {
    await action();
    updates += 1;
    return chat.waitFor(expected);
  };
  for (let round = 0; round < rounds; round++) {
    await step(() => chat.send('/start'), /What would you like to do/);
    await step(() => chat.press('📅 Book'), /Choose a service/);
    await step(
      () => chat.press(buttonMatching(chat, /^Мужская стрижка/) ?? ''),
      /Choose a specialist/,
    );
    await step(() => chat.press('Any specialist'), /Choose a day/);
    await step(() => chat.press(pickButton(chat, /^\d+•?$/, random, 5)), /choose a time/);
    for (;;) {
      await step(
        () => chat.press(pickButton(chat, /^\d\d:\d\d$/, random, 100)),
        /Please check your booking/,
      );
      const outcome = await step(() => chat.press('✅ Confirm'), /You are booked|was just taken/);
      if (outcome.text.includes('You are booked')) {
        break;
      }
    }
    await step(() => chat.press('✖ Cancel booking'), /Cancel this booking\?/);
    await step(() => chat.press('Yes, cancel'), /Your booking was cancelled/);
  }
  return updates;
}

const echoToken = sandbox.telegram.createBot({ username: 'bench_echo_bot' });
const echoBotProcess = await startBot({
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

/** The servers whose CPU time a pass measures: Postgres's processes and Redis. */
const SERVERS = ['postgres', 'redis-server'];

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

// Warm-up, not measured: the first passes through each path load its code and let V8
// optimize it, as a bot that has been running for a while has. With one pass, the
// optimizing compiler was still busy during the measurement.
console.log(`warm-up: ${warmups} passes of each bot ...`);
for (let round = 1; round <= warmups; round++) {
  await pass(bookingCustomer, customers * round);
  await pass(echoCustomer, customers * round);
}
await Promise.all([bookingBotProcess.reset(), echoBotProcess.reset()]);

// The bots take turns, pass by pass, so that a slower or faster spell of the machine
// falls on both and not on one of them.
console.log(
  `measuring: ${passes} passes of ${customers} customers x ${rounds} booking rounds, then x ${messages} echo messages ...`,
);
const none = (): Throughput => ({
  updates: 0,
  seconds: 0,
  driverCpu: 0,
  postgresCpu: 0,
  redisCpu: 0,
  machineCpu: 0,
});
const booking = none();
const echoRun = none();
for (let round = 0; round < passes; round++) {
  const first = customers * (warmups + 1 + round);
  for (const [total, run] of [
    [booking, bookingCustomer],
    [echoRun, echoCustomer],
  ] as const) {
    const measured = await pass(run, first);
    for (const key of Object.keys(total) as (keyof Throughput)[]) {
      total[key] += measured[key];
    }
  }
}
// Notices are jobs: the last ones may still be on their way when the customers are done.
await new Promise((resolve) => setTimeout(resolve, 1_000));
const notices = owner.transcript().messages.filter((message) => message.from === 'bot').length - 1;
const expectedNotices = 2 * customers * rounds * (warmups + passes);
const [bookingFigures, echoFigures] = await Promise.all([
  bookingBotProcess.stop(),
  echoBotProcess.stop(),
]);

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
  targets: ratio >= 50 %; booking handler p99 < 50 ms`);
console.log(
  `  the owner was sent ${notices} notices of bookings and cancellations (expected ${expectedNotices})`,
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

await sandbox.stop();
await tenant.dispose();
await closeTestConnections();
