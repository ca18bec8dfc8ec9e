import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAdmin } from '../admins/index.js';
import { listAuditLog } from '../audit/index.js';
import { listBlockedPeriods, listDateOverrides } from '../catalogue/index.js';
import { createTestTenant, expectAppError, type TestTenant } from '../testing/index.js';
import {
  blockTimeOff,
  bookAppointment,
  getBooking,
  listBookingsInPeriod,
  listBookingsOutsideHours,
  setSpecialHours,
} from './index.js';
import { at, type Salon, seedSalon } from './test-fixtures.js';

const ZONE = 'Europe/Moscow';
const NOW = at('2030-01-07T08:00', ZONE);

let tenant: TestTenant;
let salon: Salon;
let ownerId: number;
let staffAdminId: number;

beforeAll(async () => {
  tenant = await createTestTenant();
  salon = await seedSalon(tenant.db, { specialists: 2, clients: 3 });
  ownerId = (await addAdmin(tenant.db, { telegramUserId: 1, role: 'owner' }, 'test')).id;
  staffAdminId = (
    await addAdmin(
      tenant.db,
      { telegramUserId: 2, role: 'staff', staffId: salon.staffIds[1] },
      'test',
    )
  ).id;
});

afterAll(async () => {
  await tenant.dispose();
});

function book(clientIndex: number, staffIndex: number, local: string) {
  return bookAppointment(
    tenant.db,
    {
      clientId: salon.clientIds[clientIndex] as number,
      serviceId: salon.serviceId,
      staffId: salon.staffIds[staffIndex] as number,
      startsAt: at(local, ZONE),
    },
    { now: NOW },
  );
}

