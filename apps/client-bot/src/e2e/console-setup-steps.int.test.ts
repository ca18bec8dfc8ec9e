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
import { type Harness, nextMonday, startHarness } from '../testing/harness.js';

const today = nextMonday(7);

/** An empty provisioned tenant and its owner's chat, in `language`. */
function emptyTenant(language: string) {
  const ownerId = randomInt(1_000_000_000, 2_000_000_000);
  const context = {} as { h: Harness; owner: SandboxChat; ownerId: number };
  beforeAll(async () => {
    context.h = await startHarness({
      ownerTelegramId: ownerId,
      clockAt: today,
      emptyCatalogue: true,
    });
    context.ownerId = ownerId;
    context.owner = context.h.chat({ name: 'Olga', id: ownerId, language }).chat;
  });
  afterAll(async () => {
    await context.h?.stop();
  });
  return context;
}

describe('first-run setup: Back and Cancel', () => {
  const t = emptyTenant('en');

  it('Back returns to the step before with its answer kept; Cancel keeps everything and /admin resumes', async () => {
    const { h, owner } = t;
    await owner.send('/admin');
    await owner.waitFor('1/8 · Your business name');
    // The first step has nowhere back to go: Cancel only.
    expect(owner.buttons().flat()).not.toContain('« Back');
    expect(owner.buttons().flat()).toContain('✖ Cancel');
    await owner.send('Olga Hair');
    await owner.waitFor('2/8 · The address');
    expect(owner.buttons()).toEqual([['Skip »'], ['« Back', '✖ Cancel']]);

    await owner.press('« Back');
    const name = await owner.waitFor('1/8 · Your business name');
    expect(name.text).toContain('Now: Olga Hair');
    await owner.press('✅ Keep');
    await owner.waitFor('2/8 · The address');
    await owner.send('Tverskaya 1');
    await owner.waitFor('3/8 · The phone');
    await owner.press('« Back');
    expect((await owner.waitFor('2/8 · The address')).text).toContain('Now: Tverskaya 1');
    await owner.send('Arbat 5');
    await owner.waitFor('3/8 · The phone');
    await owner.press('Skip »');
    await owner.press('✅ Keep Europe/Moscow');
    await owner.waitFor('5/8 · Your first service');
    await owner.send('Haircut');
    await owner.send('45');
    await owner.waitFor('7/8 · Its price');
    await owner.send('1500');
    await owner.waitFor('8/8 · Who performs it?');
    expect(await listServices(h.tenant.db)).toEqual([
      expect.objectContaining({ name: 'Haircut', durationMinutes: 45, priceMinor: 150_000 }),
    ]);

    // Back through saved steps changes the one service, never adds a second.
    await owner.press('« Back');
    expect((await owner.waitFor('7/8 · Its price')).text).toContain('Now:');
    await owner.press('« Back');
    expect((await owner.waitFor('6/8 · How long')).text).toContain('Now: 45');
    await owner.send('60');
    await owner.waitFor('7/8 · Its price');
    await owner.send('2000');
    await owner.waitFor('8/8 · Who performs it?');
    expect(await listServices(h.tenant.db)).toEqual([
      expect.objectContaining({ name: 'Haircut', durationMinutes: 60, priceMinor: 200_000 }),
    ]);

    await owner.press('👤 Me (Olga)');
    await owner.waitFor('Working hours of Olga');
    expect((await findAdminByTelegramId(h.tenant.db, t.ownerId))?.staffId).toBeTypeOf('number');
    await owner.press('« Back');
    expect((await owner.waitFor('8/8 · Who performs it?')).text).toContain('Now: Olga');
    await owner.send('Maria');
    await owner.waitFor('Working hours of Maria');
    const [maria] = await listSpecialists(h.tenant.db);
    expect(await listSpecialists(h.tenant.db)).toHaveLength(1);
    expect(maria).toMatchObject({ name: 'Maria', telegramUserId: null });
    expect((await findAdminByTelegramId(h.tenant.db, t.ownerId))?.staffId).toBeNull();
    const hoursBefore = await getWorkingHours(h.tenant.db, maria?.id ?? 0);

    await owner.press('✏️ By weekday');
    await owner.waitFor('Send the hours');
    expect(owner.buttons()).toEqual([['« Back', '✖ Cancel']]);
    await owner.send('Mon 9-18');
    const bad = await owner.waitFor('I could not read that');
    expect(bad.replyMarkup).toBeDefined();
    await owner.press('✖ Cancel');
    await owner.waitFor('Setup paused. Everything you entered is saved');
    // What was entered stays; the hours are not changed.
    expect(await getSettings(h.tenant.db)).toMatchObject({
      businessName: 'Olga Hair',
      businessAddress: 'Arbat 5',
    });
    expect(await getWorkingHours(h.tenant.db, maria?.id ?? 0)).toEqual(hoursBefore);
    // The setup no longer reads what the owner types.
    await owner.send('1-7 10:00-12:00');
    await owner.waitFor(/./);
    expect(await getWorkingHours(h.tenant.db, maria?.id ?? 0)).toEqual(hoursBefore);

    await owner.send('/admin');
    await owner.waitFor('Send the hours');
    await owner.press('« Back');
    await owner.waitFor('Working hours of Maria');
    await owner.press('Tue–Sat 10–20');
    await owner.waitFor('Your salon is open!');
    expect(await listServices(h.tenant.db)).toHaveLength(1);
    expect(await listSpecialists(h.tenant.db)).toHaveLength(1);
    expect(await getWorkingHours(h.tenant.db, maria?.id ?? 0)).toEqual({
      '2': [{ start: '10:00', end: '20:00' }],
      '3': [{ start: '10:00', end: '20:00' }],
      '4': [{ start: '10:00', end: '20:00' }],
      '5': [{ start: '10:00', end: '20:00' }],
      '6': [{ start: '10:00', end: '20:00' }],
    });
  }, 90_000);
});

