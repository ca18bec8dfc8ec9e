import { randomInt } from 'node:crypto';
import {
  addAdmin,
  getService,
  getSpecialist,
  getWorkingHours,
  listAuditLog,
  listServices,
  listSpecialistServices,
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

/** Waits until a button whose label starts with `start` is shown (a screen edited in place). */
function waitForButton(chat: SandboxChat, start: string) {
  return chat.waitUntil(`a button ${start}`, {}, () =>
    chat
      .buttons()
      .flat()
      .find((label) => label.startsWith(start)),
  );
}

async function openCatalogue(part: '💇 Services' | '👤 Specialists'): Promise<void> {
  await owner.send('/admin');
  await owner.waitFor('Console');
  await owner.press('🗂 Catalogue');
  await owner.waitFor('Catalogue');
  await owner.press(part);
  await owner.waitFor(part === '💇 Services' ? 'Press one to edit it' : 'Press one to edit them');
}

describe('console catalogue', () => {
  it('creates, edits, reorders and deactivates a service, saying what each input expects', async () => {
    await openCatalogue('💇 Services');
    await owner.press('➕ New service');
    await owner.waitFor('Type the name');
    expect(owner.buttons().flat()).toEqual(['« Back', '✖ Cancel']);
    await owner.send('Coloring');
    await owner.waitFor('Type the duration');
    await owner.send('an hour');
    await owner.waitFor('The duration is a whole number of minutes from 5 to 720');
    await owner.send('90');
    await owner.waitFor('Type the price');
    await owner.send('25 euros');
    await owner.waitFor('The price is a number such as 1500');
    await owner.send('2500');
    await owner.waitFor('⏱ 90 min');
    const created = (await listServices(h.tenant.db, { includeInactive: true })).at(-1);
    expect(created).toMatchObject({ name: 'Coloring', durationMinutes: 90, priceMinor: 250_000 });

    await owner.press('💳 Price');
    await owner.waitFor('Type the price');
    await owner.send('3000.50');
    await owner.waitFor('✅ Saved.');
    expect((await getService(h.tenant.db, created?.id ?? 0)).priceMinor).toBe(300_050);
    await owner.press('⏳ Buffers');
    await owner.send('5');
    await owner.waitFor('Type two whole numbers of minutes');
    await owner.send('5 10');
    await owner.waitFor('5 min before, 10 min after');

    await owner.press('⬆️ Up');
    await owner.waitFor('Press one to edit it');
    expect(owner.buttons().flat().slice(0, 3)).toEqual(['Haircut', 'Coloring', 'Manicure']);
    await owner.press('Coloring');
    await owner.press('⏸ Deactivate');
    await owner.waitFor('⏸ inactive');
    expect((await getService(h.tenant.db, created?.id ?? 0)).active).toBe(false);

    const { chat: customer } = h.chat({ name: 'Carl' });
    await customer.send('/book');
    await customer.waitFor('Choose a service');
    expect(
      customer
        .buttons()
        .flat()
        .some((label) => label.startsWith('Coloring')),
    ).toBe(false);
    const actions = (await listAuditLog(h.tenant.db, { limit: 5 })).map((entry) => entry.action);
    expect(actions).toEqual([
      'service.deactivated',
      'service.reordered',
      'service.updated',
      'service.updated',
      'service.created',
    ]);
  });

  it('gives a specialist a service with own terms, weekly hours with a break and a Telegram link', async () => {
    await openCatalogue('👤 Specialists');
    await owner.press('Boris');
    await owner.waitFor('Services: Haircut');
    await owner.press('💇 Services performed');
    await owner.waitFor('press a service to switch it');
    await owner.press('▫️ Manicure');
    await waitForButton(owner, '✅ Manicure');
    await owner.press('✏️ Manicure');
    await owner.waitFor('type the own duration');
    await owner.send('45');
    await owner.waitFor('Type minutes (5 to 720) and a price');
    await owner.send('45 1200');
    await owner.waitFor('Services: Haircut, Manicure');
    const terms = await listSpecialistServices(h.tenant.db, h.salon.boris);
    expect(terms.find((entry) => entry.serviceId === h.salon.manicureId)).toMatchObject({
      durationMinutes: 45,
      priceMinor: 120_000,
      customized: true,
    });

    await owner.press('🕘 Working hours');
    await owner.waitFor('Sat: day off');
    await owner.press('Sat');
    await owner.send('10:00-14:00, 13:00-19:00');
    await owner.waitFor('do not overlap');
    await owner.send('10:00-14:00, 15:00-19:00');
    await owner.waitFor('Sat: 10:00–14:00, 15:00–19:00');
    expect((await getWorkingHours(h.tenant.db, h.salon.boris))['6']).toEqual([
      { start: '10:00', end: '14:00' },
      { start: '15:00', end: '19:00' },
    ]);

    await owner.press('« Back');
    await owner.press('🔗 Link Telegram');
    await owner.waitFor('Share the specialist');
    const borisUser = randomInt(1_000_000_000, 2_000_000_000);
    await owner.sendContact({
      user_id: borisUser,
      first_name: 'Boris',
      phone_number: '+79990002233',
    });
    await owner.waitFor(`linked (${borisUser})`);
    expect((await getSpecialist(h.tenant.db, h.salon.boris)).telegramUserId).toBe(borisUser);
  });

  it('staff and customers replaying catalogue buttons are refused and audited; nothing changes', async () => {
    await openCatalogue('💇 Services');
    await owner.press('Haircut');
    await owner.waitFor('⏱ 60 min');
    const deactivate = buttonData(owner, '⏸ Deactivate');
    await owner.press('« Back');
    await owner.press('➕ New service');
    await owner.send('Waxing');
    await owner.waitFor('Type the duration');
    const backToName = buttonData(owner, '« Back');
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
      for (const data of [deactivate, backToName]) {
        await forger.pressData(data);
        expect((await forger.waitForCallbackAnswer()).text).toMatch(
          /Your role|only for the business/,
        );
      }
    }
    expect((await getService(h.tenant.db, h.salon.haircutId)).active).toBe(true);
    expect((await refusals(h.tenant.db)).length - before).toBe(4);
  });

  it('the new-service wizard: Back keeps what was typed, Cancel leaves with nothing created', async () => {
    const count = async () => (await listServices(h.tenant.db, { includeInactive: true })).length;
    const before = await count();
    await openCatalogue('💇 Services');
    await owner.press('➕ New service');
    await owner.waitFor('Type the name');
    await owner.send('Pedicure');
    await owner.waitFor('Type the duration');
    expect(owner.buttons()).toEqual([['« Back', '✖ Cancel']]);
    await owner.press('« Back');
    const name = await owner.waitFor('Type the name');
    expect(name.text).toContain('Now: Pedicure');
    expect(owner.buttons()).toEqual([['✅ Keep'], ['« Back', '✖ Cancel']]);
    await owner.press('✅ Keep');
    await owner.waitFor('Type the duration');
    await owner.send('50');
    await owner.waitFor('Type the price');
    await owner.press('« Back');
    expect((await owner.waitFor('Type the duration')).text).toContain('Now: 50');
    await owner.send('5 hours');
    // A bad answer says what is expected, with the step's Back and Cancel.
    await owner.waitFor('The duration is a whole number of minutes from 5 to 720');
    expect(owner.buttons()).toEqual([['« Back', '✖ Cancel']]);
    await owner.send('55');
    await owner.waitFor('Type the price');
    await owner.press('✖ Cancel');
    await owner.waitFor('What would you like to manage?');
    expect(await count()).toBe(before);
    // The console no longer reads typed text as the price.
    await owner.send('1800');
    await owner.waitFor(/./);
    expect(await count()).toBe(before);

    // A new wizard starts empty; Back from the price keeps name and duration.
    await owner.press('🗂 Catalogue');
    await owner.press('💇 Services');
    await owner.press('➕ New service');
    expect((await owner.waitFor('Type the name')).text).not.toContain('Now:');
    await owner.send('Pedicure');
    await owner.send('55');
    await owner.waitFor('Type the price');
    await owner.press('« Back');
    await owner.waitFor('Now: 55');
    await owner.press('✅ Keep');
    await owner.waitFor('Type the price');
    await owner.send('1800');
    await owner.waitFor('⏱ 55 min');
    expect(await count()).toBe(before + 1);
    expect((await listServices(h.tenant.db, { includeInactive: true })).at(-1)).toMatchObject({
      name: 'Pedicure',
      durationMinutes: 55,
      priceMinor: 180_000,
    });
  }, 60_000);

  /** A Spanish-speaking admin, and what a refused input must leave as it was. */
  async function spanishAdmin() {
    const adminUser = randomInt(1_000_000_000, 2_000_000_000);
    await addAdmin(h.tenant.db, { telegramUserId: adminUser, role: 'admin' }, 'test');
    return h.chat({ name: 'Elena', id: adminUser, language: 'es' }).chat;
  }
  const snapshot = async () => ({
    services: await listServices(h.tenant.db, { includeInactive: true }),
    anna: await getSpecialist(h.tenant.db, h.salon.anna),
    terms: await listSpecialistServices(h.tenant.db, h.salon.anna),
    hours: await getWorkingHours(h.tenant.db, h.salon.anna),
  });
  const long = (length: number) => 'x'.repeat(length);

  /** Sends each bad input at its step, expects what it is told, then Cancel. */
  async function badInputs(
    admin: SandboxChat,
    inputs: Array<[path: string[], bad: string, told: string]>,
  ): Promise<void> {
    for (const [path, bad, told] of inputs) {
      await admin.send('/admin');
      await admin.waitFor('¿Qué desea gestionar?');
      await admin.press('🗂 Catálogo');
      for (const label of path) {
        await admin.press(label);
      }
      await admin.send(bad);
      await admin.waitFor(told);
      expect(admin.buttons()).toEqual([['« Atrás', '✖ Cancelar']]);
      await admin.press('✖ Cancelar');
      await admin.waitFor('¿Qué desea gestionar?');
    }
  }

  it('a bad answer at every typed service input says what is expected (es), changing nothing', async () => {
    const admin = await spanishAdmin();
    const before = await snapshot();
    await badInputs(admin, [
      [['💇 Servicios', '➕ Nuevo servicio'], long(201), 'El nombre tiene de 1 a 200 caracteres'],
      [['💇 Servicios', 'Haircut', '✏️ Nombre'], long(201), 'El nombre tiene de 1 a 200'],
      [['💇 Servicios', 'Haircut', '⏱ Duración'], '1000', 'un número entero de minutos de 5 a 720'],
      [['💇 Servicios', 'Haircut', '💳 Precio'], 'gratis', 'El precio es un número como 1500'],
      [['💇 Servicios', 'Haircut', '📝 Descripción'], long(2001), 'hasta 2000 caracteres'],
      [
        ['💇 Servicios', 'Haircut', '⏳ Márgenes'],
        '300 0',
        'dos números enteros de minutos de 0 a 240',
      ],
    ]);
    expect(await snapshot()).toEqual(before);
  }, 90_000);

  it('a bad answer at every typed specialist input says what is expected (es), changing nothing', async () => {
    const admin = await spanishAdmin();
    const before = await snapshot();
    await badInputs(admin, [
      [['👤 Especialistas', '➕ Nuevo especialista'], long(201), 'El nombre tiene de 1 a 200'],
      [['👤 Especialistas', 'Anna', '📝 Presentación'], long(2001), 'hasta 2000 caracteres'],
      [['👤 Especialistas', 'Anna', '🔗 Vincular Telegram'], '@anna', 'escriba un id numérico'],
      [
        ['👤 Especialistas', 'Anna', '💇 Sus servicios', '✏️ Haircut'],
        '45 barato',
        'Escriba minutos (5 a 720) y un precio',
      ],
      [
        ['👤 Especialistas', 'Anna', '🕘 Horario', 'Lun'],
        '9-18',
        'Escriba intervalos sin solaparse',
      ],
    ]);
    expect(await snapshot()).toEqual(before);
  }, 90_000);
});
