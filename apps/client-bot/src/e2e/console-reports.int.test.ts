import { randomInt } from 'node:crypto';
import {
  addAdmin,
  bookAppointment,
  cancelBooking,
  completeBooking,
  leaveFeedback,
  listAuditLog,
  markNoShow,
  recordAudit,
  upsertClient,
} from '@booking/core';
import type { SandboxChat } from '@booking/sandbox';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonData, refusals } from '../testing/console.js';
import { type Harness, nextMonday, startHarness, ZONE } from '../testing/harness.js';

let h: Harness;
let owner: SandboxChat;
let monday: DateTime;
const ownerId = randomInt(1_000_000_000, 2_000_000_000);
const system = { kind: 'system', name: 'test' } as const;
let period: string;

beforeAll(async () => {
  h = await startHarness({ ownerTelegramId: ownerId });
  owner = h.chat({ name: 'Olga', id: ownerId }).chat;
  monday = nextMonday(0);
  period = `${monday.toFormat('dd.MM.yyyy')} ${monday.plus({ days: 1 }).toFormat('dd.MM.yyyy')}`;
  const now = h.clock.now();
  const client = async (name: string, telegramUserId: number) =>
    (await upsertClient(h.tenant.db, { telegramUserId, name, phone: '+79120000001', locale: 'ru' }))
      .id;
  const katya = await client('Катя Иванова', randomInt(1e9, 2e9));
  const forger = await client('=HYPERLINK("http://evil")', randomInt(1e9, 2e9));
  const pablo = await client('Pablo', randomInt(1e9, 2e9));
  const book = (clientId: number, staffId: number, serviceId: number, at: DateTime) =>
    bookAppointment(
      h.tenant.db,
      { clientId, serviceId, staffId, startsAt: at.toJSDate(), comment: '' },
      { now, actor: system },
    );
  const { anna, boris, haircutId, manicureId } = h.salon;
  const visited = await book(katya, anna, haircutId, monday.set({ hour: 10 }));
  const missed = await book(forger, boris, haircutId, monday.set({ hour: 12 }));
  const cancelled = await book(pablo, anna, manicureId, monday.set({ hour: 14 }));
  await book(katya, anna, haircutId, monday.plus({ days: 1 }).set({ hour: 10 }));
  const evening = monday.set({ hour: 20 }).toJSDate();
  await completeBooking(h.tenant.db, { bookingId: visited.id, actor: system, now: evening });
  await markNoShow(h.tenant.db, { bookingId: missed.id, actor: system, now: evening });
  await cancelBooking(h.tenant.db, {
    bookingId: cancelled.id,
    actor: { kind: 'admin', adminId: 1 },
    reason: 'asked by phone',
    now,
  });
  await leaveFeedback(
    h.tenant.db,
    { bookingId: visited.id, clientId: katya, rating: 5, comment: '' },
    evening,
  );
});

afterAll(async () => {
  await h?.stop();
});

async function openSection(label: string): Promise<string> {
  await owner.send('/admin');
  await owner.waitFor('You are the owner');
  const data = buttonData(owner, label);
  await owner.press(label);
  return data;
}

