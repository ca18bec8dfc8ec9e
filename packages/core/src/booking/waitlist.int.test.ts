import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlockedPeriod } from '../catalogue/index.js';
import { createDb, type Database, tenantDb } from '../db/index.js';
import { updateSettings } from '../settings/index.js';
import {
  createTestTenant,
  expectAppError,
  TEST_DATABASE_URL,
  type TestTenant,
} from '../testing/index.js';
import {
  acceptOffer,
  bookAppointment,
  cancelBooking,
  expireOffers,
  getAvailableSlots,
  joinWaitlist,
  leaveWaitlist,
  listWaitlist,
  processSlotReleases,
  recheckRecentJoins,
  unblockPeriod,
} from './index.js';
import { at, type Salon, seedSalon } from './test-fixtures.js';

const ZONE = 'Europe/Moscow';
const NOW = at('2030-03-04T09:00', ZONE);
const MINUTE = 60_000;

let tenant: TestTenant;
let salon: Salon;
let pool: Database;

beforeAll(async () => {
  tenant = await createTestTenant();
  salon = await seedSalon(tenant.db, { specialists: 1, clients: 8 });
  pool = createDb({
    connectionString: TEST_DATABASE_URL,
    maxConnections: 10,
    applicationName: 'waitlist',
  });
});

afterAll(async () => {
  await pool.destroy();
  await tenant.dispose();
});

/** Fills the specialist's whole day with bookings of clients 6 and 7; returns the bookings. */
async function fillDay(
  date: string,
  where: { db: TestTenant['db']; salon: Salon } = { db: tenant.db, salon },
) {
  const { db } = where;
  const staffId = where.salon.staffIds[0] as number;
  const bookings = [];
  for (let hour = 9; hour < 18; hour += 1) {
    const clientId = where.salon.clientIds[hour % 2 === 0 ? 6 : 7] as number;
    bookings.push(
      await bookAppointment(
        db,
        {
          clientId,
          serviceId: where.salon.serviceId,
          staffId,
          startsAt: at(`${date}T${String(hour).padStart(2, '0')}:00`, ZONE),
        },
        { now: NOW, actor: { kind: 'system', name: 'seed' } },
      ),
    );
  }
  return bookings;
}

