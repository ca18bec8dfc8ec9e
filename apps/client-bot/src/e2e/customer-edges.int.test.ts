import { addAdmin, bookAppointment, findClientByTelegramId } from '@booking/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookThroughBot,
  type Harness,
  nextMonday,
  startHarness,
  toConfirmation,
} from '../testing/harness.js';

let h: Harness;
// Monday 07:00 by the bot's clock; the salon is in Moscow with a 24 h cancellation window.
const today = nextMonday(7);

beforeAll(async () => {
  h = await startHarness({ clockAt: today });
});

afterAll(async () => {
  await h.stop();
});

describe('phone numbers', () => {
  it('reads a typed phone in the salon’s country, stores E.164, shows it formatted and refuses what is not one', async () => {
    const owner = h.chat({ name: 'Owner' });
    await addAdmin(h.tenant.db, { telegramUserId: owner.userId, role: 'owner', name: 'O' }, 'test');
    // A bot may write only to users who started it.
    await owner.chat.send('/start');
    await owner.chat.waitFor('Test Salon');

    const { chat, userId } = h.chat({ name: 'Pavel' });
    await toConfirmation(chat, {
      specialist: 'Boris',
      date: today.plus({ days: 2 }),
      time: '10:00',
      today,
    });
    await chat.press('✅ Confirm');
    await chat.waitFor('What name should we book under?');
    await chat.send('Pavel');
    await chat.waitFor('Please share your phone number');
    for (const notAPhone of ['call me', '12345', '+7 999 000']) {
      await chat.send(notAPhone);
      await chat.waitFor('That does not look like a phone number');
    }
    await chat.send('8 912 345-67-89');
    const saved = await chat.waitFor('Thank you, Pavel!');
    expect(saved.text).toContain('+7 912 345 67 89');
    await chat.waitFor('You are booked');
    expect((await findClientByTelegramId(h.tenant.db, userId))?.phone).toBe('+79123456789');
    // The owner's notice shows the number as people write it.
    const notice = await owner.chat.waitFor('Pavel');
    expect(notice.text).toContain('+7 912 345 67 89');
  });

  it('stores a shared contact, which Telegram sends without its plus, in E.164', async () => {
    const { chat, userId } = h.chat({ name: 'Shared' });
    await toConfirmation(chat, {
      specialist: 'Boris',
      date: today.plus({ days: 2 }),
      time: '11:00',
      today,
    });
    await chat.press('✅ Confirm');
    await chat.waitFor('What name should we book under?');
    await chat.send('Shared');
    await chat.waitFor('Please share your phone number');
    await chat.sendContact();
    await chat.waitFor('You are booked');
    const phone = (await findClientByTelegramId(h.tenant.db, userId))?.phone;
    // The sandbox's users have Russian numbers 7999…, shared without a plus.
    expect(phone).toMatch(/^\+7999\d{7}$/);
  });
});

describe('the confirmation screen', () => {
  it('warns before a booking inside the cancellation window, and only then', async () => {
    const { chat, userId } = h.chat({ name: 'Soon' });
    await h.knownClient(userId, 'Soon');
    // Today 13:00 is six hours away: inside the 24 h window.
    await toConfirmation(chat, { specialist: 'Anna', date: today, time: '13:00', today });
    const soon = chat.last()?.text ?? '';
    expect(soon).toContain('less than 24 h away');
    expect(soon).toContain('can no longer be cancelled or rescheduled online');
    await chat.press('✅ Confirm');
    await chat.waitFor('You are booked');

    await toConfirmation(chat, {
      specialist: 'Anna',
      date: today.plus({ days: 3 }),
      time: '13:00',
      today,
    });
    expect(chat.last()?.text).not.toContain('less than 24 h away');
  });
});

describe('a time taken while a newcomer confirms', () => {
  it('is refused when Confirm is pressed, before the name and phone are asked', async () => {
    const { chat } = h.chat({ name: 'Late' });
    const day = today.plus({ days: 4 });
    await toConfirmation(chat, { specialist: 'Boris', date: day, time: '15:00', today });
    const other = h.chat({ name: 'Quick' });
    await bookAppointment(
      h.tenant.db,
      {
        clientId: await h.knownClient(other.userId, 'Quick'),
        serviceId: h.salon.haircutId,
        staffId: h.salon.boris,
        startsAt: day.set({ hour: 15 }).toJSDate(),
      },
      { now: h.clock.now() },
    );
    await chat.press('✅ Confirm');
    await chat.waitFor('was just taken');
    expect(chat.buttons().flat()).not.toContain('15:00');
    expect(chat.buttons().flat()).toContain('16:00');
    expect(chat.botMessages().some((message) => message.text.includes('What name'))).toBe(false);
  });
});

describe('the calendar', () => {
  it('marks closed days unmistakably, and a press on one is answered', async () => {
    const { chat } = h.chat({ name: 'Weekend' });
    await chat.send('/book');
    await chat.waitFor('Choose a service');
    await chat.press(
      chat
        .buttons()
        .flat()
        .find((text) => text.startsWith('Haircut')) ?? 'Haircut',
    );
    await chat.waitFor('Choose a specialist');
    await chat.press('Boris');
    const calendar = await chat.waitFor('Choose a day');
    expect(calendar.text).toContain('— closed');
    // Next month lies wholly ahead, within the 60-day horizon.
    await chat.press('▶');
    await chat.waitFor('Choose a day');
    const days = chat.buttons().slice(2, -1).flat();
    // Boris works Monday to Friday: every weekend day is closed.
    expect(days.filter((text) => text === '—').length).toBeGreaterThanOrEqual(8);
    expect(days.some((text) => text.includes('·'))).toBe(false);
    await chat.press('—');
    const answer = await chat.waitForCallbackAnswer();
    expect(answer.text).toBe('No appointments on this day. Please choose another one.');
  });
});

describe('a booking confirmation', () => {
  it('stays in the chat when Menu, Cancel or Reschedule under it is pressed: their screens come as new messages', async () => {
    const { chat, userId } = h.chat({ name: 'Keep' });
    await h.knownClient(userId, 'Keep');
    await bookThroughBot(chat, {
      specialist: 'Anna',
      date: today.plus({ days: 2 }),
      time: '16:00',
      today,
    });
    const confirmation = chat.last();
    expect(confirmation?.text).toContain('You are booked');
    await chat.press('🏠 Menu');
    const menu = await chat.waitFor('What would you like to do?');
    expect(menu.messageId).not.toBe(confirmation?.messageId);
    const kept = () =>
      chat.botMessages().find((message) => message.messageId === confirmation?.messageId)?.text;
    expect(kept()).toContain('You are booked');
    expect(kept()).toContain('16:00');

    // Cancel and Reschedule under it open their screens below it too.
    const messageId = confirmation?.messageId ?? 0;
    await chat.press('🔁 Reschedule', { messageId });
    const wizard = await chat.waitFor('New time for your booking');
    expect(wizard.messageId).not.toBe(messageId);
    await chat.press('✖ Cancel booking', { messageId });
    const prompt = await chat.waitFor('Cancel this booking?');
    expect(prompt.messageId).not.toBe(messageId);
    await chat.press('Yes, cancel');
    await chat.waitFor('Your booking was cancelled');
    expect(kept()).toContain('You are booked');
  });
});
