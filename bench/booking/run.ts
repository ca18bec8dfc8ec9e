/**
 * Booking engine benchmark.
 *
 *   pnpm bench booking [--seconds 8] [--bookings 2000] [--now 2031-01-06T05:00:00Z]
 *                      [--time-zone Europe/Moscow] [--database <url>]...
 *   pnpm exec tsx bench/booking/run.ts [--seconds 8]
 *
 * `--database` names a server to measure (a database URL on it; the scratch database is
 * made beside it); given twice (plain Postgres and a Citus coordinator), both engines
 * are measured in one run and compared. Default: `TEST_DATABASE_URL`.
 *
 * In a scratch database, one tenant with 5 specialists, one 60-minute service and
 * 2,000 (`--bookings`) confirmed bookings spread over the next three months. Prints:
 *   (a) month-view availability (`getMonthSummary`, "any" specialist): queries per
 *       second and latency percentiles, one query at a time, then 4 at a time;
 *   (b) bookings per second (`bookAppointment`, client path, every rule checked)
 *       on distinct slots with 8 concurrent clients;
 *   (c) pgbench TPC-B-like tps with 8 clients on the same server, in a scratch
 *       database that is dropped afterwards;
 *   (d) one client at a time: latency of a booking and of its cancellation (on Citus,
 *       with tenant statements sent to the worker of the schema, then through the
 *       coordinator alone);
 * and the ratio (b)/(c). Targets: month view p99 < 10 ms; (b) >= 30 % of (c); on Citus,
 * (d) within 2x of plain Postgres.
 *
 * The calendar is laid out from the clock (`--now`, by default a fixed Monday morning so
 * that every run sees the same one) in the tenant's zone, and holds at any instant (see
 * salon.ts). A failure or SIGINT/SIGTERM stops pgbench and drops both scratch databases
 * (see ../lib/lifecycle.ts).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import {
  assignService,
  bookAppointment,
  cancelBooking,
  createDb,
  createService,
  getMonthSummary,
  isCitus,
  migratePlatform,
  provisionTenant,
  type TenantExecutor,
  tenantDb,
  tenantRouting,
} from '@booking/core';
import {
  closeTestConnections,
  createScratchDatabase,
  getTestRedis,
  randomBotToken,
  randomSlug,
  TEST_DATABASE_URL,
  TEST_ENCRYPTION_KEY,
} from '@booking/core/testing';
import { type BenchContext, runBench } from '../lib/lifecycle.js';
import { percentile } from '../lib/stats.js';
import { daySlots, type SalonCalendar, type SlotRef, salonMonths, seedSalon } from './salon.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    bookings: { type: 'string', default: '2000' },
    // Monday 2031-01-06 08:00 in Moscow.
    now: { type: 'string', default: '2031-01-06T05:00:00Z' },
    'time-zone': { type: 'string', default: 'Europe/Moscow' },
    database: { type: 'string', multiple: true },
  },
});
const DATABASES = values.database ?? [TEST_DATABASE_URL];
const seconds = Number(values.seconds);
if (!(seconds > 0)) {
  console.error(`--seconds must be positive, got ${values.seconds}`);
  process.exit(1);
}
const calendar: SalonCalendar = { now: new Date(values.now), timeZone: values['time-zone'] };
if (Number.isNaN(calendar.now.getTime())) {
  console.error(`--now must be an ISO instant such as 2031-01-06T05:00:00Z, got ${values.now}`);
  process.exit(1);
}
const MONTHS = salonMonths(calendar);
const SALON = { specialists: 5, clients: 400, bookings: Number(values.bookings) };
if (!Number.isInteger(SALON.bookings) || SALON.bookings < 0) {
  console.error(`--bookings must be a whole number, got ${values.bookings}`);
  process.exit(1);
}
const WRITERS = 8;
const CLIENTS_PER_WRITER = SALON.clients / WRITERS;

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/** Returned by an operation of {@link timeLoop} when its worker has nothing left to do. */
const DONE = Symbol('done');

