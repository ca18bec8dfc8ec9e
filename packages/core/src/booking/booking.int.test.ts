import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAdmin } from '../admins/index.js';
import { listAuditLog } from '../audit/index.js';
import {
  createBlockedPeriod,
  createService,
  createSpecialist,
  updateService,
  updateSpecialist,
} from '../catalogue/index.js';
import { setClientBlocked, updateClient } from '../clients/index.js';
import { isAppError } from '../errors/index.js';
import { createTestTenant, expectAppError, type TestTenant } from '../testing/index.js';
import * as repository from './booking.repository.js';
import {
  bookAppointment,
  bookAsTelegramUser,
  cancelBooking,
  completeBooking,
  getAvailableSlots,
  getBookingHistory,
  getBookingNotice,
  getMonthSummary,
  listClientBookings,
  mapBookingWriteError,
  markNoShow,
  rescheduleBooking,
} from './index.js';
import { at, type Salon, seedSalon } from './test-fixtures.js';

const ZONE = 'Europe/Moscow';
// Monday 7 January 2030, 09:00 in Moscow.
const NOW = at('2030-01-07T09:00', ZONE);

let tenant: TestTenant;
let salon: Salon;
let adminId: number;

beforeAll(async () => {
  tenant = await createTestTenant();
  salon = await seedSalon(tenant.db, { specialists: 2, clients: 6, bufferAfterMinutes: 15 });
  adminId = (await addAdmin(tenant.db, { telegramUserId: 1, role: 'owner' }, 'test')).id;
});

afterAll(async () => {
  await tenant.dispose();
});

/** A client's booking of the salon's service with a specialist, decided at NOW. */
function bookFor(clientId: number, staffId: number, startsAt: Date) {
  return bookAppointment(
    tenant.db,
    { clientId, serviceId: salon.serviceId, staffId, startsAt },
    { now: NOW },
  );
}