describe('time off', () => {
  it('lists the bookings a period overlaps, then cancels them with its reason or keeps them', async () => {
    const early = await book(0, 0, '2030-01-08T09:00');
    const overlapping = await book(1, 0, '2030-01-08T12:30');
    const other = await book(2, 1, '2030-01-08T13:00');
    const period = { from: at('2030-01-08T13:00', ZONE), until: at('2030-01-08T18:00', ZONE) };
    const inside = await listBookingsInPeriod(tenant.db, { staffId: null, ...period });
    expect(inside.map((booking) => booking.id)).toEqual([overlapping.id, other.id]);

    const kept = await blockTimeOff(tenant.db, {
      staffId: salon.staffIds[1] as number,
      startsAt: period.from,
      endsAt: period.until,
      reason: 'Dentist',
      adminId: ownerId,
      bookings: 'keep',
      now: NOW,
    });
    expect(kept.kept.map((booking) => booking.id)).toEqual([other.id]);
    expect((await getBooking(tenant.db, other.id)).status).toBe('confirmed');

    const result = await blockTimeOff(tenant.db, {
      staffId: null,
      startsAt: period.from,
      endsAt: period.until,
      reason: 'Water pipe burst',
      adminId: ownerId,
      bookings: 'cancel',
      now: NOW,
    });
    expect(result.cancelled.map((booking) => [booking.id, booking.cancelReason])).toEqual([
      [overlapping.id, 'Water pipe burst'],
      [other.id, 'Water pipe burst'],
    ]);
    expect((await getBooking(tenant.db, early.id)).status).toBe('confirmed');
    const blocked = await listBlockedPeriods(tenant.db, period);
    expect(blocked.map((entry) => entry.reason).sort()).toEqual(['Dentist', 'Water pipe burst']);
    const actions = (await listAuditLog(tenant.db, { limit: 3 })).map((entry) => entry.action);
    expect(actions).toEqual(['booking.cancelled', 'booking.cancelled', 'blocked_period.created']);
  });

  it('lets staff change only their own time, and sets special hours', async () => {
    const before = await listBlockedPeriods(tenant.db, {
      from: at('2030-01-09T00:00', ZONE),
      until: at('2030-01-10T00:00', ZONE),
    });
    for (const staffId of [null, salon.staffIds[0] as number]) {
      const refused = await expectAppError(
        blockTimeOff(tenant.db, {
          staffId,
          startsAt: at('2030-01-09T10:00', ZONE),
          endsAt: at('2030-01-09T12:00', ZONE),
          adminId: staffAdminId,
          bookings: 'keep',
          now: NOW,
        }),
      );
      expect(refused.code).toBe('FORBIDDEN');
    }
    const after = await listBlockedPeriods(tenant.db, {
      from: at('2030-01-09T00:00', ZONE),
      until: at('2030-01-10T00:00', ZONE),
    });
    expect(after).toEqual(before);
    const noReason = await expectAppError(
      blockTimeOff(tenant.db, {
        staffId: null,
        startsAt: at('2030-01-09T10:00', ZONE),
        endsAt: at('2030-01-09T12:00', ZONE),
        adminId: ownerId,
        bookings: 'cancel',
      }),
    );
    expect(noReason.code).toBe('VALIDATION');

    const own = await setSpecialHours(
      tenant.db,
      {
        staffId: salon.staffIds[1] as number,
        date: '2030-01-10',
        intervals: [{ start: '12:00', end: '16:00' }],
        adminId: staffAdminId,
      },
      NOW,
    );
    expect(own.override.intervals).toEqual([{ start: '12:00', end: '16:00' }]);
    expect(await listDateOverrides(tenant.db, { from: '2030-01-10', to: '2030-01-10' })).toEqual([
      own.override,
    ]);
    expect((await listAuditLog(tenant.db, { limit: 1 }))[0]?.action).toBe('date_override.set');
  });

  it('lists the bookings special hours leave out, then cancels them with a reason or keeps them', async () => {
    const early = await book(0, 0, '2030-01-11T09:00');
    const inside = await book(1, 0, '2030-01-11T13:00');
    const crossing = await book(2, 0, '2030-01-11T15:30');
    const hours = {
      staffId: salon.staffIds[0] as number,
      date: '2030-01-11',
      intervals: [{ start: '12:00', end: '16:00' }],
    };
    const outside = await listBookingsOutsideHours(tenant.db, hours);
    expect(outside.map((booking) => booking.id)).toEqual([early.id, crossing.id]);
    const closed = await listBookingsOutsideHours(tenant.db, { ...hours, intervals: [] });
    expect(closed.map((booking) => booking.id)).toEqual([early.id, inside.id, crossing.id]);
    const overlapping = await expectAppError(
      listBookingsOutsideHours(tenant.db, {
        ...hours,
        intervals: [
          { start: '12:00', end: '14:00' },
          { start: '13:00', end: '16:00' },
        ],
      }),
    );
    expect(overlapping.code).toBe('VALIDATION');

    const noReason = await expectAppError(
      setSpecialHours(tenant.db, { ...hours, adminId: ownerId, bookings: 'cancel' }, NOW),
    );
    expect(noReason.code).toBe('VALIDATION');
    expect(await listDateOverrides(tenant.db, { from: '2030-01-11', to: '2030-01-11' })).toEqual(
      [],
    );

    const kept = await setSpecialHours(
      tenant.db,
      { ...hours, adminId: ownerId, bookings: 'keep' },
      NOW,
    );
    expect(kept.kept.map((booking) => booking.id)).toEqual([early.id, crossing.id]);
    expect((await getBooking(tenant.db, early.id)).status).toBe('confirmed');

    const result = await setSpecialHours(
      tenant.db,
      { ...hours, adminId: ownerId, bookings: 'cancel', reason: 'Short day' },
      NOW,
    );
    expect(result.cancelled.map((booking) => [booking.id, booking.cancelReason])).toEqual([
      [early.id, 'Short day'],
      [crossing.id, 'Short day'],
    ]);
    expect((await getBooking(tenant.db, inside.id)).status).toBe('confirmed');
    const actions = (await listAuditLog(tenant.db, { limit: 3 })).map((entry) => entry.action);
    expect(actions).toEqual(['booking.cancelled', 'booking.cancelled', 'date_override.set']);
  });
});