async function timeLoop(
  concurrency: number,
  durationMs: number,
  operation: (worker: number, iteration: number) => Promise<unknown>,
): Promise<{ count: number; elapsedMs: number; latencies: number[]; errors: Map<string, number> }> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let iteration = 0; performance.now() < deadline; iteration += 1) {
        const begin = performance.now();
        try {
          if ((await operation(worker, iteration)) === DONE) {
            break;
          }
          latencies.push(performance.now() - begin);
        } catch (error) {
          const code = (error as { code?: string }).code ?? String(error);
          errors.set(code, (errors.get(code) ?? 0) + 1);
        }
      }
    }),
  );
  return { count: latencies.length, elapsedMs: performance.now() - started, latencies, errors };
}

/** Runs a Postgres client program; resolves with what it printed, rejects if it failed. */
function runProgram(
  bench: BenchContext | undefined,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<string> {
  return new Promise((resolve, reject) => {
    // In a process group of its own, stopped with the benchmark (cleanup programs run
    // after that, so they are spawned plainly).
    const child = bench
      ? bench.spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (status, signal) => {
      if (status === 0) {
        resolve(stdout);
      } else {
        const reason = signal ?? `status ${status}`;
        reject(new Error(`${command} ${args.at(-1)} failed (${reason}): ${stderr.trim()}`));
      }
    });
  });
}

/** pgbench TPC-B-like on the same server, in a scratch database of its own: tps. */
async function runPgbench(bench: BenchContext, url: URL, database: string): Promise<number> {
  const connection = [
    '-h',
    url.hostname,
    '-p',
    url.port === '' ? '5432' : url.port,
    '-U',
    decodeURIComponent(url.username || 'postgres'),
  ];
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) };
  bench.defer('drop the pgbench database', () =>
    runProgram(undefined, 'dropdb', [...connection, '--if-exists', '--force', database], env),
  );
  await runProgram(bench, 'createdb', [...connection, database], env);
  // Scale 10: ten branches, so 8 clients do not all queue on one branch row.
  await runProgram(
    bench,
    '/usr/bin/pgbench',
    [...connection, '-i', '-q', '-s', '10', database],
    env,
  );
  const output = await runProgram(
    bench,
    '/usr/bin/pgbench',
    [
      ...connection,
      '-c',
      String(WRITERS),
      '-j',
      '2',
      '-T',
      String(Math.max(5, Math.round(seconds))),
      database,
    ],
    env,
  );
  const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
  if (match === null) {
    throw new Error('cannot read tps from the output of pgbench');
  }
  return Number(match[1]);
}

/** What one engine measured, for the comparison at the end. */
interface EngineFigures {
  engine: string;
  bookP50: number;
  bookP99: number;
  cancelP50: number;
  cancelP99: number;
}

