/**
 * Booking engine benchmark.
 *
 *   pnpm bench booking [--seconds 8]
 *   pnpm exec tsx bench/booking/run.ts [--seconds 8]
 *
 * In a scratch database, one tenant with 5 specialists, one 60-minute service and
 * 2,000 confirmed bookings spread over the next three months. Prints:
 *   (a) month-view availability (`getMonthSummary`, "any" specialist): queries per
 *       second and latency percentiles, one query at a time, then 4 at a time;
 *   (b) bookings per second (`bookAppointment`, client path, every rule checked)
 *       on distinct slots with 8 concurrent clients;
 *   (c) pgbench TPC-B-like tps with 8 clients on the same server, in a scratch
 *       database that is dropped afterwards;
 * and the ratio (b)/(c). Targets: month view p99 < 10 ms; (b) >= 30 % of (c).
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import {
  assignService,
  bookAppointment,
  createDb,
  createService,
  createSpecialist,
  getMonthSummary,
  migratePlatform,
  provisionTenant,
  type TenantExecutor,
  tenantDb,
  updateSettings,
  upsertClient,
} from '@booking/core';
import {
  closeTestConnections,
  createScratchDatabase,
  getTestRedis,
  randomBotToken,
  randomSlug,
  TEST_ENCRYPTION_KEY,
} from '@booking/core/testing';
import { percentile } from '../lib/stats.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' } } });
const seconds = Number(values.seconds);
if (!(seconds > 0)) {
  throw new Error(`--seconds must be positive, got ${values.seconds}`);
}

// Moscow keeps UTC+3 all year, which lets the benchmark write local times as plain
// ISO strings without a time-zone library.
const ZONE = 'Europe/Moscow';
const OFFSET = '+03:00';
// A fixed Monday morning, so every run sees the same calendar.
const NOW = new Date(`2031-01-06T08:00:00${OFFSET}`);
const MONTHS = ['2031-01', '2031-02', '2031-03'];
const SPECIALISTS = 5;
const SEEDED_BOOKINGS = 2_000;
const WRITERS = 8;
const CLIENTS_PER_WRITER = 50;

interface SlotRef {
  staffId: number;
  startsAt: Date;
}

/**
 * Every slot of every specialist on workdays, `stepMinutes` apart from 09:00 to 18:00,
 * from `firstDay` to `lastDay` (days after the fixed clock).
 */
function* daySlots(
  staffIds: readonly number[],
  firstDay: number,
  lastDay = Number.POSITIVE_INFINITY,
  stepMinutes = 60,
): Generator<SlotRef> {
  for (let day = firstDay; day <= lastDay; day += 1) {
    const date = new Date(Date.UTC(2031, 0, 6 + day));
    const weekday = date.getUTCDay();
    if (weekday === 0 || weekday === 6) {
      continue;
    }
    const isoDate = date.toISOString().slice(0, 10);
    for (let minute = 9 * 60; minute < 18 * 60; minute += stepMinutes) {
      for (const staffId of staffIds) {
        const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
        yield { staffId, startsAt: new Date(`${isoDate}T${time}${OFFSET}`) };
      }
    }
  }
}

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

async function seed(db: TenantExecutor) {
  await updateSettings(db, {
    timeZone: ZONE,
    bookingHorizonDays: 366,
    maxActiveBookingsPerClient: 100,
    minNoticeMinutes: 60,
  });
  const service = await createService(db, {
    name: 'Haircut',
    durationMinutes: 60,
    priceMinor: 200_000,
  });
  const staffIds: number[] = [];
  for (let index = 0; index < SPECIALISTS; index += 1) {
    const specialist = await createSpecialist(db, {
      name: `Master ${index + 1}`,
      sortOrder: index,
    });
    await assignService(db, { staffId: specialist.id, serviceId: service.id });
    staffIds.push(specialist.id);
  }
  const clientIds: number[] = [];
  const clientCount = WRITERS * CLIENTS_PER_WRITER;
  for (let start = 0; start < clientCount; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: 50 }, (_, offset) =>
        upsertClient(db, {
          telegramUserId: 1_000_000 + start + offset,
          name: `Client ${start + offset}`,
        }),
      ),
    );
    clientIds.push(...batch.map((client) => client.id));
  }

  // 2,000 of the ~2,900 hourly slots of the next three months, chosen evenly: about
  // two thirds of the calendar is taken, a realistic busy salon.
  const candidates: SlotRef[] = [];
  const slots = daySlots(staffIds, 1);
  for (let index = 0; candidates.length < SEEDED_BOOKINGS; index += 1) {
    const slot = slots.next().value as SlotRef;
    if (index % 3 !== 2) {
      candidates.push(slot);
    }
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < candidates.length) {
        const index = next;
        next += 1;
        const slot = candidates[index] as SlotRef;
        await bookAppointment(
          db,
          {
            clientId: clientIds[index % clientIds.length] as number,
            serviceId: service.id,
            staffId: slot.staffId,
            startsAt: slot.startsAt,
          },
          { now: NOW, actor: { kind: 'system', name: 'bench-seed' } },
        );
      }
    }),
  );
  return { serviceId: service.id, staffIds, clientIds };
}

