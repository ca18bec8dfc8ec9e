import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bookAppointment,
  deleteTenant,
  getSettings,
  isCitus,
  listClientBookings,
  sql,
  updateSettings,
} from '@booking/core';
import {
  createScratchDatabase,
  runTs,
  type ScratchDatabase,
  TEST_ENCRYPTION_KEY,
} from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, nextMonday, startHarness } from '../testing/harness.js';

// Under `pnpm test:scale` the scratch database is a Citus cluster: pg_dump reads the
// shards through the coordinator, and the restored schema is distributed again.
describe('pnpm backup and pnpm restore --tenant', { timeout: 180_000 }, () => {
  let scratch: ScratchDatabase;
  let h: Harness;
  let dir: string;
  const monday = nextMonday(7);

  beforeAll(async () => {
    // The whole database is dumped: a database of its own, not the shared one.
    scratch = await createScratchDatabase('backup');
    h = await startHarness({ clockAt: monday, servers: { databaseUrl: scratch.url } });
    dir = await mkdtemp(join(tmpdir(), 'backups-'));
  });

  afterAll(async () => {
    await h?.stop();
    await scratch?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('brings back a deleted tenant: bookings, clients, settings, and its bot answers', async () => {
    const env = { DATABASE_URL: scratch.url, BACKUP_DIR: dir, BACKUP_RETENTION_DAYS: '7' };
    const { chat, userId } = h.chat({ name: 'Vera' });
    const clientId = await h.knownClient(userId, 'Vera');
    await updateSettings(h.tenant.db, { cancellationWindowHours: 7 });
    const booking = await bookAppointment(
      h.tenant.db,
      {
        clientId,
        serviceId: h.salon.haircutId,
        staffId: h.salon.boris,
        startsAt: monday.plus({ days: 1 }).set({ hour: 11 }).toJSDate(),
      },
      { now: h.clock.now() },
    );

    const backup = await runTs('scripts/backup.ts', { env, timeoutMs: 120_000 });
    expect(backup.stderr).toMatch(/backup: tables: \d+\/\d+ \(100%\)/);
    expect(backup.stderr).toMatch(/verified \(\d+ entries\)/);
    expect(backup.status).toBe(0);
    const file = backup.stdout.trim();
    expect((await readdir(dir)).filter((name) => name.endsWith('.dump'))).toHaveLength(1);

    await deleteTenant(
      { db: h.db, redis: h.redis, encryptionKey: TEST_ENCRYPTION_KEY },
      h.tenant.slug,
    );
    const gone = await h.db
      .selectFrom('platform.tenants')
      .select('status')
      .where('slug', '=', h.tenant.slug)
      .executeTakeFirstOrThrow();
    expect(gone.status).toBe('deleted');

    const restored = await runTs('scripts/restore.ts', {
      args: ['--tenant', h.tenant.slug, file],
      env,
      timeoutMs: 120_000,
    });
    expect(restored.stderr).toContain(`restore: tenant ${h.tenant.slug} restored`);
    expect(restored.status).toBe(0);

    const row = await h.db
      .selectFrom('platform.tenants')
      .select(['status', 'schema_version'])
      .where('slug', '=', h.tenant.slug)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    if (await isCitus(h.db)) {
      // Back on a worker like every tenant schema, not left behind on the coordinator.
      const placed = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_dist_schema
          WHERE schemaid = to_regnamespace(${h.tenant.schema})
        `.execute(h.db);
      expect(placed.rows[0]?.n).toBe(1);
    }
    const bookings = await listClientBookings(h.tenant.db, { clientId, now: h.clock.now() });
    expect(bookings.map((b) => b.id)).toEqual([booking.id]);
    expect((await getSettings(h.tenant.db)).cancellationWindowHours).toBe(7);
    // The exclusion constraint came back with the schema: the slot is still refused.
    await expect(
      bookAppointment(
        h.tenant.db,
        {
          clientId,
          serviceId: h.salon.haircutId,
          staffId: h.salon.boris,
          startsAt: monday.plus({ days: 1 }).set({ hour: 11 }).toJSDate(),
        },
        { now: h.clock.now(), actor: { kind: 'system', name: 'test' } },
      ),
    ).rejects.toMatchObject({ code: expect.stringMatching(/SLOT_TAKEN|CONFLICT/) });

    // A bot started for the restored tenant (its token came back with its row) answers.
    await h.replica();
    await chat.send('/start');
    await chat.waitFor('Test Salon', { timeout: 20_000 });

    const refused = await runTs('scripts/restore.ts', {
      args: ['--tenant', 'NoSuch', file],
      env,
    });
    expect(refused.status).toBe(2);
  });
});
