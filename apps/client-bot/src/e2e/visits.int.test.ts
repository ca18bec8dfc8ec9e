import {
  addAdmin,
  bookAppointment,
  cancelBooking,
  getBooking,
  listWaitlist,
  resumeTenant,
  setDateOverride,
  suspendTenant,
  updateSettings,
} from '@booking/core';
import type { SandboxChat } from '@booking/sandbox';
import type { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileTenantJobs } from '../jobs/reconciler.js';
import {
  bookThroughBot,
  type Harness,
  nextMonday,
  startHarness,
  toDay,
} from '../testing/harness.js';

let h: Harness;
const monday = nextMonday(7);

beforeAll(async () => {
  h = await startHarness({
    clockAt: monday,
    settings: { reminderOffsetsMinutes: [60], feedbackDelayMinutes: 30 },
  });
});

afterAll(async () => {
  await h.stop();
});

describe('reminders and feedback', () => {
  it('reminds at the offset, within 5 s of its due time, and takes "I will come"', async () => {
    const { chat, userId } = h.chat({ name: 'Remi' });
    await h.knownClient(userId, 'Remi');
    const startsAt = monday.set({ hour: 10 });
    // The bot's clock shows 08:59:55: the 60-minute reminder of a 10:00 visit is due in 5 s.
    const clockAt = startsAt.minus({ minutes: 60, seconds: 5 });
    h.clock.set(clockAt);
    await bookThroughBot(chat, {
      service: 'Haircut',
      specialist: 'Anna',
      date: startsAt,
      time: '10:00',
      today: clockAt,
    });
    const dueRealTime = h.clock.realTimeOf(startsAt.minus({ minutes: 60 }).toJSDate());
    const reminder = await chat.waitFor('Reminder: you have a visit in 60 min', {
      timeout: 15_000,
    });
    const arrivedLate = Date.now() - dueRealTime;
    expect(arrivedLate).toBeGreaterThanOrEqual(-1_000);
    expect(arrivedLate).toBeLessThan(5_000);
    expect(reminder.text).toContain('10:00');
    expect(reminder.text).toContain('Anna');
    await chat.press('👍 I will come');
    await chat.waitFor('Thank you, see you soon!');
  }, 30_000);

  it('asks for feedback after the visit (jobs re-created from Postgres) and records stars and comment', async () => {
    const { chat, userId } = h.chat({ name: 'Fee' });
    const clientId = await h.knownClient(userId, 'Fee');
    // A bot may write only to users who started it.
    await chat.send('/start');
    await chat.waitFor('Test Salon');
    const startsAt = monday.plus({ days: 1 }).set({ hour: 11 });
    // Booked earlier, by another process: no job exists for it in Redis.
    const booking = await bookAppointment(
      h.tenant.db,
      {
        clientId,
        serviceId: h.salon.haircutId,
        staffId: h.salon.boris,
        startsAt: startsAt.toJSDate(),
      },
      { now: monday.toJSDate() },
    );
    expect(
      await h.app.jobs.reminders.getJob(`feedback-${h.tenant.slug}-${booking.id}`),
    ).toBeUndefined();
    // Now it is 3 s before the feedback request is due (end 12:00 + 30 min).
    h.clock.set(startsAt.plus({ minutes: 90 }).minus({ seconds: 3 }));
    const reconciled = await reconcileTenantJobs(
      h.tenant.db,
      h.tenant.slug,
      h.app.jobs,
      h.clock.now(),
    );
    expect(reconciled.visits).toBeGreaterThanOrEqual(1);
    expect(
      await h.app.jobs.reminders.getJob(`feedback-${h.tenant.slug}-${booking.id}`),
    ).toBeDefined();
    await chat.waitFor('How was your visit?', { timeout: 15_000 });
    expect((await getBooking(h.tenant.db, booking.id)).status).toBe('completed');
    await chat.press('⭐⭐⭐⭐⭐');
    await chat.waitFor('Anything to add?');
    await chat.send('Lovely haircut');
    await chat.waitFor('Thank you for your feedback!');
    const feedback = await h.tenant.db
      .selectFrom('feedback')
      .selectAll()
      .where('booking_id', '=', booking.id)
      .executeTakeFirstOrThrow();
    expect(feedback).toMatchObject({ rating: 5, comment: 'Lovely haircut' });
  }, 30_000);
});

