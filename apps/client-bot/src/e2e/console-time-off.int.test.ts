import { randomInt } from 'node:crypto';
import {
  addAdmin,
  bookAppointment,
  getBooking,
  listAuditLog,
  listBlockedPeriods,
  listDateOverrides,
} from '@booking/core';
import type { SandboxChat } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonData, refusals } from '../testing/console.js';
import { type Harness, nextMonday, startHarness } from '../testing/harness.js';

let h: Harness;
let owner: SandboxChat;
const ownerId = randomInt(1_000_000_000, 2_000_000_000);
const monday = nextMonday(0);
const typedMonday = monday.toFormat('dd.MM');

beforeAll(async () => {
  h = await startHarness({ ownerTelegramId: ownerId, clockAt: monday.set({ hour: 7 }) });
  owner = h.chat({ name: 'Olga', id: ownerId }).chat;
});
afterAll(async () => {
  await h?.stop();
});

async function bookAt(clientId: number, staffId: number, hour: number, day = monday) {
  return bookAppointment(
    h.tenant.db,
    {
      clientId,
      serviceId: h.salon.haircutId,
      staffId,
      startsAt: day.set({ hour }).toJSDate(),
    },
    { now: h.clock.now() },
  );
}

describe('console time off', () => {
  it('blocks a specialist’s day: bookings inside are listed, cancelled, and each client is told', async () => {
    const ann = h.chat({ name: 'Ann' });
    const ben = h.chat({ name: 'Ben', language: 'ru' });
    for (const { chat } of [ann, ben]) {
      await chat.send('/start');
      await chat.waitFor(/./);
    }
    const annBooking = await bookAt(await h.knownClient(ann.userId, 'Ann'), h.salon.anna, 10);
    const benClient = await h.knownClient(ben.userId, 'Ben');
    await h.tenant.db
      .updateTable('clients')
      .set({ locale: 'ru' })
      .where('id', '=', benClient)
      .execute();
    const benBooking = await bookAt(benClient, h.salon.anna, 14);
    const borisBooking = await bookAt(benClient, h.salon.boris, 11);

    await owner.send('/admin');
    await owner.waitFor('Console');
    await owner.press('🌴 Time off');
    await owner.waitFor('Block time for a specialist');
    await owner.press('🚫 Block time');
    await owner.waitFor('For whom?');
    await owner.press('Anna');
    await owner.waitFor('which time?');
    await owner.send('tomorrow');
    await owner.waitFor('I cannot read that as a period');
    await owner.send(typedMonday);
    await owner.waitFor('Why?');
    await owner.send('Vacation');
    const preview = await owner.waitFor('Bookings inside (2)');
    expect(preview.text).toContain('Ann · Haircut');
    expect(preview.text).toContain('Ben · Haircut');
    await owner.press('✖ Cancel them, tell clients');
    await owner.waitFor('2 booking(s) cancelled');

    const annNotice = await ann.chat.waitFor('the business cancelled your booking');
    expect(annNotice.text).toContain('Reason: Vacation');
    const benNotice = await ben.chat.waitFor('Причина: Vacation');
    expect(benNotice.text).toContain('Haircut');
    for (const id of [annBooking.id, benBooking.id]) {
      expect(await getBooking(h.tenant.db, id)).toMatchObject({
        status: 'cancelled',
        cancelReason: 'Vacation',
      });
    }
    expect((await getBooking(h.tenant.db, borisBooking.id)).status).toBe('confirmed');
    const [period] = await listBlockedPeriods(h.tenant.db, {
      from: monday.toJSDate(),
      until: monday.plus({ days: 1 }).toJSDate(),
    });
    expect(period).toMatchObject({
      staffId: h.salon.anna,
      reason: 'Vacation',
      startsAt: monday.toJSDate(),
      endsAt: monday.plus({ days: 1 }).toJSDate(),
    });
    const actions = (await listAuditLog(h.tenant.db, { limit: 3 })).map((entry) => entry.action);
    expect(actions).toEqual(['booking.cancelled', 'booking.cancelled', 'blocked_period.created']);
  });

  it('sets special hours for the business on a date, naming the bookings left outside them', async () => {
    const tuesday = monday.plus({ days: 1 });
    const late = await h.knownClient(randomInt(1_000_000_000, 2_000_000_000), 'Lena');
    const early = await h.knownClient(randomInt(1_000_000_000, 2_000_000_000), 'Egor');
    await bookAt(late, h.salon.anna, 16, tuesday);
    await bookAt(early, h.salon.boris, 10, tuesday);
    await owner.send('/admin');
    await owner.waitFor('Console');
    await owner.press('🌴 Time off');
    await owner.waitFor('Block time for a specialist');
    await owner.press('🕘 Special hours');
    await owner.press('🏢 Whole business');
    await owner.waitFor('type the date and its hours');
    const date = monday.plus({ days: 1 });
    await owner.send(`${date.toFormat('dd.MM')} 12:00-15:00, 14:00-16:00`);
    await owner.waitFor('I cannot read that');
    await owner.send(`${date.toFormat('dd.MM')} 10:00-13:00, 14:00-16:00`);
    const done = await owner.waitFor('10:00–13:00, 14:00–16:00');
    expect(done.text).toContain('outside the new hours and were kept');
    expect(done.text).toContain('16:00 · Lena · Haircut · Anna');
    expect(done.text).not.toContain('Egor');
    const [override] = await listDateOverrides(h.tenant.db, {
      from: date.toISODate() as string,
      to: date.toISODate() as string,
    });
    expect(override).toMatchObject({
      staffId: null,
      intervals: [
        { start: '10:00', end: '13:00' },
        { start: '14:00', end: '16:00' },
      ],
    });
  });

  it('staff block only their own time; forged choices are refused and audited', async () => {
    const staffUser = randomInt(1_000_000_000, 2_000_000_000);
    await addAdmin(
      h.tenant.db,
      { telegramUserId: staffUser, role: 'staff', staffId: h.salon.boris },
      'test',
    );
    await owner.send('/admin');
    await owner.waitFor('Console');
    await owner.press('🌴 Time off');
    await owner.press('🚫 Block time');
    await owner.waitFor('For whom?');
    const business = buttonData(owner, '🏢 Whole business');
    const anna = buttonData(owner, 'Anna');

    const boris = h.chat({ name: 'Boris', id: staffUser }).chat;
    await boris.send('/admin');
    await boris.waitFor('You are a specialist');
    await boris.press('🌴 Time off');
    await boris.press('🚫 Block time');
    await boris.waitFor('For whom?');
    expect(boris.buttons().flat()).toEqual(['Boris', '« Back', '✖ Cancel']);
    const before = (await refusals(h.tenant.db)).length;
    for (const data of [business, anna]) {
      await boris.pressData(data);
      expect((await boris.waitForCallbackAnswer()).text).toMatch(/Your role|own schedule/);
    }
    const rows = await refusals(h.tenant.db);
    expect(rows.length - before).toBe(2);
    expect(rows.map((row) => row.details.reason).slice(0, 2)).toEqual(['not_own_schedule', 'role']);
    // Nothing asked, nothing blocked: Boris still picks a whom.
    expect(boris.last()?.text).toContain('For whom?');
  });
});
