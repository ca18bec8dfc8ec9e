import { randomInt } from 'node:crypto';
import {
  findAdminByTelegramId,
  getSettings,
  getWorkingHours,
  listServices,
  listSpecialists,
} from '@booking/core';
import type { SandboxChat } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWeekdays } from '../features/console/setup/index.js';
import { bookThroughBot, type Harness, nextMonday, startHarness } from '../testing/harness.js';

const today = nextMonday(7);
const ownerId = randomInt(1_000_000_000, 2_000_000_000);

let h: Harness;
let owner: SandboxChat;

beforeAll(async () => {
  h = await startHarness({ ownerTelegramId: ownerId, clockAt: today, emptyCatalogue: true });
  owner = h.chat({ name: 'Olga', id: ownerId }).chat;
});

afterAll(async () => {
  await h?.stop();
});

describe('first-run setup', () => {
  it('takes an empty tenant to a bookable salon; leaving midway resumes; a customer then books', async () => {
    const customer = h.chat({ name: 'Carl' });
    await customer.chat.send('/book');
    await customer.chat.waitFor('No services can be booked online');

    await owner.send('/admin');
    await owner.waitFor('Let’s open your salon');
    await owner.waitFor('1/8 · Your business name');
    await owner.send('Olga Hair');
    await owner.waitFor('2/8 · The address');
    await owner.send('Tverskaya 1');
    await owner.waitFor('3/8 · The phone');
    await owner.send('call me');
    await owner.waitFor('That is not a phone number');
    await owner.send('+7 495 123-45-67');
    await owner.waitFor('4/8 · Your time zone is Europe/Moscow');
    await owner.press('✅ Keep Europe/Moscow');
    await owner.waitFor('5/8 · Your first service');
    await owner.send('Haircut');
    await owner.waitFor('6/8 · How long does “Haircut” take');

    // The owner leaves for the customer menu; what was entered stays, /admin resumes.
    await owner.send('/start');
    await owner.waitFor('Welcome to Olga Hair');
    await owner.send('/admin');
    await owner.waitFor('6/8 · How long does “Haircut” take');
    await owner.send('an hour');
    await owner.waitFor('Please send a whole number of minutes');
    await owner.send('60');
    await owner.waitFor('7/8 · Its price');
    await owner.send('1500');
    await owner.waitFor('8/8 · Who performs it?');
    await owner.press('👤 Me (Olga)');
    await owner.waitFor('Working hours of Olga');
    await owner.press('Mon–Fri 09–18');
    const done = await owner.waitFor('Your salon is open!');
    const [service] = await listServices(h.tenant.db);
    const username = `${h.tenant.slug}_bot`;
    expect(done.text).toContain(`https://t.me/${username}`);
    expect(done.text).toContain(`Haircut: https://t.me/${username}?start=svc_${service?.id}`);
    const preview = await owner.waitFor('Preview');
    expect(preview.text).toContain('Welcome to Olga Hair');
    expect(preview.text).toContain('Tverskaya 1');
    expect(owner.buttons().flat()).toContain('📅 Book');

    expect(await getSettings(h.tenant.db)).toMatchObject({
      businessName: 'Olga Hair',
      businessAddress: 'Tverskaya 1',
      businessPhone: '+7 495 123-45-67',
      timeZone: 'Europe/Moscow',
    });
    expect(service).toMatchObject({ name: 'Haircut', durationMinutes: 60, priceMinor: 150_000 });
    const [olga] = await listSpecialists(h.tenant.db);
    expect(olga?.name).toBe('Olga');
    expect(await getWorkingHours(h.tenant.db, olga?.id ?? 0)).toMatchObject({
      '1': [{ start: '09:00', end: '18:00' }],
      '5': [{ start: '09:00', end: '18:00' }],
    });
    expect((await findAdminByTelegramId(h.tenant.db, ownerId))?.staffId).toBe(olga?.id);

    // After the setup /admin opens the console menu.
    await owner.send('/admin');
    await owner.waitFor('You are the owner');

    await h.knownClient(customer.userId, 'Carl');
    await bookThroughBot(customer.chat, {
      specialist: 'Olga',
      date: today.plus({ days: 1 }),
      time: '10:00',
      today,
    });
    const bookings = await h.tenant.db.selectFrom('bookings').selectAll().execute();
    expect(bookings).toHaveLength(1);
    expect(bookings[0]?.staff_id).toBe(olga?.id);
  });

  it('reads the weekday editor', () => {
    expect(parseWeekdays('1-5 09:00-18:00\n6 10:00-14:00')).toEqual({
      '1': [{ start: '09:00', end: '18:00' }],
      '2': [{ start: '09:00', end: '18:00' }],
      '3': [{ start: '09:00', end: '18:00' }],
      '4': [{ start: '09:00', end: '18:00' }],
      '5': [{ start: '09:00', end: '18:00' }],
      '6': [{ start: '10:00', end: '14:00' }],
    });
    expect(parseWeekdays('Mon 9-18')).toBeUndefined();
    expect(parseWeekdays('5-1 09:00-18:00')).toBeUndefined();
  });
});
