import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookAppointment, listBookings } from '../booking/index.js';
import { at, type Salon, seedSalon } from '../booking/test-fixtures.js';
import { isAppError } from '../errors/index.js';
import {
  createTestTenant,
  expectAppError,
  getTestDb,
  type TestTenant,
  testDatabaseIsCitus,
} from '../testing/index.js';

// These check how tenants sit on a Citus cluster: they run under `pnpm test:scale`,
// whose TEST_DATABASE_URL is a Citus coordinator, and are skipped on plain Postgres,
// which has no workers to spread over or move between.
const citus = await testDatabaseIsCitus();
const ZONE = 'Europe/Moscow';
const NOW = at('2030-02-04T09:00', ZONE);

interface Placement {
  shardid: number;
  nodename: string;
  nodeport: number;
}

async function placementOf(schema: string): Promise<Placement> {
  const db = await getTestDb();
  const { rows } = await sql<Placement>`
    SELECT shardid, nodename, nodeport FROM citus_shards
    WHERE table_name = ${`${schema}.bookings`}::regclass
  `.execute(db);
  expect(rows).toHaveLength(1);
  return rows[0] as Placement;
}

describe.skipIf(!citus)('tenants on Citus (needs a Citus coordinator: pnpm test:scale)', () => {
  const tenants: TestTenant[] = [];

  beforeAll(async () => {
    for (let index = 0; index < 4; index += 1) {
      tenants.push(await createTestTenant());
    }
  });

  afterAll(async () => {
    await Promise.all(tenants.map((tenant) => tenant.dispose()));
  });

  it('distributes tenant schemas over both workers and keeps platform a plain schema', async () => {
    const db = await getTestDb();
    const nodes = new Set<number>();
    for (const tenant of tenants) {
      nodes.add((await placementOf(tenant.schema)).nodeport);
    }
    expect(nodes.size).toBe(2);
    const platform = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM pg_dist_schema WHERE schemaid = 'platform'::regnamespace)
           + (SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'platform.tenants'::regclass)
        AS n
    `.execute(db);
    expect(platform.rows[0]?.n).toBe(0);
  });

  describe('moving a tenant to the other worker', () => {
    let tenant: TestTenant;
    let salon: Salon;

    beforeAll(async () => {
      tenant = tenants[0] as TestTenant;
      salon = await seedSalon(tenant.db, {
        specialists: 2,
        clients: 200,
        settings: { bookingHorizonDays: 120 },
      });
    });

    it('keeps every booking written during the move and still refuses an overlap', async () => {
      const db = await getTestDb();
      const from = await placementOf(tenant.schema);
      const workers = await sql<{ nodename: string; nodeport: number }>`
        SELECT nodename, nodeport FROM pg_dist_node
        WHERE groupid <> 0 AND isactive AND nodeport <> ${from.nodeport}
        ORDER BY nodeport LIMIT 1
      `.execute(db);
      const to = workers.rows[0];
      expect(to).toBeDefined();

      // Clients book hourly slots of the weekdays ahead, both specialists, while the
      // move runs (paced, so the test stays small; the move takes seconds).
      const days: string[] = [];
      for (
        let day = new Date(Date.UTC(2030, 1, 5));
        days.length < 30;
        day.setUTCDate(day.getUTCDate() + 1)
      ) {
        if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) {
          days.push(day.toISOString().slice(0, 10));
        }
      }
      let moving = true;
      const booked: number[] = [];
      const writer = (async () => {
        for (let slot = 0; (moving || slot < 3) && slot < days.length * 16; slot += 1) {
          const hour = String(9 + (Math.floor(slot / 2) % 8)).padStart(2, '0');
          const booking = await bookAppointment(
            tenant.db,
            {
              clientId: salon.clientIds[slot % salon.clientIds.length] as number,
              serviceId: salon.serviceId,
              staffId: salon.staffIds[slot % 2] as number,
              startsAt: at(`${days[Math.floor(slot / 16)]}T${hour}:00`, ZONE),
            },
            { now: NOW },
          );
          booked.push(booking.id);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      try {
        await sql`
          SELECT citus_move_shard_placement(
            ${from.shardid}::bigint, ${from.nodename}, ${from.nodeport}::int,
            ${to?.nodename}, ${to?.nodeport}::int, shard_transfer_mode => 'force_logical'
          )
        `.execute(db);
      } finally {
        moving = false;
        await writer;
      }

      expect((await placementOf(tenant.schema)).nodeport).toBe(to?.nodeport);
      expect(booked.length).toBeGreaterThanOrEqual(3);
      const listed = await listBookings(tenant.db, {
        from: at('2030-02-01T00:00', ZONE),
        until: at('2030-04-01T00:00', ZONE),
        limit: 1000,
      });
      expect(listed.map((booking) => booking.id).sort((a, b) => a - b)).toEqual(
        [...booked].sort((a, b) => a - b),
      );

      // The first booked slot is taken: another client is refused, on the new worker.
      const error = await expectAppError(
        bookAppointment(
          tenant.db,
          {
            clientId: salon.clientIds.at(-1) as number,
            serviceId: salon.serviceId,
            staffId: salon.staffIds[0] as number,
            startsAt: at('2030-02-05T09:00', ZONE),
          },
          { now: NOW },
        ),
      );
      expect(isAppError(error) && error.code).toBe('SLOT_TAKEN');
    });
  });
});
