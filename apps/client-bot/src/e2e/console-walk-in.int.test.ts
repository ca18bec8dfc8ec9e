import { randomInt } from 'node:crypto';
import { addAdmin, listAuditLog } from '@booking/core';
import type { SandboxChat } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonData, refusals } from '../testing/console.js';
import {
  type Harness,
  nextMonday,
  pressDate,
  startHarness,
  toConfirmation,
} from '../testing/harness.js';

// The clock shows Monday 07:00; the salon works Mon–Fri 09:00–18:00.
const today = nextMonday(7);
const tuesday = today.plus({ days: 1 });
const ownerId = randomInt(1_000_000_000, 2_000_000_000);
const borisStaffId = randomInt(1_000_000_000, 2_000_000_000);

let h: Harness;
let owner: SandboxChat;
let boris: SandboxChat;

beforeAll(async () => {
  h = await startHarness({ ownerTelegramId: ownerId, clockAt: today });
  owner = h.chat({ name: 'Olga', id: ownerId }).chat;
  await addAdmin(
    h.tenant.db,
    { telegramUserId: borisStaffId, role: 'staff', staffId: h.salon.boris },
    'test',
  );
  boris = h.chat({ name: 'Boris', id: borisStaffId }).chat;
});

afterAll(async () => {
  await h?.stop();
});

const bookingsAt = (startsAt: Date) =>
  h.tenant.db
    .selectFrom('bookings')
    .selectAll()
    .where('starts_at', '=', startsAt)
    .where('status', '=', 'confirmed')
    .execute();

/** /admin, Walk-in, then the client found by `query`. */
async function startWalkIn(chat: SandboxChat, query: string, client: string): Promise<void> {
  await chat.send('/admin');
  await chat.waitFor('Console');
  await chat.press('➕ Walk-in');
  await chat.waitFor('Send part of the client');
  await chat.send(query);
  await chat.waitFor('Choose the client');
  await chat.press(client);
  await chat.waitFor('Choose a service');
  await chat.press(
    chat
      .buttons()
      .flat()
      .find((text) => text.startsWith('Haircut')) ?? 'Haircut',
  );
}

describe('walk-in and phone booking', () => {
  it('books a found Telegram client on the customers calendar; they get a confirmation and reminders', async () => {
    const carl = h.chat({ name: 'Carl' });
    const clientId = await h.knownClient(carl.userId, 'Carl');
    await carl.chat.send('/start');
    await carl.chat.waitFor('Welcome to');

    await startWalkIn(owner, '912 000', 'Carl · +7 912 000 00 00');
    await owner.waitFor('Choose a specialist');
    await owner.press('Anna');
    await owner.waitFor('Choose a day');
    await pressDate(owner, tuesday, today);
    await owner.waitFor('choose a time');
    await owner.press('14:00');
    const card = await owner.waitFor('Booked. The client got a confirmation.');
    expect(card.text).toContain('Anna');

    const confirmation = await carl.chat.waitFor('You are booked!');
    expect(confirmation.text).toContain('14:00');
    const [booking] = await bookingsAt(tuesday.set({ hour: 14 }).toJSDate());
    expect(booking).toMatchObject({ client_id: clientId, staff_id: h.salon.anna });
    const reminders = await h.app.jobs.reminders.getJobs(['delayed', 'waiting']);
    expect(reminders.some((job) => job.data.bookingId === booking?.id)).toBe(true);
    const [audit] = await listAuditLog(h.tenant.db, { target: `booking:${booking?.id}` });
    expect(audit).toMatchObject({
      action: 'booking.created',
      actor: expect.stringMatching(/^admin:/),
    });
  });

  it('adds a client without Telegram by name and phone, and books outside hours on the switch', async () => {
    await owner.send('/admin');
    await owner.waitFor('Console');
    await owner.press('➕ Walk-in');
    await owner.waitFor('Send part of the client');
    await owner.press('➕ New client');
    await owner.waitFor('The new client’s name?');
    await owner.send('Zoe');
    await owner.waitFor('Their phone number');
    await owner.send('12');
    await owner.waitFor('That is not a phone number');
    await owner.send('+7 912 777-66-55');
    await owner.waitFor('Choose a service');
    await owner.press(
      owner
        .buttons()
        .flat()
        .find((text) => text.startsWith('Haircut')) ?? 'Haircut',
    );
    await owner.waitFor('Choose a specialist');
    await owner.press('Boris');
    await owner.waitFor('Choose a day');
    await pressDate(owner, tuesday, today);
    await owner.waitFor('choose a time');
    await owner.press('🕘 Outside hours');
    await owner.waitFor('send the start time');
    await owner.send('half past seven');
    await owner.waitFor('Please send the time as HH:MM');
    await owner.send('19:30');
    await owner.waitFor('✅ Booked.');
    const [booking] = await bookingsAt(tuesday.set({ hour: 19, minute: 30 }).toJSDate());
    expect(booking?.staff_id).toBe(h.salon.boris);
    const client = await h.tenant.db
      .selectFrom('clients')
      .selectAll()
      .where('id', '=', Number(booking?.client_id))
      .executeTakeFirstOrThrow();
    expect(client).toMatchObject({ name: 'Zoe', phone: '+79127776655', telegram_user_id: null });
  });

  it('a customer and the owner booking one slot at once: one booking', async () => {
    const dora = h.chat({ name: 'Dora' });
    await h.knownClient(dora.userId, 'Dora');
    await toConfirmation(dora.chat, { specialist: 'Anna', date: tuesday, time: '16:00', today });
    await startWalkIn(owner, 'Zoe', 'Zoe · +7 912 777 66 55');
    await owner.waitFor('Choose a specialist');
    await owner.press('Anna');
    await owner.waitFor('Choose a day');
    await pressDate(owner, tuesday, today);
    await owner.waitFor('choose a time');
    await Promise.all([dora.chat.press('✅ Confirm'), owner.press('16:00')]);
    // Each side hears its outcome: booked, or the time was just taken.
    const outcomes = await Promise.all([
      owner.waitFor(/Booked|just taken/),
      dora.chat.waitFor(/You are booked|just taken/),
    ]);
    expect(outcomes.filter((message) => /Booked|You are booked/.test(message.text))).toHaveLength(
      1,
    );
    expect(await bookingsAt(tuesday.set({ hour: 16 }).toJSDate())).toHaveLength(1);
  });
});

