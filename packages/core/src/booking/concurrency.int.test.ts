import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database, tenantDb } from '../db/index.js';
import { isAppError } from '../errors/index.js';
import { createTestTenant, TEST_DATABASE_URL, type TestTenant } from '../testing/index.js';
import { bookAppointment, listBookings } from './index.js';
import { at, type Salon, seedSalon } from './test-fixtures.js';

const ZONE = 'Europe/Moscow';
const NOW = at('2030-02-04T09:00', ZONE);
const TSX = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));
const RACE_SCRIPT = fileURLToPath(new URL('./testing/book-race.ts', import.meta.url));

let tenant: TestTenant;
let salon: Salon;
let pool: Database;

beforeAll(async () => {
  tenant = await createTestTenant();
  salon = await seedSalon(tenant.db, { specialists: 1, clients: 400 });
  pool = createDb({
    connectionString: TEST_DATABASE_URL,
    maxConnections: 20,
    applicationName: 'race',
  });
});

afterAll(async () => {
  await pool.destroy();
  await tenant.dispose();
});

function runContender(startsAt: Date, clientIds: number[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      TSX,
      [
        RACE_SCRIPT,
        TEST_DATABASE_URL,
        tenant.schema,
        String(salon.serviceId),
        String(salon.staffIds[0]),
        startsAt.toISOString(),
        NOW.toISOString(),
        clientIds.join(','),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`contender exited with ${code}: ${stderr}`));
        return;
      }
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>);
    });
  });
}

describe('booking one slot under contention', () => {
  it('200 concurrent calls over a pool of 20 connections: 1 booking, 199 SLOT_TAKEN', async () => {
    const db = tenantDb(pool, tenant.schema);
    const startsAt = at('2030-02-05T10:00', ZONE);
    const outcomes = await Promise.all(
      salon.clientIds.slice(0, 200).map((clientId) =>
        bookAppointment(
          db,
          { clientId, serviceId: salon.serviceId, staffId: salon.staffIds[0] as number, startsAt },
          { now: NOW },
        ).then(
          () => 'booked',
          (error: unknown) => (isAppError(error) ? error.code : String(error)),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'booked')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'SLOT_TAKEN')).toHaveLength(199);
    const stored = await listBookings(tenant.db, {
      from: startsAt,
      until: at('2030-02-05T11:00', ZONE),
      statuses: ['confirmed'],
    });
    expect(stored).toHaveLength(1);
  });

  it('the same from two Node processes: 1 booking in all', async () => {
    const startsAt = at('2030-02-06T15:00', ZONE);
    const contenders = salon.clientIds.slice(200, 400);
    const [first, second] = await Promise.all([
      runContender(startsAt, contenders.slice(0, 100)),
      runContender(startsAt, contenders.slice(100)),
    ]);
    expect((first?.booked ?? 0) + (second?.booked ?? 0)).toBe(1);
    expect((first?.SLOT_TAKEN ?? 0) + (second?.SLOT_TAKEN ?? 0)).toBe(199);
    const stored = await listBookings(tenant.db, {
      from: startsAt,
      until: at('2030-02-06T16:00', ZONE),
      statuses: ['confirmed'],
    });
    expect(stored).toHaveLength(1);
  });

  it("one client's concurrent bookings respect the limit and never overlap", async () => {
    const other = await createTestTenant();
    try {
      const shop = await seedSalon(other.db, { specialists: 3, clients: 1 });
      const db = tenantDb(pool, other.schema);
      const clientId = shop.clientIds[0] as number;
      const outcome = (promise: Promise<unknown>) =>
        promise.then(
          () => 'booked',
          (error: unknown) => (isAppError(error) ? error.code : String(error)),
        );
      // Six distinct slots at once: the limit is 3.
      const spread = await Promise.all(
        [9, 10, 11, 12, 13, 14].map((hour) =>
          outcome(
            bookAppointment(
              db,
              {
                clientId,
                serviceId: shop.serviceId,
                staffId: shop.staffIds[hour % 3] as number,
                startsAt: at(`2030-02-11T${String(hour).padStart(2, '0')}:00`, ZONE),
              },
              { now: NOW },
            ),
          ),
        ),
      );
      expect(spread.filter((result) => result === 'booked')).toHaveLength(3);
      expect(spread.filter((result) => result !== 'booked' && result !== 'LIMIT_REACHED')).toEqual(
        [],
      );
      // The same time with three specialists at once: one booking.
      const same = await Promise.all(
        shop.staffIds.map((staffId) =>
          outcome(
            bookAppointment(
              db,
              {
                clientId,
                serviceId: shop.serviceId,
                staffId,
                startsAt: at('2030-02-12T10:00', ZONE),
              },
              { now: NOW, actor: { kind: 'system', name: 'test' } },
            ),
          ),
        ),
      );
      expect(same.filter((result) => result === 'booked')).toHaveLength(1);
      expect(same.filter((result) => result !== 'booked')).toEqual(['CONFLICT', 'CONFLICT']);
    } finally {
      await other.dispose();
    }
  });
});