describe('waitlist', () => {
  it('offers a freed slot exactly once when two workers handle it, then moves on when the offer lapses', async () => {
    const date = '2030-03-05';
    const bookings = await fillDay(date);
    const [first, second, third] = salon.clientIds as [number, number, number];
    for (const clientId of [first, second, third]) {
      await joinWaitlist(
        tenant.db,
        { clientId, serviceId: salon.serviceId, dateFrom: date, dateTo: date },
        NOW,
      );
    }
    const target = bookings[3];
    if (target === undefined) {
      throw new Error('no booking at 12:00');
    }
    await cancelBooking(tenant.db, {
      bookingId: target.id,
      actor: { kind: 'system', name: 'test' },
      now: NOW,
    });

    const workerA = tenantDb(pool, tenant.schema);
    const workerB = tenantDb(pool, tenant.schema);
    const [offersA, offersB] = await Promise.all([
      processSlotReleases(workerA, { now: NOW }),
      processSlotReleases(workerB, { now: NOW }),
    ]);
    const offers = [...offersA, ...offersB];
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({
      clientId: first,
      staffId: salon.staffIds[0],
      startsAt: at(`${date}T12:00`, ZONE),
      expiresAt: new Date(NOW.getTime() + 15 * MINUTE),
      clientTelegramUserId: 10_000,
    });
    // Nothing is left to offer, whoever asks again.
    expect(await processSlotReleases(tenant.db, { now: NOW })).toEqual([]);

    // While held, the slot is not available to anyone else.
    const taken = await expectAppError(
      bookAppointment(
        tenant.db,
        {
          clientId: salon.clientIds[4] as number,
          serviceId: salon.serviceId,
          staffId: salon.staffIds[0] as number,
          startsAt: at(`${date}T12:00`, ZONE),
        },
        { now: NOW },
      ),
    );
    expect(taken.code).toBe('SLOT_TAKEN');

    // The hold lapses: the next waiting client gets it, once, whichever worker runs the pass.
    const later = new Date(NOW.getTime() + 16 * MINUTE);
    const [passA, passB] = await Promise.all([
      expireOffers(workerA, { now: later }),
      expireOffers(workerB, { now: later }),
    ]);
    expect(passA.expired + passB.expired).toBe(1);
    const next = [...passA.offers, ...passB.offers];
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ clientId: second, startsAt: at(`${date}T12:00`, ZONE) });
    const firstEntries = await listWaitlist(tenant.db, { clientId: first });
    expect(firstEntries.map((entry) => entry.status)).toEqual(['expired']);
    const lapsed = await expectAppError(
      acceptOffer(tenant.db, { entryId: firstEntries[0]?.id as number, clientId: first }, later),
    );
    expect(lapsed.code).toBe('OFFER_EXPIRED');

    // The second client accepts: the hold becomes their booking.
    const booking = await acceptOffer(
      tenant.db,
      { entryId: next[0]?.entryId as number, clientId: second },
      new Date(later.getTime() + MINUTE),
    );
    expect(booking).toMatchObject({
      clientId: second,
      startsAt: at(`${date}T12:00`, ZONE),
      status: 'confirmed',
    });
    const [entry] = await listWaitlist(tenant.db, { clientId: second });
    expect(entry).toMatchObject({ status: 'booked', bookingId: booking.id });
    // The third client is still waiting.
    expect((await listWaitlist(tenant.db, { clientId: third }))[0]?.status).toBe('waiting');
  });

  it('passes a declined offer to the next client and skips clients it does not fit', async () => {
    const date = '2030-03-12';
    const bookings = await fillDay(date);
    const [, , , fourth, fifth] = salon.clientIds as [number, number, number, number, number];
    // Fourth wants another week, where times are free: offered one of those at once,
    // never this slot.
    const elsewhere = await joinWaitlist(
      tenant.db,
      {
        clientId: fourth,
        serviceId: salon.serviceId,
        dateFrom: '2030-03-18',
        dateTo: '2030-03-19',
      },
      NOW,
    );
    const wanted = await joinWaitlist(
      tenant.db,
      {
        clientId: fifth,
        serviceId: salon.serviceId,
        staffId: salon.staffIds[0] as number,
        dateFrom: date,
        dateTo: date,
      },
      NOW,
    );
    const duplicate = await expectAppError(
      joinWaitlist(
        tenant.db,
        { clientId: fifth, serviceId: salon.serviceId, dateFrom: date, dateTo: date },
        NOW,
      ),
    );
    expect(duplicate.code).toBe('CONFLICT');
    const atOnce = await processSlotReleases(tenant.db, { now: NOW });
    expect(atOnce).toHaveLength(1);
    expect(atOnce[0]).toMatchObject({
      entryId: elsewhere.id,
      startsAt: at('2030-03-18T09:00', ZONE),
    });
    const cancelled = await cancelBooking(tenant.db, {
      bookingId: bookings[0]?.id as number,
      actor: { kind: 'system', name: 'test' },
      now: NOW,
    });
    expect(cancelled.slotReleased).toBe(true);
    const offers = await processSlotReleases(tenant.db, { now: NOW });
    expect(offers.map((offer) => offer.entryId)).toEqual([wanted.id]);

    const { slotReleased } = await leaveWaitlist(
      tenant.db,
      { entryId: wanted.id, actor: { kind: 'client', clientId: fifth } },
      NOW,
    );
    expect(slotReleased).toBe(true);
    // Nobody else fits the date: the slot is simply free again.
    expect(await processSlotReleases(tenant.db, { now: NOW })).toEqual([]);
    const rebooked = await bookAppointment(
      tenant.db,
      {
        clientId: fifth,
        serviceId: salon.serviceId,
        staffId: salon.staffIds[0] as number,
        startsAt: at(`${date}T09:00`, ZONE),
      },
      { now: NOW },
    );
    expect(rebooked.status).toBe('confirmed');
  });

  it('offers time freed by removing a blocked period', async () => {
    const date = '2030-03-26';
    const sixth = salon.clientIds[5] as number;
    const block = await createBlockedPeriod(tenant.db, {
      staffId: null,
      startsAt: at(`${date}T00:00`, ZONE),
      endsAt: at('2030-03-27T00:00', ZONE),
      reason: 'inventory',
    });
    const closed = await getAvailableSlots(
      tenant.db,
      { serviceId: salon.serviceId, staffId: 'any', from: date, to: date },
      NOW,
    );
    expect(closed.times).toEqual([]);
    await joinWaitlist(
      tenant.db,
      { clientId: sixth, serviceId: salon.serviceId, dateFrom: date, dateTo: date },
      NOW,
    );
    const { slotReleased } = await unblockPeriod(tenant.db, {
      blockedPeriodId: block.id,
      actor: { kind: 'system', name: 'test' },
      now: NOW,
    });
    expect(slotReleased).toBe(true);
    const offers = await processSlotReleases(tenant.db, { now: NOW });
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ clientId: sixth, startsAt: at(`${date}T09:00`, ZONE) });
    // The rest of the day is open to everyone again; the held hour is not.
    const open = await getAvailableSlots(
      tenant.db,
      { serviceId: salon.serviceId, staffId: 'any', from: date, to: date },
      NOW,
    );
    expect(open.times[0]?.startsAt).toEqual(at(`${date}T10:00`, ZONE));
  });
});