describe('console: export', () => {
  it('sends the bookings of a typed period as a CSV file Excel opens, and audits it', async () => {
    await openSection('📤 Export');
    await owner.waitFor('Bookings as a CSV file');
    await owner.send('April');
    await owner.waitFor('Please type a period as two dates');
    await owner.send(
      `${monday.plus({ days: 1 }).toFormat('dd.MM.yyyy')} ${monday.toFormat('dd.MM.yyyy')}`,
    );
    await owner.waitFor('The period must start before it ends');
    await owner.send(period);
    const message = await owner.waitFor(/Bookings .* – .*: 4/);
    const fileId = message.document?.file_id;
    expect(message.document?.file_name).toBe(
      `bookings_${monday.toISODate()}_${monday.plus({ days: 1 }).toISODate()}.csv`,
    );
    const data = h.sandbox.telegram.file(fileId as string)?.data as Buffer;
    expect([...data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = data.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(',Haircut,Anna,Катя Иванова,');
    expect(lines[1]).toContain(',completed,1500.00,RUB,');
    // A name a spreadsheet would run as a formula is quoted and defused.
    expect(lines[2]).toContain(`,"'=HYPERLINK(""http://evil"")",`);
    expect(lines[2]).toContain(',no_show,');
    expect(lines[3]).toContain(',cancelled,');
    // The set-up closed bookings in the evening ahead: the log, in time order, has them
    // above the export, written at the bot's clock.
    const entry = (await listAuditLog(h.tenant.db)).find(
      (logged) => logged.action === 'bookings.exported',
    );
    expect(entry).toMatchObject({
      action: 'bookings.exported',
      actor: expect.stringMatching(/^admin:\d+$/),
      details: { rows: 4, from: monday.toISODate() },
    });
  });

  it('a preset exports at one press', async () => {
    await openSection('📤 Export');
    await owner.press('Last 30 days');
    await owner.waitFor(/Bookings .*: \d+/);
  });
});

describe('console: statistics', () => {
  it('shows bookings, cancellations, no-show rate, revenue, tops, rating and returning share', async () => {
    await openSection('📊 Statistics');
    await owner.waitFor('Choose a period');
    await owner.send(period);
    const { text } = await owner.waitFor('Top specialists');
    expect(text).toContain('Bookings: 4 (visited 1, upcoming 1)');
    expect(text).toContain('Cancellations: 1');
    expect(text).toContain('No-shows: 1 (50% of visits due)');
    expect(text).toMatch(/Revenue: ₽1,500/);
    expect(text).toMatch(/Still expected: ₽1,500/);
    expect(text).toContain('Average rating: ★ 5 (1 ratings)');
    expect(text).toContain('Returning clients: 0% of 2');
    expect(text).toMatch(/Top services\n1\. Haircut: 3 · ₽4,500/);
    expect(text).toMatch(/Top specialists\n1\. Anna: 2 · ₽3,000\n2\. Boris: 1 · ₽1,500/);
  });

  it('asks again for a period it cannot read, and a preset under the figures shows its own', async () => {
    await openSection('📊 Statistics');
    await owner.waitFor('Choose a period');
    await owner.send('April');
    await owner.waitFor('Please type a period as two dates');
    await owner.send(period);
    await owner.waitFor('Top specialists');
    await owner.press('Last 30 days');
    const today = DateTime.fromJSDate(h.clock.now(), { zone: ZONE }).startOf('day');
    const from = today.minus({ days: 29 }).toFormat('yyyy-MM-dd');
    const { text } = await owner.waitFor(`Statistics ${from} – ${today.toFormat('yyyy-MM-dd')}`);
    expect(text).toContain('Top specialists');
  });
});

describe('console: audit log', () => {
  it('pages the log for the owner, newest first', async () => {
    for (let i = 1; i <= 12; i++) {
      await recordAudit(
        h.tenant.db,
        { actor: 'admin:1', action: `test.entry_${i}`, target: null, details: {} },
        h.clock.now(),
      );
    }
    await openSection('🧾 Audit log');
    const first = await owner.waitFor('Audit log, newest first (page 1)');
    expect(first.text).toContain('test.entry_12');
    expect(first.text).not.toContain('test.entry_2\n');
    await owner.press('Older ▶');
    const second = await owner.waitFor('(page 2)');
    expect(second.text).toContain('test.entry_2');
    expect(second.text).not.toContain('test.entry_12');
    await owner.press('◀ Newest');
    await owner.waitFor('(page 1)');
  });
});

describe('console reports: permissions', () => {
  it('refuses customers and staff who replay export, statistics and audit buttons', async () => {
    // Enough entries for a second page of the log.
    for (let i = 1; i <= 11; i++) {
      await recordAudit(
        h.tenant.db,
        { actor: 'admin:1', action: 'test.filler', target: null, details: {} },
        h.clock.now(),
      );
    }
    await openSection('📤 Export');
    await owner.waitFor('Bookings as a CSV file');
    const exportPreset = buttonData(owner, 'This month');
    await openSection('📊 Statistics');
    await owner.waitFor('Choose a period');
    const statsPreset = buttonData(owner, 'This month');
    await openSection('🧾 Audit log');
    await owner.waitFor('(page 1)');
    const older = buttonData(owner, 'Older ▶');

    const staffUser = randomInt(1_000_000_000, 2_000_000_000);
    await addAdmin(
      h.tenant.db,
      { telegramUserId: staffUser, role: 'staff', staffId: h.salon.anna },
      'test',
    );
    const staff = h.chat({ name: 'Anna', id: staffUser }).chat;
    await staff.send('/admin');
    await staff.waitFor('You are a specialist');
    expect(staff.buttons().flat()).not.toContain('📤 Export');
    const customer = h.chat({ name: 'Carl' }).chat;
    await customer.send('/start');
    await customer.waitFor('Welcome to');

    const exportsBefore = (await listAuditLog(h.tenant.db, { limit: 1000 })).filter(
      (entry) => entry.action === 'bookings.exported',
    ).length;
    const refusedBefore = (await refusals(h.tenant.db)).length;
    for (const chat of [customer, staff]) {
      for (const data of [exportPreset, statsPreset, older]) {
        await chat.pressData(data);
        const answer = await chat.waitForCallbackAnswer();
        expect(answer.text).toMatch(/only for the business team|Your role cannot do this/);
      }
      expect(chat.botMessages().some((m) => m.document !== undefined)).toBe(false);
      expect(chat.botMessages().some((m) => m.text.includes('Statistics'))).toBe(false);
      expect(chat.botMessages().some((m) => m.text.includes('Audit log'))).toBe(false);
    }
    const refused = await refusals(h.tenant.db);
    expect(refused.length).toBe(refusedBefore + 6);
    expect(new Set(refused.slice(0, 6).map((entry) => entry.details.attempted))).toEqual(
      new Set(['console.ex.p', 'console.ss.p', 'console.au.p']),
    );
    expect(
      (await listAuditLog(h.tenant.db, { limit: 1000 })).filter(
        (entry) => entry.action === 'bookings.exported',
      ).length,
    ).toBe(exportsBefore);
  });
});