async function measureEngine(
  bench: BenchContext,
  server: string,
  withPgbench: boolean,
): Promise<EngineFigures> {
  bench.step('create the scratch database and the salon');
  const scratch = await createScratchDatabase('bench_booking', { server });
  bench.defer('drop the scratch database', () => scratch.drop());
  const engine = (await isCitus(scratch.db)) ? 'citus' : 'postgres';
  const where = new URL(server);
  console.log(`\n[${engine}] ${where.host}: scratch database ${scratch.name}`);
  const pool = createDb({
    connectionString: scratch.url,
    maxConnections: 10,
    applicationName: 'bench-booking',
  });
  bench.defer('close the pool', () => pool.destroy());
  await migratePlatform(scratch.db);
  const { tenant } = await provisionTenant(
    { db: scratch.db, redis: getTestRedis(), encryptionKey: TEST_ENCRYPTION_KEY },
    { slug: randomSlug('bench'), botToken: randomBotToken() },
  );
  if (engine === 'citus') {
    // Tenant statements go to the worker that holds the schema (see NodeRouter).
    const routed = await tenantRouting(pool);
    console.log(
      `tenant statements: ${routed ? 'straight to the worker of the schema' : 'through the coordinator'}`,
    );
  }
  const db = tenantDb(pool, tenant.schema);
  bench.step('seed the salon');
  const seedStarted = performance.now();
  const { serviceId, staffIds, clientIds } = await seedSalon(db, calendar, SALON, WRITERS);
  console.log(
    `seeded ${SALON.specialists} specialists, ${clientIds.length} clients, ${SALON.bookings} bookings in ${(
      (performance.now() - seedStarted) / 1000
    ).toFixed(1)} s`,
  );

  // (a) Month view: the calendar a client opens, over the busy months.
  const monthView = (_: number, iteration: number) =>
    getMonthSummary(
      db,
      { serviceId, staffId: 'any', month: MONTHS[iteration % MONTHS.length] as string },
      calendar.now,
    );
  bench.step('(a) month view');
  await timeLoop(2, 1_000, monthView);
  for (const concurrency of [1, 4]) {
    const result = await timeLoop(concurrency, (seconds * 1000) / 2, monthView);
    console.log(
      `(a) month view, ${concurrency} at a time: ${(result.count / (result.elapsedMs / 1000)).toFixed(0)} queries/s, ` +
        `p50 ${ms(percentile(result.latencies, 50))}, p99 ${ms(percentile(result.latencies, 99))}, ` +
        `max ${ms(Math.max(...result.latencies))} (${result.count} queries` +
        `${result.errors.size > 0 ? `, errors ${JSON.stringify([...result.errors])}` : ''})`,
    );
  }

  // (b) Bookings on distinct slots, 8 clients at once, each on its own slots four
  // months out (clear of the seeded ones) and inside the horizon, through the full
  // client path. A 30-minute service doubles the supply of slots; a writer that used up
  // its share stops, so the rate is never diluted by work that is not booking.
  bench.step('(b) bookings');
  const trim = await createService(db, { name: 'Trim', durationMinutes: 30, priceMinor: 90_000 });
  for (const staffId of staffIds) {
    await assignService(db, { staffId, serviceId: trim.id });
  }
  const perWriter: SlotRef[][] = Array.from({ length: WRITERS }, () => []);
  let supplied = 0;
  for (const slot of daySlots(calendar, staffIds, 120, 360, 30)) {
    perWriter[supplied % WRITERS]?.push(slot);
    supplied += 1;
  }
  const booking = await timeLoop(WRITERS, seconds * 1000, async (worker, iteration) => {
    const slot = perWriter[worker]?.[iteration];
    if (slot === undefined) {
      return DONE;
    }
    return bookAppointment(
      db,
      {
        clientId: clientIds[
          worker * CLIENTS_PER_WRITER + (iteration % CLIENTS_PER_WRITER)
        ] as number,
        serviceId: trim.id,
        staffId: slot.staffId,
        startsAt: slot.startsAt,
      },
      { now: calendar.now },
    );
  });
  const bookingsPerSecond = booking.count / (booking.elapsedMs / 1000);
  console.log(
    `(b) bookings, ${WRITERS} concurrent clients: ${bookingsPerSecond.toFixed(0)} bookings/s, ` +
      `p50 ${ms(percentile(booking.latencies, 50))}, p99 ${ms(percentile(booking.latencies, 99))} ` +
      `(${booking.count} bookings of ${supplied} slots${booking.errors.size > 0 ? `, errors ${JSON.stringify([...booking.errors])}` : ''})`,
  );

  // (d) One client at a time books a free slot, then cancels it: the latency a person
  // sees, and the figure that compares engines (no queueing on a shared pool). On Citus
  // also through the coordinator alone, as before tenant statements went to the worker.
  bench.step('(d) book and cancel, one at a time');
  const free: SlotRef[] = perWriter.flatMap((slots) =>
    slots.slice(Math.ceil(booking.count / WRITERS) + 1),
  );
  const routes: Array<[string, TenantExecutor]> = [['', db]];
  if (engine === 'citus') {
    const coordinatorOnly = createDb({
      connectionString: scratch.url,
      maxConnections: 10,
      applicationName: 'bench-booking',
      nodeRouting: false,
    });
    bench.defer('close the coordinator-only pool', () => coordinatorOnly.destroy());
    routes.push([' through the coordinator', tenantDb(coordinatorOnly, tenant.schema)]);
  }
  let figures: EngineFigures | undefined;
  for (const [index, [label, executor]] of routes.entries()) {
    // Each route books its own half of the free slots.
    const slots = free.filter((_, slot) => slot % routes.length === index);
    const measured = await bookAndCancel(executor, trim.id, slots, clientIds);
    console.log(
      `(d) one at a time${label}: book p50 ${ms(measured.bookP50)}, p99 ${ms(measured.bookP99)}; ` +
        `cancel p50 ${ms(measured.cancelP50)}, p99 ${ms(measured.cancelP99)} (${measured.count} of each)`,
    );
    figures ??= { engine, ...measured };
  }

  if (withPgbench) {
    // (c) pgbench on the same server (plain tables: on a Citus coordinator it measures
    // the coordinator alone, so it runs for the first server only).
    bench.step('(c) pgbench');
    const tps = await runPgbench(bench, new URL(scratch.url), `${scratch.name}_pgbench`);
    console.log(`(c) pgbench TPC-B-like, ${WRITERS} clients, scale 10: ${tps.toFixed(0)} tps`);
    const ratio = bookingsPerSecond / tps;
    console.log(`(b)/(c) = ${(ratio * 100).toFixed(0)} % (target >= 30 %)`);
  }
  return figures as EngineFigures;
}