describe('joining the waitlist', () => {
  it('offers a client who joins the time freed while nobody waited', async () => {
    // A salon of its own: nobody waits there.
    const quiet = await createTestTenant();
    const where = {
      db: quiet.db,
      salon: await seedSalon(quiet.db, { specialists: 1, clients: 8 }),
    };
    const date = '2030-04-02';
    const bookings = await fillDay(date, where);
    const latecomer = where.salon.clientIds[0] as number;
    // Nobody waits yet: the cancellation writes nothing for the waitlist.
    const cancelled = await cancelBooking(quiet.db, {
      bookingId: bookings[4]?.id as number,
      actor: { kind: 'system', name: 'test' },
      now: NOW,
    });
    expect(cancelled.slotReleased).toBe(false);
    // The client saw a full day a moment ago and joins.
    const entry = await joinWaitlist(
      quiet.db,
      { clientId: latecomer, serviceId: where.salon.serviceId, dateFrom: date, dateTo: date },
      NOW,
    );
    const offers = await processSlotReleases(quiet.db, { now: NOW });
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ entryId: entry.id, startsAt: at(`${date}T13:00`, ZONE) });
    await quiet.dispose();
  });

  it('offers time a cancellation freed while the client joined, at the next recheck', async () => {
    const racy = await createTestTenant();
    const where = { db: racy.db, salon: await seedSalon(racy.db, { specialists: 1, clients: 8 }) };
    const date = '2030-04-03';
    const bookings = await fillDay(date, where);
    const client = where.salon.clientIds[0] as number;
    // The cancellation's statement runs before the join commits, so it sees nobody
    // waiting; it commits only after the pass that follows the join has read the day.
    await racy.db.transaction().execute(async (trx) => {
      const cancelled = await cancelBooking(trx, {
        bookingId: bookings[2]?.id as number,
        actor: { kind: 'system', name: 'test' },
        now: NOW,
      });
      expect(cancelled.slotReleased).toBe(false);
      await joinWaitlist(
        racy.db,
        { clientId: client, serviceId: where.salon.serviceId, dateFrom: date, dateTo: date },
        NOW,
      );
      expect(await processSlotReleases(racy.db, { now: NOW })).toEqual([]);
    });
    // Nothing left to offer it from: the freed 11:00 would stay unoffered.
    expect(await processSlotReleases(racy.db, { now: NOW })).toEqual([]);

    const later = new Date(NOW.getTime() + 5 * MINUTE);
    const rechecked = await recheckRecentJoins(racy.db, {
      since: new Date(later.getTime() - 10 * MINUTE),
      now: later,
    });
    expect(rechecked).toBe(1);
    const offers = await processSlotReleases(racy.db, { now: later });
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ startsAt: at(`${date}T11:00`, ZONE) });
    // Joins older than the window are not released again.
    expect(await recheckRecentJoins(racy.db, { since: later, now: later })).toBe(0);
    await racy.dispose();
  });

  it('drops releases handled more than a day ago', async () => {
    const old = await createTestTenant();
    const place = await seedSalon(old.db, { specialists: 1, clients: 1 });
    await joinWaitlist(
      old.db,
      {
        clientId: place.clientIds[0] as number,
        serviceId: place.serviceId,
        dateFrom: '2030-03-05',
        dateTo: '2030-03-06',
      },
      NOW,
    );
    await processSlotReleases(old.db, { now: NOW });
    const count = async () =>
      Number(
        (
          await old.db
            .selectFrom('slot_releases')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(2);
    const nextDay = new Date(NOW.getTime() + 23 * 60 * MINUTE);
    await recheckRecentJoins(old.db, { since: nextDay, now: nextDay });
    expect(await count()).toBe(2);
    const dayAfter = new Date(NOW.getTime() + 25 * 60 * MINUTE);
    await recheckRecentJoins(old.db, { since: dayAfter, now: dayAfter });
    expect(await count()).toBe(0);
    await old.dispose();
  });

  it('takes a year of days for forty specialists in its stride', async () => {
    const large = await createTestTenant();
    const place = await seedSalon(large.db, { specialists: 40, clients: 1 });
    await updateSettings(large.db, { bookingHorizonDays: 366 }, NOW);
    const entry = await joinWaitlist(
      large.db,
      {
        clientId: place.clientIds[0] as number,
        serviceId: place.serviceId,
        dateFrom: '2030-03-05',
        dateTo: '2031-03-04',
      },
      NOW,
    );
    expect(entry.status).toBe('waiting');
    await large.dispose();
  });
});