describe('first-run setup: what each answer expects (ru)', () => {
  const t = emptyTenant('ru');

  it('a bad answer at every typed step says what is expected, under the same question', async () => {
    const { h, owner } = t;
    const tooLong = 'я'.repeat(201);
    await owner.send('/admin');
    await owner.waitFor('1/8 · Название заведения');
    const steps: Array<[bad: string, told: string, good: string, next: string]> = [
      [tooLong, 'Пришлите название текстом, от 1 до 200 символов', 'Салон Ольги', '2/8 · Адрес'],
      ['д'.repeat(501), 'Пришлите адрес текстом, до 500 символов', 'Тверская 1', '3/8 · Телефон'],
      ['позвоните мне', 'Это не номер телефона', '+7 495 123-45-67', '4/8 · Ваш часовой пояс'],
      ['Москва', 'Это не часовой пояс', 'Asia/Almaty', '5/8 · Первая услуга'],
      [tooLong, 'Пришлите название услуги текстом', 'Стрижка', '6/8 · Сколько длится'],
      ['час', 'Пришлите целое число минут от 5 до 720', '60', '7/8 · Цена'],
      ['дорого', 'Пришлите цену числом, например 1500', '1500', '8/8 · Кто её выполняет'],
      [tooLong, 'Пришлите имя специалиста текстом', 'Мария', 'Часы работы: Мария'],
    ];
    for (const [bad, told, good, next] of steps) {
      await owner.send(bad);
      const answer = await owner.waitFor(told);
      // The question and its Back and Cancel come with what is expected.
      expect(answer.text).not.toBe(told);
      expect(owner.buttons().flat()).toContain('✖ Отмена');
      await owner.send(good);
      await owner.waitFor(next);
    }
    await owner.press('✏️ По дням недели');
    await owner.waitFor('Пришлите часы');
    await owner.send('пн 9-18');
    await owner.waitFor('Не удалось разобрать. Пришлите строки вида «1-5 09:00-18:00»');
    await owner.send('1-5 10:00-09:00');
    await owner.waitFor('Не удалось разобрать');
    await owner.send('1-5 09:00-18:00\n6 10:00-16:00');
    await owner.waitFor('Ваш салон открыт!');
    expect(await getSettings(h.tenant.db)).toMatchObject({
      businessName: 'Салон Ольги',
      businessAddress: 'Тверская 1',
      businessPhone: '+7 495 123-45-67',
      timeZone: 'Asia/Almaty',
    });
    const [maria] = await listSpecialists(h.tenant.db);
    expect(await getWorkingHours(h.tenant.db, maria?.id ?? 0)).toMatchObject({
      '1': [{ start: '09:00', end: '18:00' }],
      '6': [{ start: '10:00', end: '16:00' }],
    });
  }, 90_000);
});