describe('walk-in permissions', () => {
  it('staff replaying a time of another specialist, and a customer any walk-in button: refused and audited', async () => {
    await startWalkIn(owner, 'Zoe', 'Zoe · +7 912 777 66 55');
    await owner.waitFor('Choose a specialist');
    await owner.press('Anna');
    await owner.waitFor('Choose a day');
    await pressDate(owner, tuesday, today);
    await owner.waitFor('choose a time');
    const annaTime = buttonData(owner, '11:00');
    const outside = buttonData(owner, '🕘 Outside hours');
    const before = (await refusals(h.tenant.db)).length;

    // Boris's session holds a walk-in of his own, so only the schedule check stands.
    await boris.send('/admin');
    await boris.waitFor('Console');
    await boris.press('➕ Walk-in');
    await boris.waitFor('Send part of the client');
    await boris.send('Zoe');
    await boris.waitFor('Choose the client');
    await boris.press('Zoe · +7 912 777 66 55');
    await boris.waitFor('Choose a service');
    await boris.press(
      boris
        .buttons()
        .flat()
        .find((text) => text.startsWith('Haircut')) ?? 'Haircut',
    );
    await boris.waitFor('Choose a day');
    await boris.pressData(annaTime);
    expect((await boris.waitForCallbackAnswer()).text).toBe(
      'You can only manage your own schedule.',
    );
    await boris.pressData(outside);
    expect((await boris.waitForCallbackAnswer()).text).toBe(
      'Your role cannot do this. Ask the owner.',
    );

    const eve = h.chat({ name: 'Eve' });
    await eve.chat.send('/start');
    await eve.chat.waitFor('Welcome to');
    await eve.chat.pressData(annaTime);
    expect((await eve.chat.waitForCallbackAnswer()).text).toBe(
      'This is only for the business team.',
    );
    const after = await refusals(h.tenant.db);
    expect(after.length).toBe(before + 3);
    expect(after.map((entry) => entry.details.reason)).toEqual(
      expect.arrayContaining(['not_own_schedule', 'role', 'not_admin']),
    );
    expect(await bookingsAt(tuesday.set({ hour: 11 }).toJSDate())).toHaveLength(0);
  });
});