describe('bookAppointment', () => {
  it('books a free slot, which then disappears from availability', async () => {
    const [anna] = salon.staffIds;
    const [client] = salon.clientIds;
    const startsAt = at('2030-01-08T10:00', ZONE);
    const booking = await bookAppointment(
      tenant.db,
      {
        clientId: client as number,
        serviceId: salon.serviceId,
        staffId: anna as number,
        startsAt,
        comment: ' hi ',
      },
      { now: NOW },
    );
    expect(booking).toMatchObject({
      status: 'confirmed',
      staffId: anna,
      startsAt,
      endsAt: at('2030-01-08T11:00', ZONE),
      priceMinor: 150_000,
      currency: 'RUB',
      comment: 'hi',
      serviceName: 'Haircut',
      staffName: 'Master 1',
    });
    const free = await getAvailableSlots(
      tenant.db,
      { serviceId: salon.serviceId, staffId: anna as number, from: '2030-01-08', to: '2030-01-08' },
      NOW,
    );
    const times = free.slots.map((slot) => slot.startsAt.toISOString());
    // 10:00 is taken and 11:00 is inside its 15-minute clean-up; 09:00 plus its own
    // clean-up would run into it too. The day now starts at 11:30.
    expect(times[0]).toBe(at('2030-01-08T11:30', ZONE).toISOString());
    expect(times).not.toContain(at('2030-01-08T10:00', ZONE).toISOString());
    expect(times).not.toContain(at('2030-01-08T11:00', ZONE).toISOString());
    expect(times).toHaveLength(12);
    const history = await getBookingHistory(tenant.db, booking.id);
    expect(history.map((entry) => [entry.action, entry.actor])).toEqual([
      ['created', `client:${client}`],
    ]);
  });

  it('gives "any" to the first free specialist, then the next', async () => {
    const startsAt = at('2030-01-09T12:00', ZONE);
    const [, second, third, fourth] = salon.clientIds as [number, number, number, number];
    const book = (clientId: number) =>
      bookAppointment(
        tenant.db,
        { clientId, serviceId: salon.serviceId, staffId: 'any', startsAt },
        { now: NOW },
      );
    expect((await book(second)).staffId).toBe(salon.staffIds[0]);
    expect((await book(third)).staffId).toBe(salon.staffIds[1]);
    expect((await expectAppError(book(fourth))).code).toBe('SLOT_TAKEN');
  });

  it('refuses what the rules forbid, with a code per reason', async () => {
    const [anna] = salon.staffIds as [number];
    const clientId = salon.clientIds[4] as number;
    const book = (
      startsAt: Date,
      extra: { staffId?: number; clientId?: number; serviceId?: number } = {},
    ) =>
      bookAppointment(
        tenant.db,
        { clientId, serviceId: salon.serviceId, staffId: anna, startsAt, ...extra },
        { now: NOW },
      );
    expect((await expectAppError(book(at('2030-01-07T09:30', ZONE)))).code).toBe('TOO_SOON');
    expect((await expectAppError(book(at('2030-06-03T10:00', ZONE)))).code).toBe('TOO_FAR');
    expect((await expectAppError(book(at('2030-01-08T17:30', ZONE)))).code).toBe('OUTSIDE_HOURS');
    expect((await expectAppError(book(at('2030-01-12T10:00', ZONE)))).code).toBe('OUTSIDE_HOURS');

    await createBlockedPeriod(tenant.db, {
      staffId: anna,
      startsAt: at('2030-01-10T09:00', ZONE),
      endsAt: at('2030-01-10T13:00', ZONE),
      reason: 'dentist',
    });
    expect((await expectAppError(book(at('2030-01-10T10:00', ZONE)))).code).toBe('OUTSIDE_HOURS');

    const outsider = await createSpecialist(tenant.db, { name: 'Not trained' });
    const notTrained = await expectAppError(
      book(at('2030-01-08T14:00', ZONE), { staffId: outsider.id }),
    );
    expect(notTrained.code).toBe('STAFF_CANNOT_PERFORM');

    const retired = await createService(tenant.db, {
      name: 'Old',
      durationMinutes: 30,
      priceMinor: 0,
    });
    await updateService(tenant.db, retired.id, { active: false });
    expect(
      (await expectAppError(book(at('2030-01-08T14:00', ZONE), { serviceId: retired.id }))).code,
    ).toBe('SERVICE_INACTIVE');
    expect(
      (await expectAppError(book(at('2030-01-08T14:00', ZONE), { clientId: 999_999 }))).code,
    ).toBe('NOT_FOUND');
  });

  it('enforces the active-bookings limit and refuses a blocked client', async () => {
    const clientId = salon.clientIds[5] as number;
    const [anna, boris] = salon.staffIds as [number, number];
    const book = (startsAt: Date, staffId = anna) =>
      bookAppointment(
        tenant.db,
        { clientId, serviceId: salon.serviceId, staffId, startsAt },
        { now: NOW },
      );
    await book(at('2030-01-14T09:00', ZONE));
    const overlap = await expectAppError(book(at('2030-01-14T09:30', ZONE), boris));
    expect(overlap.code).toBe('CONFLICT');
    expect(overlap.details.reason).toBe('CLIENT_OVERLAP');
    await book(at('2030-01-14T11:00', ZONE));
    await book(at('2030-01-14T13:00', ZONE));
    const limit = await expectAppError(book(at('2030-01-14T15:00', ZONE)));
    expect(limit.code).toBe('LIMIT_REACHED');
    expect(limit.details).toMatchObject({ limit: 3, active: 3 });
    // An admin may book past the limit for the client.
    const byAdmin = await bookAppointment(
      tenant.db,
      {
        clientId,
        serviceId: salon.serviceId,
        staffId: anna,
        startsAt: at('2030-01-14T15:00', ZONE),
      },
      { now: NOW, actor: { kind: 'admin', adminId } },
    );
    expect(byAdmin.status).toBe('confirmed');

    await setClientBlocked(tenant.db, clientId, true);
    expect((await expectAppError(book(at('2030-01-15T15:00', ZONE)))).code).toBe('CLIENT_BLOCKED');
    await setClientBlocked(tenant.db, clientId, false);
  });
});

