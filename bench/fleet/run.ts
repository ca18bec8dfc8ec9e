/**
 * `pnpm bench fleet [--sizes 10,100,1000] [--busy-tenants 100] [--customers 5] [--rounds 1]
 *                   [--passes 2] [--profile dir]`
 *
 * One `client-bot --fleet` process (fleet-process.ts) against the Telegram emulator,
 * which runs here, in another process:
 *
 * 1. Idle: for each size, that many provisioned tenants, all polled with production's
 *    25 s long polls; after the start, and 3 s of idleness, the fleet's RSS and heap
 *    (after a GC), its open sockets and its connections to Redis and Postgres, and the
 *    time from its start until every tenant is polled. RSS per idle tenant is the RSS
 *    growth from the smallest to the largest size, divided by the tenants added.
 * 2. Busy: `--busy-tenants` tenants with `--customers` customers each run the booking
 *    flow at once (bench/updates/flow.ts), then one tenant with as many customers in
 *    all, in the same fleet process: updates per second, p50/p99 handler latency, ratio,
 *    and CPU time per update of each process involved. Both shapes are warmed up alike,
 *    then measured in `--passes` passes that take turns (`--profile dir`: a CPU profile
 *    of the fleet in each measured run).
 * 3. Provisioning: the time from `provisionTenant` (a spare schema ready, as
 *    `pnpm migrate` keeps them) to the new tenant's first answered `/start`, three times.
 *
 * Targets: under 200 KB RSS per idle tenant at 1,000 tenants; the same Redis connections
 * at every size; all of 1,000 tenants polled within 30 s of the start; the busy tenants'
 * throughput at least 80 % of the single tenant's; provisioning to answer under 5 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seedDemoSalon } from '@booking/client-bot/demo';
import {
  createFleetDatabase,
  inParallel,
  provisionMany,
} from '@booking/client-bot/testing/fleet-world';
import {
  createSpareSchema,
  deleteKeysMatching,
  getSettings,
  pinTenant,
  provisionTenant,
  tenantDb,
  tenantSchemaName,
  upsertClient,
} from '@booking/core';
import {
  closeTestConnections,
  getTestRedis,
  randomBotToken,
  randomId,
  randomSlug,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import { type SandboxBot, startSandbox } from '@booking/sandbox';
import { type BenchContext, runBench } from '../lib/lifecycle.js';
import { machineTimes, processTimes, timeSpent } from '../lib/proc.js';
import { percentile } from '../lib/stats.js';
import { type BookingFlowOptions, bookingRound, randomSequence } from '../updates/flow.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,100,1000' },
    'busy-tenants': { type: 'string', default: '100' },
    customers: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '1' },
    passes: { type: 'string', default: '2' },
    profile: { type: 'string' },
  },
});
const sizes = String(values.sizes)
  .split(',')
  .map(Number)
  .filter((size) => Number.isInteger(size) && size > 0)
  .sort((a, b) => a - b);
const busyTenants = Number(values['busy-tenants']);
const customersEach = Number(values.customers);
const rounds = Number(values.rounds);
const passes = Number(values.passes);
/** With --profile, the fleet writes a CPU profile of each measured run into this folder. */
const profileDir = values.profile ? resolve(values.profile) : undefined;
/** The fleet process's pool names its Postgres connections so (fleet-process.ts). */
const FLEET_APPLICATION_NAME = 'bench-fleet';
const redisPort = Number(new URL(TEST_REDIS_URL).port || 6379);

interface Sample {
  rss: number;
  heapUsed: number;
  connections: Record<string, number>;
  served: number;
}

const kb = (bytes: number) => Math.round(bytes / 1024);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

