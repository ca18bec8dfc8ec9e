import { randomInt } from 'node:crypto';
import { callbackCodecFor } from '@booking/bot-kit';
import {
  addAdmin,
  bookAppointment,
  getBooking,
  getBookingHistory,
  getSettings,
  listAuditLog,
  listServices,
} from '@booking/core';
import { TEST_ENCRYPTION_KEY } from '@booking/core/testing';
import type { SandboxChat } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AG } from '../features/console/agenda/state.js';
import { CONSOLE_CB } from '../features/console/callbacks.js';
import { SU } from '../features/console/setup/state.js';
import { WI } from '../features/console/walk-in/state.js';
import { buttonData, refusals } from '../testing/console.js';
import { type Harness, nextMonday, startHarness } from '../testing/harness.js';

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

describe('console access', () => {
  it('the owner of provisioning gets Manage and /admin; the console menu knows their role', async () => {
    await owner.send('/start');
    await owner.waitFor('Welcome to');
    expect(owner.buttons().flat()).toContain('⚙️ Manage');
    await owner.press('⚙️ Manage');
    await owner.waitFor('You are the owner');
    await owner.send('/admin');
    await owner.waitFor('You are the owner');
  });

  it('a customer never sees the console, and a replayed console button is refused and audited', async () => {
    await owner.send('/start');
    await owner.waitFor('Welcome to');
    const manage = buttonData(owner, '⚙️ Manage');

    const { chat, userId } = h.chat({ name: 'Carl' });
    await chat.send('/start');
    await chat.waitFor('Welcome to');
    expect(chat.buttons().flat()).not.toContain('⚙️ Manage');
    await chat.send('/admin');
    await chat.waitFor('I do not know that command');
    expect(chat.buttons().flat()).not.toContain('⚙️ Manage');

    const before = (await listAuditLog(h.tenant.db)).length;
    await chat.pressData(manage);
    expect((await chat.waitForCallbackAnswer()).text).toBe('This is only for the business team.');
    expect(chat.last()?.text).not.toContain('Console');
    const [refusal] = await refusals(h.tenant.db);
    expect(refusal).toMatchObject({
      actor: `telegram:${userId}`,
      action: 'access.refused',
      details: { attempted: 'console.a', reason: 'not_admin', role: 'customer' },
    });
    // The refusal is the only row written.
    expect((await listAuditLog(h.tenant.db)).length).toBe(before + 1);
  });

  it('staff see the console too, in their own words, in Russian', async () => {
    const staffUser = randomInt(1_000_000_000, 2_000_000_000);
    await addAdmin(
      h.tenant.db,
      { telegramUserId: staffUser, role: 'staff', staffId: h.salon.anna },
      'test',
    );
    const { chat } = h.chat({ name: 'Anna', id: staffUser, language: 'ru' });
    await chat.send('/admin');
    await chat.waitFor('Вы специалист');
    await chat.press('👁 Меню клиента');
    await chat.waitFor('Добро пожаловать');
    expect(chat.buttons().flat()).toContain('⚙️ Управление');
  });

  it('every console action, its button replayed by a customer or by staff out of their reach: refused, unchanged, audited', async () => {
    // A signed button as the bot made it: what a leaked or replayed button carries.
    const codec = callbackCodecFor(TEST_ENCRYPTION_KEY, h.tenant.slug);
    const carl = h.chat({ name: 'Carl' });
    const clientId = await h.knownClient(carl.userId, 'Carl');
    const booking = await bookAppointment(
      h.tenant.db,
      {
        clientId,
        serviceId: h.salon.haircutId,
        staffId: h.salon.anna,
        startsAt: nextMonday(10).toJSDate(),
      },
      { now: h.clock.now() },
    );
    const staffUser = randomInt(1_000_000_000, 2_000_000_000);
    await addAdmin(
      h.tenant.db,
      { telegramUserId: staffUser, role: 'staff', staffId: h.salon.boris },
      'test',
    );
    const boris = h.chat({ name: 'Boris', id: staffUser });
    const minutes = Math.round(booking.startsAt.getTime() / 60_000) + 60;
    const actions: Array<{ data: string; staff: string | undefined }> = [
      { data: codec.encode(CONSOLE_CB.home), staff: undefined },
      { data: codec.encode(CONSOLE_CB.section, 'agenda'), staff: undefined },
      { data: codec.encode(AG.card, booking.id), staff: 'not_own_schedule' },
      { data: codec.encode(AG.came, booking.id), staff: 'not_own_schedule' },
      { data: codec.encode(AG.noShow, booking.id), staff: 'not_own_schedule' },
      { data: codec.encode(AG.cancel, booking.id), staff: 'not_own_schedule' },
      { data: codec.encode(AG.comment, booking.id), staff: 'not_own_schedule' },
      { data: codec.encode(AG.move, booking.id), staff: 'not_own_schedule' },
      {
        data: codec.encode(AG.moveDay, booking.id, h.salon.anna, '2030-01-01'),
        staff: 'not_own_schedule',
      },
      {
        data: codec.encode(AG.moveTime, booking.id, minutes, h.salon.anna),
        staff: 'not_own_schedule',
      },
      { data: codec.encode(WI.staff, h.salon.anna), staff: 'not_own_schedule' },
      { data: codec.encode(WI.time, minutes, h.salon.anna), staff: 'not_own_schedule' },
      { data: codec.encode(WI.outside, '2030-01-01'), staff: 'role' },
      { data: codec.encode(WI.newClient), staff: undefined },
      { data: codec.encode(SU.skip, 'address'), staff: 'role' },
      { data: codec.encode(SU.keepZone), staff: 'role' },
      { data: codec.encode(SU.me), staff: 'role' },
      { data: codec.encode(SU.preset, 'weekdays'), staff: 'role' },
      { data: codec.encode(SU.editDays), staff: 'role' },
      { data: codec.encode(SU.keep, 'name'), staff: 'role' },
      { data: codec.encode(SU.back, 'address'), staff: 'role' },
      { data: codec.encode(SU.cancel), staff: 'role' },
    ];
    await carl.chat.send('/start');
    await carl.chat.waitFor('Welcome to');
    await boris.chat.send('/admin');
    await boris.chat.waitFor('You are a specialist');
    const before = await snapshot(booking.id);
    for (const { data, staff } of actions) {
      const refusedBefore = (await refusals(h.tenant.db)).length;
      await carl.chat.pressData(data);
      expect((await carl.chat.waitForCallbackAnswer()).text).toBe(
        'This is only for the business team.',
      );
      const expected = staff === undefined ? 1 : 2;
      if (staff !== undefined) {
        await boris.chat.pressData(data);
        await boris.chat.waitForCallbackAnswer();
      }
      const added = (await refusals(h.tenant.db)).slice(0, expected);
      expect((await refusals(h.tenant.db)).length, data).toBe(refusedBefore + expected);
      if (staff !== undefined) {
        expect(added[0]?.details, data).toMatchObject({ reason: staff, role: 'staff' });
      }
      expect(added.at(-1)?.details, data).toMatchObject({ reason: 'not_admin', role: 'customer' });
    }
    expect(await snapshot(booking.id)).toEqual(before);
  });
});

/** What a refused action must leave as it was: the booking, its history, the catalogue. */
async function snapshot(bookingId: number) {
  const { db } = h.tenant;
  return {
    booking: await getBooking(db, bookingId),
    history: await getBookingHistory(db, bookingId),
    bookings: (await db.selectFrom('bookings').select('id').execute()).length,
    clients: (await db.selectFrom('clients').select('id').execute()).length,
    services: await listServices(db),
    settings: await getSettings(db),
  };
}
