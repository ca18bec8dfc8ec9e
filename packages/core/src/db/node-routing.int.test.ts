import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookAppointment } from '../booking/index.js';
import { at, seedSalon } from '../booking/test-fixtures.js';
import {
  createTestTenant,
  freePort,
  getTestDb,
  TEST_DATABASE_URL,
  type TestTenant,
  testDatabaseIsCitus,
} from '../testing/index.js';
import { tenantRouting } from './db.js';
import { NodeRouter } from './node-routing.js';
import type { PlatformDatabase } from './platform-database.js';
import type { TenantDatabase } from './tenant-database.js';

// Where a tenant's statements are executed. On plain Postgres: the one server. On a
// Citus coordinator with workers (`pnpm test:scale`): the worker holding the schema.
const citus = await testDatabaseIsCitus();
const ZONE = 'Europe/Moscow';
const NOW = at('2030-02-04T09:00', ZONE);

async function serverPort(db: Kysely<TenantDatabase> | Kysely<PlatformDatabase>): Promise<number> {
  const { rows } = await sql<{ port: number }>`SELECT inet_server_port() AS port`.execute(
    db as Kysely<unknown>,
  );
  return rows[0]?.port as number;
}

/** The node of a tenant schema, by Citus's metadata. */
async function placementOf(schema: string) {
  const { rows } = await sql<{ shardid: number; nodename: string; nodeport: number }>`
    SELECT shardid, nodename, nodeport FROM citus_shards
    WHERE table_name = ${`${schema}.settings`}::regclass
  `.execute(await getTestDb());
  return rows[0] as { shardid: number; nodename: string; nodeport: number };
}

/** Pools for a router built here: to each node, or all to `port`. */
function nodePools(port?: number) {
  return (host: string, nodePort: number) => {
    const url = new URL(TEST_DATABASE_URL);
    url.hostname = host;
    url.port = String(port ?? nodePort);
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    pool.on('error', () => undefined);
    return pool;
  };
}

describe.skipIf(citus)('tenant statements on plain Postgres', () => {
  it('go to the one server: nothing is routed', async () => {
    const db = await getTestDb();
    const tenant = await createTestTenant();
    try {
      expect(await tenantRouting(db)).toBe(false);
      expect(await serverPort(tenant.db)).toBe(await serverPort(db));
    } finally {
      await tenant.dispose();
    }
  });
});

describe.skipIf(!citus)('tenant statements on Citus (needs pnpm test:scale)', () => {
  let tenant: TestTenant;
  const routers: NodeRouter[] = [];
  const coordinator = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });

  beforeAll(async () => {
    tenant = await createTestTenant();
  });

  afterAll(async () => {
    await tenant.dispose();
    await Promise.all(routers.map((router) => router.close()));
    await coordinator.end();
  });

  it('run on the worker that holds the schema, transactions too, seen from the coordinator', async () => {
    const db = await getTestDb();
    expect(await tenantRouting(db)).toBe(true);
    const home = await placementOf(tenant.schema);
    expect(await serverPort(db)).not.toBe(home.nodeport);
    expect(await serverPort(tenant.db)).toBe(home.nodeport);

    const salon = await seedSalon(tenant.db, { specialists: 1, clients: 2 });
    // A booking by the system: its own transaction, with an audit row.
    const booking = await bookAppointment(
      tenant.db,
      {
        clientId: salon.clientIds[0] as number,
        serviceId: salon.serviceId,
        staffId: salon.staffIds[0] as number,
        startsAt: at('2030-02-05T10:00', ZONE),
      },
      { now: NOW, actor: { kind: 'system', name: 'test' } },
    );
    const inTransaction = await tenant.db.transaction().execute((trx) => serverPort(trx));
    expect(inTransaction).toBe(home.nodeport);
    const { rows } = await coordinator.query<{ id: number }>(
      `SELECT id::float8 AS id FROM ${tenant.schema}.bookings`,
    );
    expect(rows.map((row) => row.id)).toEqual([booking.id]);
  });

  it('follow a schema moved to the other worker once its placement is read again', async () => {
    let now = 0;
    const router = new NodeRouter(coordinator, nodePools(), {
      placementTtlMs: 1_000,
      now: () => now,
    });
    routers.push(router);
    expect(await router.detected()).toBe(true);
    const executor = router.executor(tenant.schema);
    const from = await placementOf(tenant.schema);
    expect(await serverPort(executor)).toBe(from.nodeport);

    const { rows } = await coordinator.query<{ nodename: string; nodeport: number }>(
      'SELECT nodename, nodeport FROM pg_dist_node WHERE groupid <> 0 AND isactive AND nodeport <> $1 LIMIT 1',
      [from.nodeport],
    );
    const to = rows[0] as { nodename: string; nodeport: number };
    await coordinator.query(
      `SELECT citus_move_shard_placement($1::bigint, $2, $3::int, $4, $5::int,
         shard_transfer_mode => 'block_writes')`,
      [from.shardid, from.nodename, from.nodeport, to.nodename, to.nodeport],
    );

    // Until the placement is read again the old worker still answers, relaying.
    expect(await serverPort(executor)).toBe(from.nodeport);
    const relayed = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ${sql.table(`${tenant.schema}.bookings`)}
    `.execute(executor);
    expect(relayed.rows[0]?.n).toBe(1);

    now += 1_001;
    expect(await serverPort(executor)).toBe(to.nodeport);
  });

  it('go through the coordinator while the worker refuses connections', async () => {
    const closedPort = await freePort();
    const router = new NodeRouter(coordinator, nodePools(closedPort));
    routers.push(router);
    expect(await router.detected()).toBe(true);
    const executor = router.executor(tenant.schema);
    const coordinatorPort = Number(new URL(TEST_DATABASE_URL).port || 5432);
    expect(await serverPort(executor)).toBe(coordinatorPort);
    const counted = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ${sql.table(`${tenant.schema}.bookings`)}
    `.execute(executor);
    expect(counted.rows[0]?.n).toBe(1);
  });
});
