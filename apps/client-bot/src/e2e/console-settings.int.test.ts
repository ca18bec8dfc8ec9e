import { randomInt } from 'node:crypto';
import {
  addAdmin,
  createSpecialist,
  getSettings,
  getWorkingHours,
  listAuditLog,
  listTextTemplates,
} from '@booking/core';
import type { SandboxChat } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonData, refusals } from '../testing/console.js';
import { type Harness, startHarness } from '../testing/harness.js';

let h: Harness;
let owner: SandboxChat;
const ownerId = randomInt(1_000_000_000, 2_000_000_000);

beforeAll(async () => {
  h = await startHarness({ ownerTelegramId: ownerId });
  owner = h.chat({ name: 'Olga', id: ownerId }).chat;
});
afterAll(async () => {
  await h?.stop();
});

function pressStartingWith(chat: SandboxChat, start: string) {
  const label = chat
    .buttons()
    .flat()
    .find((text) => text.startsWith(start));
  return chat.press(label ?? start);
}

describe('console settings and texts', () => {
  it('shows every setting with its value and validates a change', async () => {
    await owner.send('/admin');
    await owner.waitFor('Console');
    await owner.press('🔧 Settings');
    await owner.waitFor('Press a setting');
    expect(owner.buttons().flat()).toContain('Cancellation window, h: 24');
    expect(owner.buttons().flat()).toContain('Reminders, min before: 1440, 120');
    await owner.press('Cancellation window, h: 24');
    await owner.waitFor('Now: 24');
    await owner.send('soon');
    await owner.waitFor('Type a whole number from 0 to 336');
    await owner.send('500');
    await owner.waitFor('That value does not fit');
    await owner.send('12');
    await owner.waitFor('✅ Cancellation window, h: 12');
    expect((await getSettings(h.tenant.db)).cancellationWindowHours).toBe(12);
    const [entry] = await listAuditLog(h.tenant.db, { limit: 1 });
    expect(entry).toMatchObject({
      action: 'settings.updated',
      target: 'settings:cancellationWindowHours',
      details: { from: 24, to: 12 },
    });
  });

  it('shows the hours of new specialists and validates a change', async () => {
    const workday = [{ start: '09:00', end: '18:00' }];
    const before = { '1': workday, '2': workday, '3': workday, '4': workday, '5': workday };
    expect((await getSettings(h.tenant.db)).defaultWorkingHours).toEqual(before);
    await owner.send('/admin');
    await owner.press('🔧 Settings');
    await owner.waitFor('Press a setting');
    await owner.press('Hours of new specialists: Mon–Fri 09:00–18:00');
    await owner.waitFor('Now: Mon–Fri 09:00–18:00');

    // Not of the form: the hint says what is.
    await owner.send('weekdays from 9 to 6');
    await owner.waitFor(
      /That value does not fit\. Type one line per day or range of days \(1 is Monday, 7 Sunday\)[\s\S]*1-5 09:00-13:00, 14:00-18:00/,
    );
    // Of the form, but core refuses overlapping intervals.
    await owner.send('1-5 09:00-14:00, 13:00-18:00');
    await owner.waitFor('That value does not fit. Type one line per day');
    expect((await getSettings(h.tenant.db)).defaultWorkingHours).toEqual(before);

    await owner.send('1-5 10:00-14:00, 15:00-19:00\n6 10:00-16:00\n7 off');
    await owner.waitFor(
      '✅ Hours of new specialists: Mon–Fri 10:00–14:00, 15:00–19:00; Sat 10:00–16:00',
    );
    const weekday = [
      { start: '10:00', end: '14:00' },
      { start: '15:00', end: '19:00' },
    ];
    const after = {
      '1': weekday,
      '2': weekday,
      '3': weekday,
      '4': weekday,
      '5': weekday,
      '6': [{ start: '10:00', end: '16:00' }],
      '7': [],
    };
    expect((await getSettings(h.tenant.db)).defaultWorkingHours).toEqual(after);
    const [entry] = await listAuditLog(h.tenant.db, { limit: 1 });
    expect(entry).toMatchObject({
      action: 'settings.updated',
      target: 'settings:defaultWorkingHours',
      details: { from: before, to: after },
    });
    // The list shows the new value at once.
    await owner.press('🔧 Settings');
    await owner.waitFor('Press a setting');
    expect(owner.buttons().flat()).toContain(
      'Hours of new specialists: Mon–Fri 10:00–14:00, 15:00–19:00; Sat 10:00–16:00',
    );
    // A specialist added now starts with them (a day off is no hours at all).
    const newcomer = await createSpecialist(h.tenant.db, { name: 'Nina' });
    const { '7': _sunday, ...working } = after;
    expect(await getWorkingHours(h.tenant.db, newcomer.id)).toEqual(working);
  });

  it('edits a customer text with a preview, customers see it, and reset brings the default back', async () => {
    const { chat: customer } = h.chat({ name: 'Carl' });
    await owner.send('/admin');
    await owner.press('📝 Texts');
    await owner.waitFor('Which language?');
    await owner.press('English');
    await owner.waitFor('page 1 of');
    await owner.press('start.greeting');
    await owner.waitFor('Welcome to {business}!');
    await owner.press('✏️ Edit');
    await owner.waitFor('Keep the placeholders {business}');
    await owner.send('Hello there');
    await owner.waitFor('must keep exactly these placeholders: {business}');
    await owner.send('Hola from {business}, come <in>!');
    await owner.waitFor('Customers now see:\n\nHola from {business}, come <in>!');
    expect(await listTextTemplates(h.tenant.db, 'en')).toEqual([
      expect.objectContaining({ key: 'start.greeting', text: 'Hola from {business}, come <in>!' }),
    ]);
    await customer.send('/start');
    await customer.waitFor('Hola from Test Salon, come <in>!');

    await pressStartingWith(owner, '↩️');
    await owner.waitFor('Back to the default');
    expect(await listTextTemplates(h.tenant.db, 'en')).toEqual([]);
    await customer.send('/start');
    await customer.waitFor('Welcome to Test Salon!');
    const actions = (await listAuditLog(h.tenant.db, { limit: 2 })).map((entry) => entry.action);
    expect(actions).toEqual(['text.reset', 'text.updated']);
  });

  it('staff and customers replaying settings and texts buttons are refused and audited', async () => {
    await owner.send('/admin');
    await owner.press('🔧 Settings');
    await owner.waitFor('Press a setting');
    const edit = buttonData(owner, /^Business name/);
    const staffUser = randomInt(1_000_000_000, 2_000_000_000);
    await addAdmin(
      h.tenant.db,
      { telegramUserId: staffUser, role: 'staff', staffId: h.salon.anna },
      'test',
    );
    const before = (await refusals(h.tenant.db)).length;
    for (const forger of [h.chat({ id: staffUser }).chat, h.chat({ name: 'Eve' }).chat]) {
      await forger.send('/start');
      await forger.waitFor('Welcome to');
      await forger.pressData(edit);
      await forger.waitForCallbackAnswer();
      // Typing a value afterwards changes nothing either.
      await forger.send('Forged Salon');
      await forger.waitFor(/./);
    }
    expect((await getSettings(h.tenant.db)).businessName).toBe('Test Salon');
    const rows = await refusals(h.tenant.db);
    expect(rows.length - before).toBe(2);
    expect(rows.map((row) => row.details.attempted).slice(0, 2)).toEqual([
      'console.st.e',
      'console.st.e',
    ]);
  });
});
