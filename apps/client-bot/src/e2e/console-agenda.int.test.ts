import { randomInt } from 'node:crypto';
import {
  addAdmin,
  bookAppointment,
  getBooking,
  getBookingHistory,
  listAuditLog,
} from '@booking/core';
import type { SandboxChat } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonData, refusals } from '../testing/console.js';
import { bookThroughBot, type Harness, nextMonday, startHarness } from '../testing/harness.js';

// The clock shows Monday 07:00: Carl (Telegram, booked through the bot) sees Anna at 10:00,
// Dora (Telegram) Boris at 11:00, Eve (Telegram) Anna at 12:00.
const today = nextMonday(7);
const ownerId = randomInt(1_000_000_000, 2_000_000_000);
const borisStaffId = randomInt(1_000_000_000, 2_000_000_000);

let h: Harness;
let owner: SandboxChat;
let boris: SandboxChat;
let carl: { chat: SandboxChat; userId: number };
let dora: { chat: SandboxChat; userId: number };
let eve: { chat: SandboxChat; userId: number };
let carlBooking: number;
let doraBooking: number;
let eveBooking: number;

beforeAll(async () => {
  h = await startHarness({ ownerTelegramId: ownerId, clockAt: today });
  owner = h.chat({ name: 'Olga', id: ownerId }).chat;
  await addAdmin(
    h.tenant.db,
    { telegramUserId: borisStaffId, role: 'staff', staffId: h.salon.boris },
    'test',
  );
  boris = h.chat({ name: 'Boris', id: borisStaffId }).chat;
  carl = h.chat({ name: 'Carl' });
  await h.knownClient(carl.userId, 'Carl');
  await bookThroughBot(carl.chat, { specialist: 'Anna', date: today, time: '10:00', today });
  dora = h.chat({ name: 'Dora' });
  const doraClient = await h.knownClient(dora.userId, 'Dora');
  eve = h.chat({ name: 'Eve' });
  // Both have talked to the bot before: it may write to them.
  for (const { chat } of [dora, eve]) {
    await chat.send('/start');
    await chat.waitFor('Welcome to');
  }
  const eveClient = await h.knownClient(eve.userId, 'Eve');
  const at = (hour: number) => today.set({ hour }).toJSDate();
  const now = h.clock.now();
  doraBooking = (
    await bookAppointment(
      h.tenant.db,
      {
        clientId: doraClient,
        serviceId: h.salon.haircutId,
        staffId: h.salon.boris,
        startsAt: at(11),
      },
      { now },
    )
  ).id;
  eveBooking = (
    await bookAppointment(
      h.tenant.db,
      {
        clientId: eveClient,
        serviceId: h.salon.haircutId,
        staffId: h.salon.anna,
        startsAt: at(12),
      },
      { now },
    )
  ).id;
  const [carlRow] = await h.tenant.db
    .selectFrom('bookings')
    .select('id')
    .where('starts_at', '=', at(10))
    .execute();
  carlBooking = Number(carlRow?.id);
});

afterAll(async () => {
  await h?.stop();
});

/** Opens today's agenda as `chat`: /admin, then the Agenda button (one tap). */
async function openAgenda(chat: SandboxChat): Promise<string> {
  await chat.send('/admin');
  await chat.waitFor('Console');
  await chat.press('📅 Agenda');
  return (await chat.waitFor('Today')).text;
}

