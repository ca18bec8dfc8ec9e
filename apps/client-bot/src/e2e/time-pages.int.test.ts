import { assignService, createService, listClientBookings } from '@booking/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, nextMonday, startHarness, toDay, ZONE } from '../testing/harness.js';

let h: Harness;
// Monday 07:00 on the bot's clock; Tuesday is open round the clock.
const today = nextMonday(7);
const tuesday = today.plus({ days: 1 });

beforeAll(async () => {
  h = await startHarness({
    clockAt: today,
    settings: {
      slotStepMinutes: 5,
      defaultWorkingHours: { '2': [{ start: '00:00', end: '24:00' }] },
    },
  });
  const quick = await createService(h.tenant.db, {
    name: 'Quick trim',
    durationMinutes: 5,
    priceMinor: 30_000,
    currency: 'RUB',
  });
  await assignService(h.tenant.db, { staffId: h.salon.boris, serviceId: quick.id });
});

afterAll(async () => {
  await h.stop();
});

describe('a day with more times than fit on one screen', () => {
  it('pages the times with ◀ ▶, so 23:55 of a 5-minute day can be reached and booked', async () => {
    const { chat, userId } = h.chat({ name: 'Nia' });
    const clientId = await h.knownClient(userId, 'Nia');
    await toDay(chat, { service: 'Quick trim', specialist: 'Boris', date: tuesday, today });
    await chat.waitFor('choose a time');
    const times = () =>
      chat
        .buttons()
        .flat()
        .filter((text) => /^\d\d:\d\d$/.test(text));
    expect(times()[0]).toBe('00:00');
    expect(times()).not.toContain('23:55');
    expect(chat.buttons().flat().length).toBeLessThanOrEqual(100);

    const pages = [times()];
    while (!times().includes('23:55')) {
      expect(pages.length).toBeLessThan(10);
      await chat.press('▶');
      await chat.waitFor('choose a time');
      pages.push(times());
    }
    // Every start of the day is on exactly one page, in order.
    expect(pages.flat()).toHaveLength(24 * 12);
    expect(new Set(pages.flat()).size).toBe(24 * 12);
    // And back: ◀ shows the page before.
    await chat.press('◀');
    await chat.waitFor('choose a time');
    expect(times()).toEqual(pages.at(-2));
    await chat.press('▶');
    await chat.waitFor('choose a time');

    await chat.press('23:55');
    await chat.waitFor('Please check your booking');
    await chat.press('✅ Confirm');
    const done = await chat.waitFor('You are booked');
    expect(done.text).toContain('23:55');
    const [booking] = await listClientBookings(h.tenant.db, { clientId, now: h.clock.now() });
    expect(booking?.startsAt).toEqual(
      tuesday.set({ hour: 23, minute: 55 }).setZone(ZONE).toJSDate(),
    );
  });
});