await runBench('fleet', async (bench) => {
  bench.step('start the emulator');
  // Long: on a loaded VM one answer can take a minute, and a wait only detects failures;
  // the latencies are measured in the fleet.
  const sandbox = await startSandbox({ telegram: { limits: false }, waitTimeoutMs: 180_000 });
  bench.defer('stop the emulator', () => sandbox.stop());
  const sandboxPort = Number(new URL(sandbox.url).port);

  bench.step('create the scratch database');
  const world = await createFleetDatabase('bench_fleet');
  bench.defer('close connections', closeTestConnections);
  bench.defer('drop the scratch database', () => world.scratch.drop());
  const redis = getTestRedis();
  const namespace = `bench_${randomId(6)}`;
  bench.defer("delete the queues' Redis keys", () => deleteKeysMatching(redis, `${namespace}:*`));
  // Every slug of this run starts with it: one SCAN removes all their Redis keys.
  const runPrefix = `f${randomId(5)}`;
  const slugs: string[] = [];
  const bots = new Map<string, SandboxBot>();
  bench.defer("delete the tenants' Redis keys", () =>
    deleteKeysMatching(redis, `t:{${runPrefix}_*`),
  );
  const register = (slug: string, token: string) => {
    slugs.push(slug);
    bots.set(slug, sandbox.telegram.createBot({ token, username: `${slug}_bot` }));
  };

  const fleetEnv = {
    BENCH_DATABASE_URL: world.scratch.url,
    BENCH_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
    BENCH_API_ROOT: sandbox.url,
    BENCH_NAMESPACE: namespace,
    ...(profileDir ? { BENCH_PROFILE_DIR: profileDir } : {}),
  };
  if (profileDir) {
    await mkdir(profileDir, { recursive: true });
  }

  // 1. Idle tenants.
  const idle: Array<Sample & { size: number; startedMs: number }> = [];
  for (const size of sizes) {
    bench.step(`provision tenants up to ${size}`);
    const provisioned = performance.now();
    await provisionMany(world.deps, size - slugs.length, {
      prefix: runPrefix,
      beforeProvision: register,
    });
    console.log(
      `${size} tenants provisioned (${Math.round(performance.now() - provisioned)} ms, not measured)`,
    );
    bench.step(`a fleet of ${size} idle tenants`);
    const fleet = await startFleet(bench, fleetEnv, `idle-${size}`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const sample = await fleet.sample();
    await fleet.stop();
    idle.push({ size, startedMs: fleet.startedMs, ...sample });
    console.log(
      `  ${size} tenants: polled all ${sample.served} in ${Math.round(fleet.startedMs)} ms; RSS ${mb(sample.rss)} MB, heap ${mb(sample.heapUsed)} MB; sockets ${sample.connections.sockets}: Redis ${sample.connections[redisPort] ?? 0}, Postgres ${sample.connections[5432] ?? 0}, emulator ${sample.connections[sandboxPort] ?? 0}`,
    );
  }

  // 2. Busy tenants against one tenant with as many customers.
  bench.step('seed the salons of the busy tenants');
  const busy = slugs.slice(0, busyTenants);
  let single = '';
  await provisionMany(world.deps, 1, {
    prefix: runPrefix,
    beforeProvision: (slug, token) => {
      register(slug, token);
      single = slug;
    },
  });
  const customersInAll = busyTenants * customersEach;
  await inParallel(busy.length + 1, 4, async (index) => {
    const slug = index < busy.length ? (busy[index] as string) : single;
    await seedDemoSalon(tenantDb(world.deps.db, tenantSchemaName(slug)));
  });
  const settings = await getSettings(tenantDb(world.deps.db, tenantSchemaName(single)));
  // 500 customers of one salon need more days than the five of bench/updates; both runs
  // pick among the same days, so they do the same work.
  const flow: BookingFlowOptions = {
    now: () => new Date(),
    timeZone: settings.timeZone,
    settings,
    daysAmong: 31,
  };

  // The busy run measures what serving many busy tenants costs against one: the idle
  // tenants are pinned out of its fleet. Served, each of them would have its queued jobs
  // reconciled once at the fleet's start and every 5 minutes, a thousand of them one after
  // another, and that work fell on whichever measured run it overlapped (with 1,000 idle
  // tenants served the 100-tenant runs spent 5x the Postgres CPU per update).
  bench.step('pin the idle tenants out of the busy fleet');
  const measured = new Set(busy);
  await inParallel(slugs.length, 4, async (index) => {
    const slug = slugs[index] as string;
    if (slug !== single && !measured.has(slug)) {
      await pinTenant(world.deps, slug);
    }
  });

  bench.step('start the fleet for the busy run');
  const fleet = await startFleet(bench, fleetEnv, 'busy');

  /** `customers` customers, customer i on tenant `tenantOf(i)`, each `rounds` rounds. */
  async function run(
    label: string,
    customers: number,
    tenantOf: (index: number) => string,
  ): Promise<RunFigures> {
    bench.step(label);
    const chats = await inParallel(customers, 8, async (index) => {
      const slug = tenantOf(index);
      const chat = sandbox.chat(
        bots.get(slug) as SandboxBot,
        sandbox.telegram.createUser({ first_name: `C${index}`, language_code: 'en' }),
      );
      await upsertClient(tenantDb(world.deps.db, tenantSchemaName(slug)), {
        telegramUserId: chat.transcript().user.id,
        name: `C${index}`,
        phone: '+79120000000',
        locale: 'en',
      });
      return chat;
    });
    await fleet.reset(label);
    // The fleet's own backends: the Postgres server is shared with whatever else runs.
    const fleetBackends = new Set(
      execFileSync(
        'psql',
        [
          world.scratch.url,
          '-Atc',
          `SELECT pid FROM pg_stat_activity WHERE application_name = '${FLEET_APPLICATION_NAME}'`,
        ],
        { encoding: 'utf8' },
      )
        .split('\n')
        .filter(Boolean)
        .map(Number),
    );
    const postgresBefore = await processTimes(['postgres'], fleetBackends);
    const redisBefore = await processTimes(['redis-server']);
    const machineBefore = await machineTimes();
    const benchBefore = process.cpuUsage();
    const started = performance.now();
    const updates = await Promise.all(
      chats.map(async (chat, index) => {
        const random = randomSequence(index + 1);
        let sent = 0;
        for (let round = 0; round < rounds; round++) {
          sent += await bookingRound(chat, random, flow, `${label}: customer ${index}`);
        }
        return sent;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const benchCpu = process.cpuUsage(benchBefore);
    const machineAfter = await machineTimes();
    const postgresAfter = await processTimes(['postgres'], fleetBackends);
    const redisAfter = await processTimes(['redis-server']);
    const { durations, cpu } = await fleet.durations();
    return {
      updates: updates.reduce((sum, count) => sum + count, 0),
      seconds,
      durations,
      fleetCpu: cpu,
      benchCpu: benchCpu.user + benchCpu.system,
      postgresCpu: timeSpent(postgresBefore.get('postgres'), postgresAfter.get('postgres')),
      redisCpu: timeSpent(redisBefore.get('redis-server'), redisAfter.get('redis-server')),
      machineCpu: machineAfter.busy - machineBefore.busy,
    };
  }

  const manyLabel = `${busyTenants} tenants x ${customersEach} customers`;
  const oneLabel = `1 tenant x ${customersInAll} customers`;
  const runMany = (label: string) =>
    run(label, customersInAll, (i) => busy[i % busy.length] as string);
  const runOne = (label: string) => run(label, customersInAll, () => single);
  // Every tenant's first update loads its settings and texts: one customer each first,
  // so that the shapes below do not start with a stampede on cold tenants.
  await run('warm-up (not measured), one customer each', busy.length + 1, (i) => busy[i] ?? single);
  // Then both shapes once, unmeasured: each tenant's statements get prepared on the
  // pool's connections and V8 optimizes the hot code, as in a fleet that has been up a
  // while. (One customer per tenant left the busy tenants' statements unprepared on most
  // connections and the single tenant's on none, which the measured runs then paid for.)
  await runMany(`warm-up (not measured), ${manyLabel}`);
  await runOne(`warm-up (not measured), ${oneLabel}`);
  // Measured passes take turns and swap the order each pass: the speed of a shared VM
  // drifts within a minute, and a slow spell must not fall on one shape only.
  const many: RunFigures[] = [];
  const one: RunFigures[] = [];
  for (let pass = 1; pass <= passes; pass++) {
    const suffix = `, pass ${pass} of ${passes}`;
    if (pass % 2 === 1) {
      many.push(await runMany(`${manyLabel}${suffix}`));
      one.push(await runOne(`${oneLabel}${suffix}`));
    } else {
      one.push(await runOne(`${oneLabel}${suffix}`));
      many.push(await runMany(`${manyLabel}${suffix}`));
    }
  }

  // 3. Provisioning to the first answer.
  const answers: number[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    bench.step(`provisioning to the first answer, ${attempt} of 3`);
    await createSpareSchema(world.deps.db);
    const slug = randomSlug(runPrefix);
    const token = randomBotToken();
    register(slug, token);
    const chat = sandbox.chat(
      bots.get(slug) as SandboxBot,
      sandbox.telegram.createUser({ first_name: 'New', language_code: 'en' }),
    );
    const started = performance.now();
    await provisionTenant(world.deps, { slug, botToken: token, locale: 'en' });
    await chat.send('/start');
    await chat.waitFor(/Welcome to/, { timeout: 30_000 });
    answers.push(performance.now() - started);
  }
  await fleet.stop();

  // Figures.
  const smallest = idle[0];
  const largest = idle.at(-1);
  console.log('\nidle tenants');
  console.log('tenants  start ms  RSS MB  heap MB  sockets  Redis  Postgres  emulator');
  for (const row of idle) {
    console.log(
      `${String(row.size).padStart(7)}  ${String(Math.round(row.startedMs)).padStart(8)}  ${mb(row.rss).padStart(6)}  ${mb(row.heapUsed).padStart(7)}  ${String(row.connections.sockets).padStart(7)}  ${String(row.connections[redisPort] ?? 0).padStart(5)}  ${String(row.connections[5432] ?? 0).padStart(8)}  ${String(row.connections[sandboxPort] ?? 0).padStart(8)}`,
    );
  }
  if (smallest && largest && largest.size > smallest.size) {
    const perTenant = (largest.rss - smallest.rss) / (largest.size - smallest.size);
    const heapPerTenant = (largest.heapUsed - smallest.heapUsed) / (largest.size - smallest.size);
    console.log(
      `RSS per idle tenant (${smallest.size} -> ${largest.size}): ${kb(perTenant)} KB (target < 200 KB); heap ${kb(heapPerTenant)} KB`,
    );
    console.log(
      `Redis connections: ${smallest.connections[redisPort] ?? 0} at ${smallest.size}, ${largest.connections[redisPort] ?? 0} at ${largest.size} (target: equal)`,
    );
    console.log(
      `start-up of ${largest.size} tenants: ${(largest.startedMs / 1000).toFixed(1)} s (target < 30 s at 1,000)`,
    );
  }
  console.log(`\nbooking flow, same fleet process, ${passes} measured passes each`);
  const manyTotal = total(many);
  const oneTotal = total(one);
  for (const [label, row] of [
    [manyLabel, manyTotal],
    [oneLabel, oneTotal],
  ] as const) {
    const perUpdate = (microseconds: number) => (microseconds / 1000 / row.updates).toFixed(2);
    console.log(
      `${label}: ${row.updates} updates in ${row.seconds.toFixed(1)} s, ${(row.updates / row.seconds).toFixed(1)} updates/s, handler p50 ${percentile(row.durations, 50).toFixed(1)} ms, p99 ${percentile(row.durations, 99).toFixed(1)} ms`,
    );
    console.log(
      `  CPU ms per update: fleet ${perUpdate(row.fleetCpu)}, emulator and customers ${perUpdate(row.benchCpu)}, the fleet's Postgres backends ${perUpdate(row.postgresCpu)}, Redis ${perUpdate(row.redisCpu)}, whole machine ${perUpdate(row.machineCpu)}; cores busy: fleet ${(row.fleetCpu / 1e6 / row.seconds).toFixed(2)}, machine ${(row.machineCpu / 1e6 / row.seconds).toFixed(2)}`,
    );
  }
  console.log(
    `ratio: ${((manyTotal.updates / manyTotal.seconds / (oneTotal.updates / oneTotal.seconds)) * 100).toFixed(0)} % of the single tenant's throughput (target >= 80 %)`,
  );
  console.log(
    `provisionTenant -> first answered /start: ${answers.map((ms) => `${Math.round(ms)} ms`).join(', ')} (target < 5 s)`,
  );
});

/** One measured run of the booking flow. CPU times in microseconds. */
interface RunFigures {
  updates: number;
  seconds: number;
  /** Handler latency of each update, in milliseconds. */
  durations: number[];
  fleetCpu: number;
  /** This process: the emulator and the customers. */
  benchCpu: number;
  postgresCpu: number;
  redisCpu: number;
  machineCpu: number;
}

function total(runs: RunFigures[]): RunFigures {
  const sum = (pick: (run: RunFigures) => number) => runs.reduce((a, run) => a + pick(run), 0);
  return {
    updates: sum((run) => run.updates),
    seconds: sum((run) => run.seconds),
    durations: runs.flatMap((run) => run.durations),
    fleetCpu: sum((run) => run.fleetCpu),
    benchCpu: sum((run) => run.benchCpu),
    postgresCpu: sum((run) => run.postgresCpu),
    redisCpu: sum((run) => run.redisCpu),
    machineCpu: sum((run) => run.machineCpu),
  };
}

interface FleetChild {
  startedMs: number;
  sample(): Promise<Sample>;
  /** Forgets durations and CPU time so far; with --profile, starts profiling `label`. */
  reset(label: string): Promise<void>;
  /** Handler durations (ms) and the fleet's CPU time (µs) since the reset. */
  durations(): Promise<{ durations: number[]; cpu: number }>;
  stop(): Promise<void>;
}

async function startFleet(
  bench: BenchContext,
  env: Record<string, string>,
  name: string,
): Promise<FleetChild> {
  const child = bench.fork(fileURLToPath(new URL('./fleet-process.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, ...env, BENCH_INSTANCE: `bench-fleet-${name}-${randomId(4)}` },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const release = bench.watch(`the fleet process (${name})`, child);
  const ask = <T>(message: string | object) =>
    new Promise<T>((resolve) => {
      child.once('message', (answer) => resolve(answer as T));
      child.send(message);
    });
  const { started } = await new Promise<{ started: number }>((resolve) =>
    child.once('message', (message) => resolve(message as { started: number })),
  );
  return {
    startedMs: started,
    sample: () => ask<Sample>('sample'),
    reset: async (label) => {
      await ask({ reset: label });
    },
    durations: () => ask<{ durations: number[]; cpu: number }>('durations'),
    stop: async () => {
      release();
      await ask('stop');
    },
  };
}