describe('the day agenda', () => {
  it('lists today by specialist, one line per booking; staff see their own only', async () => {
    const agenda = await openAgenda(owner);
    expect(agenda).toContain('All specialists');
    expect(agenda).toContain('10:00 Carl · Haircut · Anna');
    expect(agenda).toContain('11:00 Dora · Haircut · Boris');
    expect(agenda).toContain('12:00 Eve · Haircut · Anna');
    await owner.press('Anna');
    const annas = await owner.waitFor('· Anna');
    expect(annas.text).toContain('10:00 Carl · Haircut');
    expect(annas.text).not.toContain('Dora');
    await owner.press('Tomorrow');
    await owner.waitFor('No bookings.');
    await owner.press('Week');
    const week = await owner.waitFor('12:00 Eve');
    expect(week.text).toContain('10:00 Carl');
    expect(week.text).not.toContain('Dora');
    await owner.press('All specialists');
    await owner.waitFor('11:00 Dora · Haircut · Boris');

    const own = await openAgenda(boris);
    expect(own).toContain('11:00 Dora · Haircut');
    expect(own).not.toContain('Carl');
    expect(boris.buttons().flat()).not.toContain('Anna');
  });

  it('a card shows the client, phone, visits, price and comment; came only after the start', async () => {
    await openAgenda(owner);
    await owner.press('10:00 Carl');
    const card = await owner.waitFor('Visits: 0');
    expect(card.text).toContain('Carl');
    expect(card.text).toContain('+7 912 000 00 00');
    expect(card.text).toContain('₽1,500');
    expect(card.text).toContain('no comment');
    await owner.press('✅ Came');
    expect((await owner.waitForCallbackAnswer()).text).toContain('has not started yet');
    expect((await getBooking(h.tenant.db, carlBooking)).status).toBe('confirmed');

    await owner.press('💬 Comment');
    await owner.waitFor('Send the comment');
    await owner.send('Prefers it short');
    await owner.waitFor('Comment saved');
    expect((await getBooking(h.tenant.db, carlBooking)).comment).toBe('Prefers it short');

    h.clock.set(today.set({ hour: 10, minute: 30 }));
    await owner.press('✅ Came');
    const marked = await owner.waitFor('Marked: came.');
    expect(marked.text).toContain('📌 came');
    expect((await getBooking(h.tenant.db, carlBooking)).status).toBe('completed');
    h.clock.set(today);
  });

  it('cancel asks a reason; the client gets it; Postgres holds the cancellation', async () => {
    await openAgenda(owner);
    await owner.press('11:00 Dora');
    await owner.waitFor('Visits: 0');
    await owner.press('✖ Cancel');
    await owner.waitFor('Why is this booking cancelled?');
    await owner.send('x'.repeat(501));
    await owner.waitFor('Please send the reason as text');
    await owner.send('The master is ill');
    await owner.waitFor('Cancelled. The client is told.');
    const notice = await dora.chat.waitFor('the business cancelled your booking');
    expect(notice.text).toContain('Reason: The master is ill');
    expect(notice.text).toContain('11:00');
    const stored = await getBooking(h.tenant.db, doraBooking);
    expect(stored).toMatchObject({ status: 'cancelled', cancelReason: 'The master is ill' });
    expect(stored.cancelledBy).toMatch(/^admin:/);
  });

  it('move picks a day and time from the calendar; atomic; the client is told', async () => {
    await openAgenda(owner);
    await owner.press('12:00 Eve');
    await owner.waitFor('Visits: 0');
    await owner.press('🔁 Move');
    await owner.waitFor('choose a new day');
    await owner.press('Boris');
    await owner.waitFor('choose a new day');
    const tuesday = today.plus({ days: 1 });
    await owner.press(
      owner
        .buttons()
        .flat()
        .find((text) => new RegExp(`^${tuesday.day}[•✕]?$`).test(text)) ?? '?',
    );
    await owner.waitFor('choose a time');
    await owner.press('15:00');
    const moved = await owner.waitFor('Moved. The client is told.');
    expect(moved.text).toContain('Boris');
    const notice = await eve.chat.waitFor('Your booking was moved by the business');
    expect(notice.text).toContain('15:00');
    expect(notice.text).toContain('Boris');
    const stored = await getBooking(h.tenant.db, eveBooking);
    expect(stored.staffId).toBe(h.salon.boris);
    expect(stored.startsAt.toISOString()).toBe(tuesday.set({ hour: 15 }).toJSDate().toISOString());
    expect((await getBookingHistory(h.tenant.db, eveBooking)).map((entry) => entry.action)).toEqual(
      ['created', 'rescheduled'],
    );
  });
});

describe('agenda permissions', () => {
  it('staff replaying an admin button on another specialist booking: refused, unchanged, audited', async () => {
    await openAgenda(owner);
    await owner.press('10:00 Carl');
    await owner.waitFor('Visits');
    const comment = buttonData(owner, '💬 Comment');
    const card = buttonData(owner, /^10:00 Carl$/);
    const before = await getBooking(h.tenant.db, carlBooking);

    await boris.pressData(card);
    expect((await boris.waitForCallbackAnswer()).text).toBe(
      'You can only manage your own schedule.',
    );
    await boris.pressData(comment);
    expect((await boris.waitForCallbackAnswer()).text).toBe(
      'You can only manage your own schedule.',
    );
    const [latest] = await refusals(h.tenant.db);
    expect(latest).toMatchObject({
      actor: expect.stringMatching(/^admin:/),
      target: `booking:${carlBooking}`,
      details: { reason: 'not_own_schedule', role: 'staff', attempted: 'console.agenda.comment' },
    });
    expect(await getBooking(h.tenant.db, carlBooking)).toEqual(before);
  });

  it('a customer replaying agenda buttons: refused, unchanged, each refusal audited', async () => {
    await owner.send('/admin');
    await owner.waitFor('Console');
    const agenda = buttonData(owner, '📅 Agenda');
    await owner.press('📅 Agenda');
    await owner.waitFor('Today');
    const buttons = [agenda, buttonData(owner, 'Week'), buttonData(owner, /^10:00 Carl$/)];
    const before = (await refusals(h.tenant.db)).length;
    const auditBefore = (await listAuditLog(h.tenant.db, { limit: 1000 })).length;
    for (const data of buttons) {
      await carl.chat.pressData(data);
      expect((await carl.chat.waitForCallbackAnswer()).text).toBe(
        'This is only for the business team.',
      );
    }
    const after = await refusals(h.tenant.db);
    expect(after.length).toBe(before + buttons.length);
    expect(after[0]).toMatchObject({ actor: `telegram:${carl.userId}` });
    // Nothing but the refusals was written.
    expect((await listAuditLog(h.tenant.db, { limit: 1000 })).length).toBe(
      auditBefore + buttons.length,
    );
  });
});
