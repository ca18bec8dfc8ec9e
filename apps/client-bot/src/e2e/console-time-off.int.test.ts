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

/** Opens "special hours" for `whom` (a specialist's name or the whole business). */
async function openHours(whom: string): Promise<void> {
  await owner.send('/admin');
  await owner.waitFor('Console');
  await owner.press('🌴 Time off');
  await owner.waitFor('Block time for a specialist');
  await owner.press('🕘 Special hours');
  await owner.waitFor('For whom?');
  await owner.press(whom);
  await owner.waitFor('type the date and its hours');
}

function overridesOn(day: typeof monday) {
  const date = day.toISODate() as string;
  return listDateOverrides(h.tenant.db, { from: date, to: date });
}

describe('console time off', () => {
  let lena: ReturnType<Harness['chat']>;

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

  it('special hours list the bookings left outside; kept, they stay and nobody is told', async () => {
    const tuesday = monday.plus({ days: 1 });
    lena = h.chat({ name: 'Lena' });
    await lena.chat.send('/start');
    await lena.chat.waitFor(/./);
    const lenaClient = await h.knownClient(lena.userId, 'Lena');
    const egor = await h.knownClient(randomInt(1_000_000_000, 2_000_000_000), 'Egor');
    const late = await bookAt(lenaClient, h.salon.anna, 16, tuesday);
    const inside = await bookAt(egor, h.salon.boris, 10, tuesday);

    await openHours('🏢 Whole business');
    await owner.send(`${tuesday.toFormat('dd.MM')} 12:00-15:00, 14:00-16:00`);
    await owner.waitFor('I cannot read that');
    expect(await overridesOn(tuesday)).toEqual([]);
    await owner.send(`${tuesday.toFormat('dd.MM')} 10:00-13:00, 14:00-16:00`);
    await owner.waitFor('1 booking(s) fall outside these hours');
    // Nothing is saved before the choice.
    expect(await overridesOn(tuesday)).toEqual([]);
    await owner.send('Short day');
    const preview = await owner.waitFor('Bookings outside the new hours (1)');
    expect(preview.text).toContain('16:00 · Lena · Haircut · Anna');
    expect(preview.text).not.toContain('Egor');
    expect(owner.buttons().flat()).toEqual([
      '✖ Cancel them, tell clients',
      '📌 Keep them',
      '« Back',
      '✖ Cancel',
    ]);
    await owner.press('📌 Keep them');
    const done = await owner.waitFor('1 booking(s) kept.');
    expect(done.text).toContain('Whole business');
    expect(done.text).toContain('10:00–13:00, 14:00–16:00');

    expect(await overridesOn(tuesday)).toEqual([
      expect.objectContaining({
        staffId: null,
        intervals: [
          { start: '10:00', end: '13:00' },
          { start: '14:00', end: '16:00' },
        ],
      }),
    ]);
    for (const booking of [late, inside]) {
      expect((await getBooking(h.tenant.db, booking.id)).status).toBe('confirmed');
    }
    const [audit] = await listAuditLog(h.tenant.db, { limit: 1 });
    expect(audit).toMatchObject({ action: 'date_override.set', details: { bookings: 'keep' } });
  }, 60_000);

  it('special hours cancel the bookings left outside, telling each client the reason', async () => {
    const wednesday = monday.plus({ days: 2 });
    const thursday = monday.plus({ days: 3 });
    // Lena, whose booking was kept in the test before.
    const lenaClient = await h.knownClient(lena.userId, 'Lena');
    const early = await bookAt(lenaClient, h.salon.anna, 11, wednesday);
    const borisDay = await bookAt(lenaClient, h.salon.boris, 12, wednesday);

    // A date with no booking outside the new hours is set at once.
    await openHours('Boris');
    await owner.send(`${thursday.toFormat('dd.MM')} 12:00-16:00`);
    await owner.waitFor('✅ Boris on');
    expect(await overridesOn(thursday)).toEqual([
      expect.objectContaining({
        staffId: h.salon.boris,
        intervals: [{ start: '12:00', end: '16:00' }],
      }),
    ]);

    await openHours('Anna');
    await owner.send(`${wednesday.toFormat('dd.MM')} off`);
    await owner.waitFor('1 booking(s) fall outside these hours');
    await owner.send('Staff training');
    const preview = await owner.waitFor('Bookings outside the new hours (1)');
    expect(preview.text).toContain('closed');
    expect(preview.text).toContain('11:00 · Lena · Haircut · Anna');
    await owner.press('✖ Cancel them, tell clients');
    const done = await owner.waitFor('1 booking(s) cancelled; each client is told.');
    expect(done.text).toContain('Anna');

    const notice = await lena.chat.waitFor('the business cancelled your booking');
    expect(notice.text).toContain('Reason: Staff training');
    // The notice of this cancellation is her only one: keeping told her nothing.
    const notices = lena.chat
      .botMessages()
      .filter((message) => message.text.includes('cancelled your booking'));
    expect(notices).toHaveLength(1);
    expect(await getBooking(h.tenant.db, early.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Staff training',
    });
    expect((await getBooking(h.tenant.db, borisDay.id)).status).toBe('confirmed');
    expect(await overridesOn(wednesday)).toEqual([
      expect.objectContaining({ staffId: h.salon.anna, intervals: [] }),
    ]);
    const actions = (await listAuditLog(h.tenant.db, { limit: 2 })).map((entry) => entry.action);
    expect(actions).toEqual(['booking.cancelled', 'date_override.set']);
  }, 60_000);

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

  it('a bad period, reason or hours says what is expected (ru), blocking nothing', async () => {
    const adminUser = randomInt(1_000_000_000, 2_000_000_000);
    await addAdmin(h.tenant.db, { telegramUserId: adminUser, role: 'admin' }, 'test');
    const admin = h.chat({ name: 'Инна', id: adminUser, language: 'ru' }).chat;
    const friday = monday.plus({ days: 4 });
    const blocked = () =>
      listBlockedPeriods(h.tenant.db, {
        from: friday.toJSDate(),
        until: friday.plus({ days: 1 }).toJSDate(),
      });
    const start = async (mode: string) => {
      await admin.send('/admin');
      await admin.waitFor('Чем займёмся?');
      await admin.press('🌴 Выходные');
      await admin.press(mode);
      await admin.waitFor('Для кого?');
      await admin.press('🏢 Всё заведение');
    };
    await start('🚫 Закрыть время');
    await admin.waitFor('какое время?');
    for (const bad of ['в пятницу', `${friday.toFormat('dd.MM')} 18:00-14:00`, '31.02']) {
      await admin.send(bad);
      await admin.waitFor('Не получилось прочитать период в будущем. Напишите, например');
      expect(admin.buttons()).toEqual([['« Назад', '✖ Отмена']]);
    }
    await admin.send(friday.toFormat('dd.MM'));
    await admin.waitFor('Причина?');
    await admin.send('п'.repeat(201));
    await admin.waitFor('Напишите причину от 1 до 200 символов.');
    // Back leads a step back each time: to the period, then to whom.
    await admin.press('« Назад');
    await admin.waitFor('какое время?');
    await admin.press('« Назад');
    await admin.waitFor('Для кого?');
    await admin.press('✖ Отмена');
    await admin.waitFor('Чем займёмся?');
    expect(await blocked()).toEqual([]);

    await start('🕘 Особые часы');
    await admin.waitFor('напишите дату и часы');
    for (const bad of [
      `${friday.toFormat('dd.MM')} иногда`,
      `${friday.toFormat('dd.MM')} 10:00-14:00, 13:00-18:00`,
      `${monday.minus({ days: 1 }).toFormat('dd.MM.yyyy')} 10:00-14:00`,
    ]) {
      await admin.send(bad);
      await admin.waitFor('дата не раньше сегодня, интервалы не пересекаются');
    }
    expect(await overridesOn(friday)).toEqual([]);
  }, 60_000);
});