describe('bookAsTelegramUser', () => {
  it('books for the client of a Telegram user, or says a contact is needed first', async () => {
    const [anna] = salon.staffIds as [number];
    const clientId = salon.clientIds[2] as number;
    // Seeded clients have Telegram ids from 10,000 and no phone.
    const telegramUserId = 10_002;
    const input = (user: number) => ({
      telegramUserId: user,
      serviceId: salon.serviceId,
      staffId: anna,
      startsAt: at('2030-01-25T16:00', ZONE),
    });
    const asked = { now: NOW, requirePhone: true };

    expect(await bookAsTelegramUser(tenant.db, input(99_999), asked)).toEqual({
      contactNeeded: {},
    });
    expect(await bookAsTelegramUser(tenant.db, input(telegramUserId), asked)).toEqual({
      contactNeeded: { client: { id: clientId, name: 'Client 2' } },
    });
    expect(await listClientBookings(tenant.db, { clientId, now: NOW })).toHaveLength(1);

    await updateClient(tenant.db, clientId, { phone: '+7 999 000-11-22' });
    const outcome = await bookAsTelegramUser(tenant.db, input(telegramUserId), asked);
    expect(outcome).toMatchObject({
      booked: { clientId, staffId: anna, status: 'confirmed', serviceName: 'Haircut' },
    });
    const booking = 'booked' in outcome ? outcome.booked : undefined;
    const history = await getBookingHistory(tenant.db, booking?.id ?? 0);
    expect(history.map((entry) => entry.actor)).toEqual([`client:${clientId}`]);

    // The rules are bookAppointment's: the time is now taken for anyone else.
    const taken = await expectAppError(bookAsTelegramUser(tenant.db, input(10_003), { now: NOW }));
    expect(taken.code).toBe('SLOT_TAKEN');
    // Also before a newcomer or a client without a phone is asked for their contact.
    for (const user of [99_999, 10_003]) {
      const refused = await expectAppError(bookAsTelegramUser(tenant.db, input(user), asked));
      expect(refused.code).toBe('SLOT_TAKEN');
    }
    // Leave the client's bookings as the tests below expect them.
    await cancelBooking(tenant.db, {
      bookingId: booking?.id ?? 0,
      actor: { kind: 'client', clientId },
      now: NOW,
    });
  });
});