function runPgbench(url: URL, database: string): number {
  const connection = [
    '-h',
    url.hostname,
    '-p',
    url.port === '' ? '5432' : url.port,
    '-U',
    decodeURIComponent(url.username || 'postgres'),
  ];
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) };
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { env, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
    }
    return result.stdout;
  };
  run('createdb', [...connection, database]);
  try {
    // Scale 10: ten branches, so 8 clients do not all queue on one branch row.
    run('/usr/bin/pgbench', [...connection, '-i', '-q', '-s', '10', database]);
    const output = run('/usr/bin/pgbench', [
      ...connection,
      '-c',
      String(WRITERS),
      '-j',
      '2',
      '-T',
      String(Math.max(5, Math.round(seconds))),
      database,
    ]);
    const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
    if (match === null) {
      throw new Error(`cannot read tps from pgbench output:\n${output}`);
    }
    return Number(match[1]);
  } finally {
    run('dropdb', [...connection, '--if-exists', database]);
  }
}

const scratch = await createScratchDatabase('bench_booking');
const pool = createDb({
  connectionString: scratch.url,
  maxConnections: 10,
  applicationName: 'bench-booking',
});
try {
  await migratePlatform(scratch.db);
  const { tenant } = await provisionTenant(
    { db: scratch.db, redis: getTestRedis(), encryptionKey: TEST_ENCRYPTION_KEY },
    { slug: randomSlug('bench'), botToken: randomBotToken() },
  );
  const db = tenantDb(pool, tenant.schema);
  const seedStarted = performance.now();
  const { serviceId, staffIds, clientIds } = await seed(db);
  console.log(
    `seeded ${SPECIALISTS} specialists, ${clientIds.length} clients, ${SEEDED_BOOKINGS} bookings in ${(
      (performance.now() - seedStarted) / 1000
    ).toFixed(1)} s`,
  );

  // (a) Month view: the calendar a client opens, over the busy months.
  const monthView = (_: number, iteration: number) =>
    getMonthSummary(
      db,
      { serviceId, staffId: 'any', month: MONTHS[iteration % MONTHS.length] as string },
      NOW,
    );
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
  const trim = await createService(db, { name: 'Trim', durationMinutes: 30, priceMinor: 90_000 });
  for (const staffId of staffIds) {
    await assignService(db, { staffId, serviceId: trim.id });
  }
  const perWriter: SlotRef[][] = Array.from({ length: WRITERS }, () => []);
  let supplied = 0;
  for (const slot of daySlots(staffIds, 120, 360, 30)) {
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
      { now: NOW },
    );
  });
  const bookingsPerSecond = booking.count / (booking.elapsedMs / 1000);
  console.log(
    `(b) bookings, ${WRITERS} concurrent clients: ${bookingsPerSecond.toFixed(0)} bookings/s, ` +
      `p50 ${ms(percentile(booking.latencies, 50))}, p99 ${ms(percentile(booking.latencies, 99))} ` +
      `(${booking.count} bookings of ${supplied} slots${booking.errors.size > 0 ? `, errors ${JSON.stringify([...booking.errors])}` : ''})`,
  );

  // (c) pgbench on the same server.
  const tps = runPgbench(new URL(scratch.url), `${scratch.name}_pgbench`);
  console.log(`(c) pgbench TPC-B-like, ${WRITERS} clients, scale 10: ${tps.toFixed(0)} tps`);
  const ratio = bookingsPerSecond / tps;
  console.log(`(b)/(c) = ${(ratio * 100).toFixed(0)} % (target >= 30 %)`);
} finally {
  await pool.destroy();
  await scratch.drop();
  await closeTestConnections();
}
