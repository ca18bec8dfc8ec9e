import { htmlToPlain as plain } from '@booking/bot-kit';
import {
  findClientByTelegramId,
  getBookingHistory,
  getClient,
  listClientBookings,
  updateClient,
} from '@booking/core';
import type { SandboxChat } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  nextMonday,
  pressDate,
  startHarness,
  toConfirmation,
} from '../testing/harness.js';
import { ES } from '../texts/es.js';

let h: Harness;
const today = nextMonday(7);

beforeAll(async () => {
  h = await startHarness({ clockAt: today });
});

afterAll(async () => {
  await h.stop();
});

async function bookingsOf(clientId: number) {
  return listClientBookings(h.tenant.db, { clientId, now: h.clock.now() });
}

describe('customer journeys', () => {
  it('books with any specialist: the confirmation names the first free one in display order, who gets it', async () => {
    const { chat, userId } = h.chat({ name: 'Any' });
    const clientId = await h.knownClient(userId, 'Any');
    await toConfirmation(chat, {
      specialist: 'Any specialist',
      date: today.plus({ days: 1 }),
      time: '09:00',
      today,
    });
    const confirmation = chat.last()?.text;
    expect(confirmation).toContain('👤 Anna');
    expect(confirmation).not.toContain('Any specialist');
    await chat.press('✅ Confirm');
    const done = await chat.waitFor('You are booked');
    expect(done.text).toContain('Anna');
    expect((await bookingsOf(clientId)).map((b) => b.staffName)).toEqual(['Anna']);
  });

  it('two customers confirming one slot at once: one is booked, the other sees fresh times', async () => {
    const first = h.chat({ name: 'First' });
    const second = h.chat({ name: 'Second' });
    const ids = await Promise.all([
      h.knownClient(first.userId, 'First'),
      h.knownClient(second.userId, 'Second'),
    ]);
    const day = today.plus({ days: 2 });
    await Promise.all([
      toConfirmation(first.chat, { specialist: 'Anna', date: day, time: '10:00', today }),
      toConfirmation(second.chat, { specialist: 'Anna', date: day, time: '10:00', today }),
    ]);
    await Promise.all([first.chat.press('✅ Confirm'), second.chat.press('✅ Confirm')]);
    const outcomes = await Promise.all(
      [first.chat, second.chat].map((chat) => chat.waitFor(/You are booked|was just taken/)),
    );
    const booked = outcomes.filter((message) => message.text.includes('You are booked'));
    const taken = outcomes.filter((message) => message.text.includes('was just taken'));
    expect(booked).toHaveLength(1);
    expect(taken).toHaveLength(1);
    const loser = outcomes[0]?.text.includes('was just taken') ? first.chat : second.chat;
    const fresh = loser.buttons().flat();
    expect(fresh).not.toContain('10:00');
    expect(fresh).toContain('11:00');
    const counts = await Promise.all(ids.map((id) => bookingsOf(id)));
    expect(counts.map((list) => list.length).sort()).toEqual([0, 1]);
  });

  it('cancels outside the window, and explains whom to contact inside it', async () => {
    const { chat, userId } = h.chat({ name: 'Cancel' });
    const clientId = await h.knownClient(userId, 'Cancel');
    // Today 13:00 is six hours away: inside the 24 h window.
    await toConfirmation(chat, { specialist: 'Boris', date: today, time: '13:00', today });
    await chat.press('✅ Confirm');
    await chat.waitFor('You are booked');
    await chat.press('✖ Cancel booking');
    const tooLate = await chat.waitFor('can no longer be changed online');
    expect(tooLate.text).toContain('Test Salon');
    expect(tooLate.text).toContain('+7 495 111-22-33');
    expect(await bookingsOf(clientId)).toHaveLength(1);

    // Thursday is days away: the client may cancel.
    await toConfirmation(chat, {
      specialist: 'Boris',
      date: today.plus({ days: 3 }),
      time: '13:00',
      today,
    });
    await chat.press('✅ Confirm');
    await chat.waitFor('You are booked');
    await chat.press('✖ Cancel booking');
    await chat.waitFor('Cancel this booking?');
    await chat.press('Yes, cancel');
    await chat.waitFor('Your booking was cancelled');
    const left = await bookingsOf(clientId);
    expect(left.map((b) => b.startsAt.toISOString())).toEqual([
      today.set({ hour: 13 }).toJSDate().toISOString(),
    ]);
  });

  it('cancels when the session forgot the client, or remembers one that is not them', async () => {
    const { chat, userId } = h.chat({ name: 'Forget' });
    const clientId = await h.knownClient(userId, 'Forget');
    const spoilers: Array<[time: string, spoil: () => Promise<void>]> = [
      ['15:00', () => h.forgetSession(userId)],
      ['16:00', () => h.patchSession(userId, { clientId: clientId + 1_000 })],
    ];
    for (const [time, spoil] of spoilers) {
      await toConfirmation(chat, {
        specialist: 'Boris',
        date: today.plus({ days: 3 }),
        time,
        today,
      });
      await chat.press('✅ Confirm');
      await chat.waitFor('You are booked');
      await chat.press('✖ Cancel booking');
      await chat.waitFor('Cancel this booking?');
      await spoil();
      await chat.press('Yes, cancel');
      await chat.waitFor('Your booking was cancelled');
    }
    expect(await bookingsOf(clientId)).toEqual([]);
  });

  it('reschedules a booking atomically from My bookings', async () => {
    const { chat, userId } = h.chat({ name: 'Move' });
    const clientId = await h.knownClient(userId, 'Move');
    const friday = today.plus({ days: 4 });
    await toConfirmation(chat, { specialist: 'Anna', date: friday, time: '10:00', today });
    await chat.press('✅ Confirm');
    await chat.waitFor('You are booked');
    await chat.send('/my');
    const openFromList = async () => {
      await chat.waitFor('Your upcoming bookings');
      await chat.press(
        chat
          .buttons()
          .flat()
          .find((text) => text.includes('10:00')) ?? '',
      );
      await chat.waitFor('Anna');
    };
    await openFromList();
    // Back from a booking leads to the list it was opened from.
    await chat.press('« Back');
    await openFromList();
    await chat.press('🔁 Reschedule');
    await chat.waitFor('New time for your booking');
    await pressDate(chat, friday, today);
    await chat.waitFor('choose a time');
    // The booking's own time does not block its move.
    expect(chat.buttons().flat()).toContain('10:30');
    await chat.press('15:00');
    await chat.waitFor('Please check your booking');
    await chat.press('✅ Confirm');
    const moved = await chat.waitFor('Rescheduled');
    expect(moved.text).toContain('15:00');
    const [booking] = await bookingsOf(clientId);
    expect(booking?.startsAt.toISOString()).toBe(friday.set({ hour: 15 }).toJSDate().toISOString());
    const history = await getBookingHistory(h.tenant.db, booking?.id ?? 0);
    expect(history.map((entry) => entry.action)).toEqual(['created', 'rescheduled']);
  });
});

