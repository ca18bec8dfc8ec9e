import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, expectAppError, type TestTenant } from '../testing/index.js';
import {
  DEFAULT_SETTINGS,
  getSettings,
  listTextTemplates,
  removeTextTemplate,
  setTextTemplate,
  updateSettings,
} from './index.js';

let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTestTenant();
});

afterAll(async () => {
  await tenant.dispose();
});

describe('settings', () => {
  it('reads the documented defaults for a new tenant', async () => {
    const settings = await getSettings(tenant.db);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(settings).toMatchObject({
      timeZone: 'Europe/Moscow',
      slotStepMinutes: 30,
      maxActiveBookingsPerClient: 3,
      cancellationWindowHours: 24,
      reminderOffsetsMinutes: [1440, 120],
      waitlistOfferMinutes: 15,
      defaultWorkingHours: { '1': [{ start: '09:00', end: '18:00' }] },
    });
    expect(settings.defaultWorkingHours['6']).toBeUndefined();
  });

  it('validates a patch and names every bad field', async () => {
    const error = await expectAppError(
      updateSettings(tenant.db, { timeZone: 'Mars/Olympus', slotStepMinutes: 2 }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('timeZone');
    expect(error.message).toContain('slotStepMinutes');
    const unknown = await expectAppError(updateSettings(tenant.db, { colour: 'red' } as never));
    expect(unknown.code).toBe('VALIDATION');
    const overlapping = await expectAppError(
      updateSettings(tenant.db, {
        defaultWorkingHours: {
          '1': [
            { start: '09:00', end: '13:00' },
            { start: '12:00', end: '18:00' },
          ],
        },
      }),
    );
    expect(overlapping.message).toContain('must not overlap');
  });

  it('keeps a valid patch and what was set before', async () => {
    await updateSettings(tenant.db, { timeZone: 'Europe/Madrid', businessName: 'Barber & Co' });
    const updated = await updateSettings(tenant.db, { slotStepMinutes: 15 });
    expect(updated).toMatchObject({
      timeZone: 'Europe/Madrid',
      businessName: 'Barber & Co',
      slotStepMinutes: 15,
    });
    expect(await getSettings(tenant.db)).toEqual(updated);
  });

  it('falls back field by field when the stored document went bad', async () => {
    await tenant.db
      .updateTable('settings')
      .set({ value: JSON.stringify({ slotStepMinutes: 'soon', businessName: 'Kept' }) })
      .execute();
    const settings = await getSettings(tenant.db);
    expect(settings.slotStepMinutes).toBe(30);
    expect(settings.businessName).toBe('Kept');
  });
});

describe('text templates', () => {
  it('overrides, lists and removes texts', async () => {
    await setTextTemplate(tenant.db, { key: 'booking.confirmed', locale: 'en', text: 'See you!' });
    await setTextTemplate(tenant.db, {
      key: 'booking.confirmed',
      locale: 'en',
      text: 'See you soon!',
    });
    await setTextTemplate(tenant.db, { key: 'booking.confirmed', locale: 'ru', text: 'Ждём вас!' });
    expect((await listTextTemplates(tenant.db, 'en')).map((template) => template.text)).toEqual([
      'See you soon!',
    ]);
    expect(await listTextTemplates(tenant.db)).toHaveLength(2);
    expect(
      (
        await expectAppError(
          setTextTemplate(tenant.db, { key: 'Bad Key', locale: 'en', text: 'x' }),
        )
      ).code,
    ).toBe('VALIDATION');
    await removeTextTemplate(tenant.db, 'booking.confirmed', 'ru');
    expect(
      (await expectAppError(removeTextTemplate(tenant.db, 'booking.confirmed', 'ru'))).code,
    ).toBe('NOT_FOUND');
  });
});
