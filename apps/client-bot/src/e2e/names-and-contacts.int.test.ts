import { bookAppointment, completeBooking, leaveFeedback } from '@booking/core';
import type { SandboxChat } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Harness, nextMonday, startHarness, toConfirmation } from '../testing/harness.js';

let h: Harness;
// Monday 07:00 on the bot's clock; the bookings go on Tuesday.
const today = nextMonday(7);
const tuesday = today.plus({ days: 1 });

beforeAll(async () => {
  h = await startHarness({ clockAt: today });
});

afterAll(async () => {
  await h.stop();
});

const ASK_NAME = 'What name should we book under?';
const ASK_PHONE = 'Please share your phone number';
const BAD_CHARACTERS = 'hidden or control characters';
const FOREIGN_CONTACT = "someone else's contact";

/** A new customer who picked a time with Boris on Tuesday and pressed Confirm. */
async function newCustomerAtConfirm(
  time: string,
  name = 'Ann',
): Promise<{ chat: SandboxChat; userId: number }> {
  const customer = h.chat({ name });
  await toConfirmation(customer.chat, { specialist: 'Boris', date: tuesday, time, today });
  await customer.chat.press('✅ Confirm');
  await customer.chat.waitFor(ASK_NAME);
  return customer;
}

async function clientRow(userId: number) {
  return h.tenant.db
    .selectFrom('clients')
    .selectAll()
    .where('telegram_user_id', '=', userId)
    .executeTakeFirst();
}

describe('names and contacts a customer sends', () => {
  it('asks again for a name with a NUL, other control characters or only zero-width ones, then books', async () => {
    const { chat, userId } = await newCustomerAtConfirm('10:00');
    for (const name of ['Ann\u0000Lee', 'Ann\u0007\u001bLee', '\u200b\u200c\u2060\ufeff']) {
      await chat.send(name);
      await chat.waitFor(BAD_CHARACTERS);
      expect(await clientRow(userId)).toBeUndefined();
    }
    await chat.send('Ann Lee');
    await chat.waitFor(ASK_PHONE);
    await chat.sendContact();
    const done = await chat.waitFor('You are booked');
    expect(done.text).toContain('10:00');
    expect((await clientRow(userId))?.name).toBe('Ann Lee');
  });

  it("refuses someone else's contact as the customer's phone, then takes their own", async () => {
    const { chat, userId } = await newCustomerAtConfirm('12:00');
    const other = h.chat({ name: 'Eve' });
    await chat.send('Ann Lee');
    await chat.waitFor(ASK_PHONE);
    await chat.sendContact({
      phone_number: '79990001122',
      first_name: 'Eve',
      user_id: other.userId,
    });
    await chat.waitFor(FOREIGN_CONTACT);
    // A phone-book card of someone not on Telegram carries no user_id at all.
    await chat.sendContact({ phone_number: '79990003344', first_name: 'Bob', user_id: undefined });
    await chat.waitFor(FOREIGN_CONTACT);
    expect(await clientRow(userId)).toBeUndefined();
    const own = await chat.sendContact();
    await chat.waitFor('You are booked');
    const phone = own.contact?.phone_number.replace(/\D/g, '');
    expect((await clientRow(userId))?.phone?.replace(/\D/g, '')).toBe(phone);
  });

  it('offers the Telegram profile name cleaned of controls, and none that shows nothing', async () => {
    const blank = await newCustomerAtConfirm('09:00', '\u200b\u2060');
    expect(blank.chat.replyKeyboard()).toEqual([]);
    const { chat, userId } = await newCustomerAtConfirm('13:00', 'Ann\u0000Lee');
    expect(chat.replyKeyboard()).toEqual([['Ann Lee']]);
    await chat.press('Ann Lee');
    await chat.waitFor(ASK_PHONE);
    await chat.sendContact();
    await chat.waitFor('You are booked');
    expect((await clientRow(userId))?.name).toBe('Ann Lee');
  });

  it('asks the name again when a session kept one Postgres cannot store, instead of failing on', async () => {
    const { chat, userId } = await newCustomerAtConfirm('15:00');
    await chat.send('Ann Lee');
    await chat.waitFor(ASK_PHONE);
    // The session is saved after the reply goes out: patch it once it is.
    await vi.waitFor(async () => expect((await h.readSession(userId)).awaiting).toBe('phone'));
    // As a build that did not check names left it.
    await h.patchSession(userId, { pendingName: 'Ann\u0000' });
    await chat.sendContact();
    await chat.waitFor(ASK_NAME);
    await chat.send('Ann Lee');
    await chat.waitFor(ASK_PHONE);
    await chat.sendContact();
    await chat.waitFor('You are booked');
    expect((await clientRow(userId))?.name).toBe('Ann Lee');
  });

  it('keeps a feedback comment without its NUL, and asks again for one that is only controls', async () => {
    const { chat, userId } = h.chat({ name: 'Fee' });
    const clientId = await h.knownClient(userId, 'Fee');
    await chat.send('/start');
    await chat.waitFor('Test Salon');
    await vi.waitFor(async () => expect(await h.readSession(userId)).toHaveProperty('nextFlow'));
    const startsAt = tuesday.set({ hour: 16 });
    const booking = await bookAppointment(
      h.tenant.db,
      {
        clientId,
        serviceId: h.salon.haircutId,
        staffId: h.salon.anna,
        startsAt: startsAt.toJSDate(),
      },
      { now: today.toJSDate() },
    );
    const after = startsAt.plus({ hours: 2 }).toJSDate();
    await completeBooking(h.tenant.db, {
      bookingId: booking.id,
      actor: { kind: 'system', name: 'test' },
      now: after,
    });
    await leaveFeedback(h.tenant.db, { bookingId: booking.id, clientId, rating: 5 }, after);
    // What pressing the stars under the feedback request leaves in the session.
    await h.patchSession(userId, {
      awaiting: 'feedback_comment',
      feedback: { bookingId: booking.id, rating: 5 },
    });
    await chat.send('\u0000\u0007');
    await chat.waitFor('Please send your comment as text');
    await chat.send('Lovely\u0000 haircut\u0008');
    await chat.waitFor('Thank you for your feedback!');
    const feedback = await h.tenant.db
      .selectFrom('feedback')
      .selectAll()
      .where('booking_id', '=', booking.id)
      .executeTakeFirstOrThrow();
    expect(feedback.comment).toBe('Lovely haircut');
  });
});