/** (d): books each slot in turn, then cancels it, for about half the run's seconds. */
async function bookAndCancel(
  db: TenantExecutor,
  serviceId: number,
  free: readonly SlotRef[],
  clientIds: readonly number[],
) {
  const bookLatencies: number[] = [];
  const cancelLatencies: number[] = [];
  const deadline = performance.now() + (seconds * 1000) / 2;
  for (let index = 0; index < free.length && performance.now() < deadline; index += 1) {
    const slot = free[index] as SlotRef;
    const clientId = clientIds[index % clientIds.length] as number;
    let begin = performance.now();
    const made = await bookAppointment(
      db,
      { clientId, serviceId, staffId: slot.staffId, startsAt: slot.startsAt },
      { now: calendar.now },
    ).catch(() => undefined);
    if (made === undefined) {
      continue;
    }
    bookLatencies.push(performance.now() - begin);
    begin = performance.now();
    await cancelBooking(db, {
      bookingId: made.id,
      actor: { kind: 'client', clientId },
      now: calendar.now,
    });
    cancelLatencies.push(performance.now() - begin);
  }
  return {
    count: bookLatencies.length,
    bookP50: percentile(bookLatencies, 50),
    bookP99: percentile(bookLatencies, 99),
    cancelP50: percentile(cancelLatencies, 50),
    cancelP99: percentile(cancelLatencies, 99),
  };
}

await runBench('booking', async (bench) => {
  bench.defer('close connections', closeTestConnections);
  const measured: EngineFigures[] = [];
  for (const [index, server] of DATABASES.entries()) {
    measured.push(await measureEngine(bench, server, index === 0));
  }
  const plain = measured.find((figures) => figures.engine === 'postgres');
  const citus = measured.find((figures) => figures.engine === 'citus');
  if (plain && citus) {
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    console.log(
      `\ncitus / postgres, one at a time: book p50 ${ratio(citus.bookP50, plain.bookP50)}, ` +
        `cancel p50 ${ratio(citus.cancelP50, plain.cancelP50)} (target <= 2x)`,
    );
  }
});