describe('cancel, reschedule, complete, no-show', () => {
  it('lets a client cancel only before the window and an admin only with a reason', async () => {
    const clientId = salon.clientIds[3] as number;
    const booking = await bookFor(
      clientId,
      salon.staffIds[1] as number,
      at('2030-01-07T16:00', ZONE),
    );
    const asClient = { kind: 'client', clientId } as const;
    const late = await expectAppError(
      cancelBooking(tenant.db, { bookingId: booking.id, actor: asClient, now: NOW }),
    );
    expect(late.code).toBe('CANCELLATION_WINDOW_PASSED');
    const stranger = await expectAppError(
      cancelBooking(tenant.db, {
        bookingId: booking.id,
        actor: { kind: 'client', clientId: clientId + 1 },
        now: NOW,
      }),
    );
    expect(stranger.code).toBe('NOT_FOUND');
    const asAdmin = { kind: 'admin', adminId } as const;
    const noReason = await expectAppError(
      cancelBooking(tenant.db, { bookingId: booking.id, actor: asAdmin, now: NOW }),
    );
    expect(noReason.code).toBe('VALIDATION');

    const { booking: cancelled, slotReleased } = await cancelBooking(tenant.db, {
      bookingId: booking.id,
      actor: asAdmin,
      reason: 'master is ill',
      now: NOW,
    });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelledBy: `admin:${adminId}`,
      cancelReason: 'master is ill',
      cancelledAt: NOW,
    });
    // Nobody waits for that time: nothing goes to the waitlist outbox.
    expect(slotReleased).toBe(false);
    const again = await expectAppError(
      cancelBooking(tenant.db, { bookingId: booking.id, actor: asAdmin, reason: 'x', now: NOW }),
    );
    expect(again.code).toBe('INVALID_STATUS');
    const audit = await listAuditLog(tenant.db, { target: `booking:${booking.id}` });
    expect(audit.map((entry) => entry.action)).toEqual(['booking.cancelled']);
    // The freed slot can be booked again.
    const rebooked = await bookFor(
      salon.clientIds[0] as number,
      salon.staffIds[1] as number,
      at('2030-01-07T16:00', ZONE),
    );
    expect(rebooked.status).toBe('confirmed');
  });

  it('reschedules into a slot overlapping its own old time, atomically', async () => {
    const clientId = salon.clientIds[1] as number;
    const staffId = salon.staffIds[0] as number;
    const booking = await bookFor(clientId, staffId, at('2030-01-16T10:00', ZONE));
    const { booking: moved, slotReleased } = await rescheduleBooking(
      tenant.db,
      { bookingId: booking.id, startsAt: at('2030-01-16T10:30', ZONE) },
      { actor: { kind: 'client', clientId }, now: NOW },
    );
    expect(moved.startsAt).toEqual(at('2030-01-16T10:30', ZONE));
    expect(moved.endsAt).toEqual(at('2030-01-16T11:30', ZONE));
    expect(slotReleased).toBe(false);
    const history = await getBookingHistory(tenant.db, booking.id);
    expect(history.map((entry) => entry.action)).toEqual(['created', 'rescheduled']);
    expect(history[1]?.oldValues).toMatchObject({
      startsAt: at('2030-01-16T10:00', ZONE).toISOString(),
    });
    const upcoming = await listClientBookings(tenant.db, { clientId, now: NOW });
    expect(upcoming.filter((entry) => entry.id === booking.id)).toHaveLength(1);
  });

  it('of two clients rescheduling into one slot, exactly one wins', async () => {
    const staffId = salon.staffIds[1] as number;
    const [first, second] = [salon.clientIds[2] as number, salon.clientIds[4] as number];
    const a = await bookFor(first, staffId, at('2030-01-17T09:00', ZONE));
    const b = await bookFor(second, staffId, at('2030-01-17T15:00', ZONE));
    const target = at('2030-01-17T12:00', ZONE);
    const results = await Promise.allSettled(
      [a, b].map((booking) =>
        rescheduleBooking(
          tenant.db,
          { bookingId: booking.id, startsAt: target },
          { actor: { kind: 'client', clientId: booking.clientId }, now: NOW },
        ),
      ),
    );
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(isAppError(lost[0], 'SLOT_TAKEN')).toBe(true);
  });

  it('writes a cancellation only on the booking as it was read', async () => {
    const clientId = salon.clientIds[3] as number;
    const booking = await bookFor(
      clientId,
      salon.staffIds[0] as number,
      at('2030-01-18T10:00', ZONE),
    );
    const read = await repository.findBookingWithSettings(tenant.db, booking.id);
    if (read === undefined) {
      throw new Error('the booking was not found');
    }
    // The client moves it after the cancellation read it, before it wrote.
    await rescheduleBooking(
      tenant.db,
      { bookingId: booking.id, startsAt: at('2030-01-18T14:00', ZONE) },
      { actor: { kind: 'client', clientId }, now: NOW },
    );
    const stale = await repository.cancelBookingIfUnchanged(tenant.db, {
      id: read.id,
      client_id: read.client_id,
      staff_id: read.staff_id,
      starts_at: read.starts_at,
      ends_at: read.ends_at,
      now: NOW,
      actor: 'test',
      reason: null,
      old_values: '{}',
      new_values: '{}',
      audit_details: '{}',
    });
    expect(stale).toBeUndefined();
    const history = await getBookingHistory(tenant.db, booking.id);
    expect(history.map((entry) => entry.action)).toEqual(['created', 'rescheduled']);
    // cancelBooking decides again on the moved booking and records it as it was.
    const { booking: cancelled } = await cancelBooking(tenant.db, {
      bookingId: booking.id,
      actor: { kind: 'client', clientId },
      now: NOW,
    });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      startsAt: at('2030-01-18T14:00', ZONE),
    });
    const after = await getBookingHistory(tenant.db, booking.id);
    expect(after.at(-1)).toMatchObject({
      action: 'cancelled',
      oldValues: { status: 'confirmed', startsAt: at('2030-01-18T14:00', ZONE).toISOString() },
      newValues: { status: 'cancelled', reason: null },
    });
  });

  it('of a client and an admin cancelling at once, exactly one cancels', async () => {
    const clientId = salon.clientIds[3] as number;
    const booking = await bookFor(
      clientId,
      salon.staffIds[1] as number,
      at('2030-01-21T10:00', ZONE),
    );
    const results = await Promise.allSettled([
      cancelBooking(tenant.db, {
        bookingId: booking.id,
        actor: { kind: 'client', clientId },
        now: NOW,
      }),
      cancelBooking(tenant.db, {
        bookingId: booking.id,
        actor: { kind: 'admin', adminId },
        reason: 'closed',
        now: NOW,
      }),
    ]);
    const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(lost).toHaveLength(1);
    expect(isAppError(lost[0], 'INVALID_STATUS')).toBe(true);
    const history = await getBookingHistory(tenant.db, booking.id);
    expect(history.map((entry) => entry.action)).toEqual(['created', 'cancelled']);
    const audit = await listAuditLog(tenant.db, { target: `booking:${booking.id}` });
    expect(audit.map((entry) => entry.action)).toEqual(['booking.cancelled']);
  });

  it('completes and marks no-shows only once the visit started, by an admin', async () => {
    const clientId = salon.clientIds[0] as number;
    const staffId = salon.staffIds[0] as number;
    const startsAt = at('2030-01-21T10:00', ZONE);
    const booking = await bookFor(clientId, staffId, startsAt);
    const actor = { kind: 'admin', adminId } as const;
    expect(
      (await expectAppError(completeBooking(tenant.db, { bookingId: booking.id, actor, now: NOW })))
        .code,
    ).toBe('INVALID_STATUS');
    const later = at('2030-01-21T11:05', ZONE);
    expect(
      (
        await expectAppError(
          completeBooking(tenant.db, {
            bookingId: booking.id,
            actor: { kind: 'client', clientId },
            now: later,
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const done = await completeBooking(tenant.db, { bookingId: booking.id, actor, now: later });
    expect(done.status).toBe('completed');
    expect(
      (await expectAppError(markNoShow(tenant.db, { bookingId: booking.id, actor, now: later })))
        .code,
    ).toBe('INVALID_STATUS');
    const upcoming = await listClientBookings(tenant.db, { clientId, now: later });
    expect(upcoming.map((entry) => entry.id)).not.toContain(booking.id);
    const past = await listClientBookings(tenant.db, { clientId, upcoming: false, now: later });
    expect(past.find((entry) => entry.id === booking.id)?.status).toBe('completed');
    const history = await getBookingHistory(tenant.db, booking.id);
    expect(history.at(-1)).toMatchObject({
      action: 'status_changed',
      oldValues: { status: 'confirmed' },
      newValues: { status: 'completed' },
    });
  });
});

describe('getBookingNotice', () => {
  it('reads a booking with its settings, client and who on the staff hears of it', async () => {
    const staffId = salon.staffIds[0] as number;
    const booking = await bookFor(
      salon.clientIds[0] as number,
      staffId,
      at('2030-01-24T15:00', ZONE),
    );
    // The owner (Telegram id 1) is also this specialist: told once.
    await updateSpecialist(tenant.db, staffId, { telegramUserId: 1 });
    const notice = await getBookingNotice(tenant.db, booking.id);
    expect(notice.booking).toEqual(booking);
    expect(notice.settings.timeZone).toBe(ZONE);
    expect(notice.clientLocale).toBe('ru');
    expect(notice.staffTelegramUserIds).toEqual([1]);
    await updateSpecialist(tenant.db, staffId, { telegramUserId: 77 });
    expect((await getBookingNotice(tenant.db, booking.id)).staffTelegramUserIds).toEqual([1, 77]);
    await updateSpecialist(tenant.db, staffId, { telegramUserId: null });
    const missing = await expectAppError(getBookingNotice(tenant.db, 999_999));
    expect(missing.code).toBe('NOT_FOUND');
  });
});

describe('the exclusion constraint', () => {
  it('refuses a double booking written past the service, as SLOT_TAKEN', async () => {
    const staffId = salon.staffIds[0] as number;
    const row = (clientId: number, minutes: number) => ({
      client_id: clientId,
      service_id: salon.serviceId,
      staff_id: staffId,
      starts_at: at(`2030-01-22T10:${String(minutes).padStart(2, '0')}`, ZONE),
      ends_at: at(`2030-01-22T11:${String(minutes).padStart(2, '0')}`, ZONE),
      occupied_from: at(`2030-01-22T10:${String(minutes).padStart(2, '0')}`, ZONE),
      occupied_until: at(`2030-01-22T11:${String(minutes).padStart(2, '0')}`, ZONE),
      status: 'confirmed' as const,
      price_minor: 0,
      currency: 'RUB',
      comment: '',
    });
    await tenant.db
      .insertInto('bookings')
      .values(row(salon.clientIds[0] as number, 0))
      .execute();
    const error = await tenant.db
      .insertInto('bookings')
      .values(row(salon.clientIds[1] as number, 30))
      .execute()
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect((error as { code?: string }).code).toBe('23P01');
    expect(() => mapBookingWriteError(error)).toThrow(
      expect.objectContaining({ code: 'SLOT_TAKEN' }),
    );
  });
});

describe('compiled statements', () => {
  it('keep each tenant in its own schema when tenants alternate', async () => {
    const other = await createTestTenant();
    try {
      const otherSalon = await seedSalon(other.db, { specialists: 1, clients: 1 });
      const startsAt = at('2030-01-23T10:00', ZONE);
      const mine = await bookAppointment(
        tenant.db,
        {
          clientId: salon.clientIds[2] as number,
          serviceId: salon.serviceId,
          staffId: salon.staffIds[0] as number,
          startsAt,
        },
        { now: NOW },
      );
      const theirs = await bookAppointment(
        other.db,
        {
          clientId: otherSalon.clientIds[0] as number,
          serviceId: otherSalon.serviceId,
          staffId: otherSalon.staffIds[0] as number,
          startsAt,
        },
        { now: NOW },
      );
      const inOther = await other.db.selectFrom('bookings').select('id').execute();
      expect(inOther.map((row) => row.id)).toEqual([theirs.id]);
      const inMine = await tenant.db
        .selectFrom('bookings')
        .select('id')
        .where('id', '=', mine.id)
        .execute();
      expect(inMine).toHaveLength(1);
    } finally {
      await other.dispose();
    }
  });
});

describe('month summary', () => {
  it('summarizes a month for a calendar', async () => {
    const days = await getMonthSummary(
      tenant.db,
      { serviceId: salon.serviceId, staffId: 'any', month: '2030-01' },
      NOW,
    );
    expect(days).toHaveLength(31);
    const status = Object.fromEntries(days.map((day) => [day.date, day.status]));
    expect(status['2030-01-06']).toBe('past');
    expect(status['2030-01-07']).toBe('free');
    expect(status['2030-01-12']).toBe('closed');
    expect(status['2030-01-08']).toBe('free');
  });
});
