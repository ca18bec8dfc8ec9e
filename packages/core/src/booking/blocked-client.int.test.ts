import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAdmin } from '../admins/index.js';
import { setClientBlocked } from '../clients/index.js';
import { createTestTenant, expectAppError, type TestTenant } from '../testing/index.js';
import { bookAppointment, rescheduleBooking } from './index.js';
import { at, type Salon, seedSalon } from './test-fixtures.js';

const ZONE = 'Europe/Moscow';
// Monday 7 January 2030, 09:00 in Moscow.
const NOW = at('2030-01-07T09:00', ZONE);

let tenant: TestTenant;
let salon: Salon;
let adminId: number;

beforeAll(async () => {
  tenant = await createTestTenant();
  salon = await seedSalon(tenant.db, { specialists: 1, clients: 2 });
  adminId = (await addAdmin(tenant.db, { telegramUserId: 1, role: 'owner' }, 'test')).id;
});

afterAll(async () => {
  await tenant.dispose();
});

/** Everything a reschedule may write, to compare before and after. */
async function footprint(bookingId: number, clientId: number) {
  const { db } = tenant;
  return {
    booking: await db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow(),
    history: await db
      .selectFrom('booking_history')
      .selectAll()
      .where('booking_id', '=', bookingId)
      .execute(),
    client: await db
      .selectFrom('clients')
      .selectAll()
      .where('id', '=', clientId)
      .executeTakeFirstOrThrow(),
    releases: await db.selectFrom('slot_releases').selectAll().execute(),
    audit: await db.selectFrom('audit_log').selectAll().execute(),
  };
}

describe('a blocked client', () => {
  it('cannot move a booking, refused with the code booking uses, and nothing changes', async () => {
    const clientId = salon.clientIds[0] as number;
    const staffId = salon.staffIds[0] as number;
    const booking = await bookAppointment(
      tenant.db,
      { clientId, serviceId: salon.serviceId, staffId, startsAt: at('2030-01-15T10:00', ZONE) },
      { now: NOW },
    );
    await setClientBlocked(tenant.db, clientId, true);
    const before = await footprint(booking.id, clientId);

    const bookRefusal = await expectAppError(
      bookAppointment(
        tenant.db,
        { clientId, serviceId: salon.serviceId, staffId, startsAt: at('2030-01-16T10:00', ZONE) },
        { now: NOW },
      ),
    );
    const moveRefusal = await expectAppError(
      rescheduleBooking(
        tenant.db,
        { bookingId: booking.id, startsAt: at('2030-01-16T12:00', ZONE) },
        { actor: { kind: 'client', clientId }, now: NOW },
      ),
    );
    expect(bookRefusal.code).toBe('CLIENT_BLOCKED');
    expect(moveRefusal.code).toBe(bookRefusal.code);
    expect(await footprint(booking.id, clientId)).toEqual(before);
  });

  it("keeps an owner able to move the blocked client's booking, as they may cancel it", async () => {
    const clientId = salon.clientIds[1] as number;
    const booking = await bookAppointment(
      tenant.db,
      {
        clientId,
        serviceId: salon.serviceId,
        staffId: salon.staffIds[0] as number,
        startsAt: at('2030-01-17T10:00', ZONE),
      },
      { now: NOW },
    );
    await setClientBlocked(tenant.db, clientId, true);
    const { booking: moved } = await rescheduleBooking(
      tenant.db,
      { bookingId: booking.id, startsAt: at('2030-01-17T14:00', ZONE) },
      { actor: { kind: 'admin', adminId }, now: NOW },
    );
    expect(moved.startsAt).toEqual(at('2030-01-17T14:00', ZONE));
  });
});