/** Sends /start once the user's session has expired, and waits for the menu's prompt. */
async function startAfterAWeek(chat: SandboxChat, userId: number, prompt: string) {
  await h.forgetSession(userId);
  await chat.send('/start');
  await chat.waitFor(prompt);
}

describe('language', () => {
  it("follows Telegram's language, and a choice in the menu wins, reaches reminders and outlives the session", async () => {
    const { chat, userId } = h.chat({ name: 'Lang', language: 'ru' });
    const clientId = await h.knownClient(userId, 'Lang');
    await chat.send('/start');
    await chat.waitFor('Что вы хотите сделать?');
    await chat.press('🌐 Язык');
    await chat.waitFor('Выберите язык');
    await chat.press('Español');
    await chat.waitFor('¿Qué desea hacer?');
    await chat.send('/help');
    await chat.waitFor('Reserve con');
    const client = await getClient(h.tenant.db, clientId);
    expect(client).toMatchObject({ locale: 'es', localeChosen: true });

    await startAfterAWeek(chat, userId, '¿Qué desea hacer?');
  });

  it('keeps a language chosen before the first booking once the client is booked', async () => {
    const { chat, userId } = h.chat({ name: 'Nueva', language: 'en' });
    await chat.send('/language');
    await chat.waitFor('Choose your language');
    await chat.press('Español');
    await chat.waitFor('¿Qué desea hacer?');
    await chat.press(plain(ES['menu.book']));
    await chat.waitFor(plain(ES['book.choose_service']));
    await chat.press(
      chat
        .buttons()
        .flat()
        .find((text) => text.startsWith('Haircut')) ?? 'Haircut',
    );
    await chat.waitFor(plain(ES['book.choose_specialist']));
    await chat.press('Boris');
    await chat.waitFor('Boris');
    await pressDate(chat, today.plus({ days: 3 }), today);
    await chat.waitFor('Boris');
    await chat.press('11:00');
    await chat.waitFor('11:00');
    await chat.press(plain(ES['book.confirm']));
    await chat.waitFor(plain(ES['book.ask_name']));
    await chat.send('Nueva');
    await chat.waitFor(plain(ES['book.ask_phone']).slice(0, 20));
    await chat.sendContact();
    await chat.waitFor(plain(ES['book.done']).slice(0, 12));
    const client = await findClientByTelegramId(h.tenant.db, userId);
    expect(client).toMatchObject({ locale: 'es', localeChosen: true });

    await startAfterAWeek(chat, userId, '¿Qué desea hacer?');
  });

  it("follows Telegram's language again after the session when the stored one was not chosen", async () => {
    const { chat, userId } = h.chat({ name: 'Telegram', language: 'en' });
    const clientId = await h.knownClient(userId, 'Telegram');
    // Stored from another Telegram language, never picked in the bot.
    await updateClient(h.tenant.db, clientId, { locale: 'es' });
    await startAfterAWeek(chat, userId, 'What would you like to do?');
  });
});

describe('odd input changes nothing', () => {
  it('a button of an older wizard is outdated', async () => {
    const { chat } = h.chat({ name: 'Stale' });
    await chat.send('/book');
    const old = await chat.waitFor('Choose a service');
    await chat.send('/book');
    await chat.waitFor('Choose a service');
    // Intl puts a no-break space between currency and amount: find the label by its start.
    const manicure =
      chat
        .buttons()
        .flat()
        .find((text) => text.startsWith('Manicure')) ?? 'Manicure';
    await chat.press(manicure, { messageId: old.messageId });
    const answer = await chat.waitForCallbackAnswer();
    expect(answer.text).toContain('This button is outdated');
    expect(
      chat.botMessages().filter((message) => message.text.includes('Choose a specialist')),
    ).toHaveLength(0);
  });

  it('an unknown command gets the menu', async () => {
    const { chat } = h.chat({ name: 'Cmd' });
    await chat.send('/frobnicate');
    const reply = await chat.waitFor('I do not know that command');
    expect(chat.buttons().flat()).toContain('📅 Book');
    expect(reply.text).not.toContain('went wrong');
  });

  it('a text the bot did not ask for gets the menu', async () => {
    const { chat } = h.chat({ name: 'Txt' });
    await chat.send('hello there');
    await chat.waitFor('Please use the buttons below');
  });
});