describe('waitlist', () => {
  /** Anna works that day from 10:00 to 10:30 only: one manicure slot. */
  const oneManicureSlot = (day: DateTime) =>
    setDateOverride(h.tenant.db, {
      staffId: h.salon.anna,
      date: day.toISODate() ?? '',
      intervals: [{ start: '10:00', end: '10:30' }],
    });
  /** Books that day's only manicure slot (10:00 with Anna) for a client, not through the bot. */
  const takeTheSlot = (clientId: number, day: DateTime) =>
    bookAppointment(
      h.tenant.db,
      {
        clientId,
        serviceId: h.salon.manicureId,
        staffId: h.salon.anna,
        startsAt: day.set({ hour: 10 }).toJSDate(),
      },
      { now: h.clock.now() },
    );
  /** Takes a client through the wizard to that day, booked up with Anna. */
  const seeFullDay = async (chat: SandboxChat, day: DateTime) => {
    await toDay(chat, { service: 'Manicure', specialist: 'Anna', date: day, today: monday });
    await chat.waitFor('is fully booked');
  };

  it('offers a freed slot to the waiting client, who accepts it; admins hear of each change', async () => {
    h.clock.set(monday);
    await updateSettings(h.tenant.db, { defaultLocale: 'en' });
    const wednesday = monday.plus({ days: 2 });
    await oneManicureSlot(wednesday);
    const owner = h.chat({ name: 'Owner' });
    await addAdmin(
      h.tenant.db,
      { telegramUserId: owner.userId, role: 'owner', name: 'Owner' },
      'test',
    );
    // A bot may write only to users who started it.
    await owner.chat.send('/start');
    await owner.chat.waitFor('Test Salon');
    const first = h.chat({ name: 'First' });
    const waiting = h.chat({ name: 'Waiting' });
    await h.knownClient(first.userId, 'First');
    await h.knownClient(waiting.userId, 'Waiting');

    await bookThroughBot(first.chat, {
      service: 'Manicure',
      specialist: 'Anna',
      date: wednesday,
      time: '10:00',
      today: monday,
    });
    await owner.chat.waitFor('New booking');

    await seeFullDay(waiting.chat, wednesday);
    await waiting.chat.press('⏳ Join the waiting list');
    await waiting.chat.waitFor('You are on the waiting list');

    await first.chat.press('✖ Cancel booking');
    await first.chat.waitFor('Cancel this booking?');
    await first.chat.press('Yes, cancel');
    await first.chat.waitFor('Your booking was cancelled');
    await owner.chat.waitFor('Booking cancelled by the client');

    const offer = await waiting.chat.waitFor('A time is free!', { timeout: 10_000 });
    expect(offer.text).toContain('10:00');
    expect(offer.text).toContain('held for you for 15 min');
    await waiting.chat.press('✅ Book it');
    const booked = await waiting.chat.waitFor('You are booked!');
    expect(booked.text).toContain('Manicure');
    const [entry] = await listWaitlist(h.tenant.db, { statuses: ['booked'] });
    expect(entry?.bookingId).toBeTypeOf('number');
    await owner.chat.waitFor('New booking');
  }, 40_000);

  it('offers time freed while the client looked at the full day, as they join', async () => {
    h.clock.set(monday);
    const thursday = monday.plus({ days: 3 });
    await oneManicureSlot(thursday);
    const holder = h.chat({ name: 'Holder' });
    const holderId = await h.knownClient(holder.userId, 'Holder');
    const late = h.chat({ name: 'Late' });
    await h.knownClient(late.userId, 'Late');
    const held = await takeTheSlot(holderId, thursday);

    await seeFullDay(late.chat, thursday);
    // Freed while nobody waits: no one is offered it then.
    const { slotReleased } = await cancelBooking(h.tenant.db, {
      bookingId: held.id,
      actor: { kind: 'client', clientId: holderId },
      now: h.clock.now(),
    });
    expect(slotReleased).toBe(false);
    await late.chat.press('⏳ Join the waiting list');
    await late.chat.waitFor('You are on the waiting list');
    const offer = await late.chat.waitFor('A time is free!', { timeout: 10_000 });
    expect(offer.text).toContain('10:00');
  }, 30_000);

  it("lists the client's waiting lists from the menu, and leaves one", async () => {
    h.clock.set(monday);
    const friday = monday.plus({ days: 4 });
    await oneManicureSlot(friday);
    const holderId = await h.knownClient(h.chat({ name: 'Holder' }).userId, 'Holder');
    await takeTheSlot(holderId, friday);
    const { chat, userId } = h.chat({ name: 'Lister' });
    const clientId = await h.knownClient(userId, 'Lister');
    const openWaitlist = async (expected: string) => {
      await chat.send('/start');
      await chat.waitFor('Test Salon');
      await chat.press('⏳ Waiting list');
      return chat.waitFor(expected);
    };

    // Nothing yet: the screen says how to join, and offers to book.
    await openWaitlist('You are not on any waiting list');
    expect(chat.buttons().flat()).toContain('📅 Book');

    await seeFullDay(chat, friday);
    await chat.press('⏳ Join the waiting list');
    await chat.waitFor('You are on the waiting list');
    const list = await openWaitlist('Your waiting lists');
    expect(list.text).toContain('Manicure');
    await chat.press('✖ Leave: Manicure');
    await chat.waitFor('You left the waiting list for Manicure');
    expect(await listWaitlist(h.tenant.db, { clientId, statuses: ['waiting'] })).toEqual([]);
    await openWaitlist('You are not on any waiting list');
  }, 30_000);
});

describe('a suspended tenant', () => {
  it('tells customers booking is unavailable, and serves them again once resumed', async () => {
    const { chat } = h.chat({ name: 'Sus' });
    await suspendTenant({ db: h.db, redis: h.redis }, h.tenant.slug);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await chat.send('/book');
    await chat.waitFor('temporarily unavailable');
    expect(chat.buttons()).toEqual([]);
    // Its owner is told it is paused; with no sales bot configured here to renew in, they
    // are sent to the platform's support.
    const owner = h.chat({ name: 'Stopped owner' });
    await addAdmin(
      h.tenant.db,
      { telegramUserId: owner.userId, role: 'owner', name: 'Owner' },
      'test',
    );
    await owner.chat.send('/start');
    await owner.chat.waitFor('paused by the platform');
    expect(owner.chat.buttons()).toEqual([]);
    await resumeTenant({ db: h.db, redis: h.redis }, h.tenant.slug);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await chat.send('/book');
    await chat.waitFor('Choose a service');
  });
});
