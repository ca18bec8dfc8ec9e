import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSettings } from '../settings/index.js';
import { createTestTenant, expectAppError, type TestTenant } from '../testing/index.js';
import {
  assignService,
  createBlockedPeriod,
  createService,
  createSpecialist,
  getServiceSchedule,
  getWorkingHours,
  listBlockedPeriods,
  listDateOverrides,
  listServices,
  listSpecialistServices,
  removeDateOverride,
  setDateOverride,
  setWorkingHours,
  unassignService,
  updateService,
  updateSpecialist,
} from './index.js';

let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTestTenant();
});

afterAll(async () => {
  await tenant.dispose();
});

describe('catalogue', () => {
  it('validates services and lists only active ones to clients', async () => {
    const tooShort = await expectAppError(
      createService(tenant.db, { name: 'X', durationMinutes: 3, priceMinor: 0 }),
    );
    expect(tooShort.code).toBe('VALIDATION');
    expect(tooShort.details.issues).toEqual([expect.objectContaining({ path: 'durationMinutes' })]);
    await updateSettings(tenant.db, { currency: 'EUR' });
    const cut = await createService(tenant.db, {
      name: ' Cut ',
      durationMinutes: 45,
      priceMinor: 2500,
      sortOrder: 2,
    });
    const beard = await createService(tenant.db, {
      name: 'Beard',
      durationMinutes: 20,
      priceMinor: 1500,
      sortOrder: 1,
    });
    expect(cut).toMatchObject({
      name: 'Cut',
      currency: 'EUR',
      bufferBeforeMinutes: 0,
      active: true,
    });
    await updateService(tenant.db, beard.id, { active: false });
    expect((await listServices(tenant.db)).map((service) => service.name)).toEqual(['Cut']);
    expect(
      (await listServices(tenant.db, { includeInactive: true })).map((service) => service.name),
    ).toEqual(['Beard', 'Cut']);
    expect((await expectAppError(updateService(tenant.db, 999_999, { name: 'Ghost' }))).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await expectAppError(updateService(tenant.db, cut.id, { price: 1 } as never))).code,
    ).toBe('VALIDATION');
  });

  it('gives a new specialist the default hours and custom terms per service', async () => {
    const service = await createService(tenant.db, {
      name: 'Colour',
      durationMinutes: 90,
      priceMinor: 5000,
    });
    const anna = await createSpecialist(tenant.db, { name: 'Anna', telegramUserId: 555 });
    expect(
      (await expectAppError(createSpecialist(tenant.db, { name: 'Clone', telegramUserId: 555 })))
        .code,
    ).toBe('CONFLICT');
    expect(await getWorkingHours(tenant.db, anna.id)).toEqual({
      '1': [{ start: '09:00', end: '18:00' }],
      '2': [{ start: '09:00', end: '18:00' }],
      '3': [{ start: '09:00', end: '18:00' }],
      '4': [{ start: '09:00', end: '18:00' }],
      '5': [{ start: '09:00', end: '18:00' }],
    });
    await setWorkingHours(tenant.db, anna.id, {
      '2': [
        { start: '10:00', end: '14:00' },
        { start: '15:00', end: '19:00' },
      ],
    });
    expect(Object.keys(await getWorkingHours(tenant.db, anna.id))).toEqual(['2']);
    const bad = await expectAppError(
      setWorkingHours(tenant.db, anna.id, { '2': [{ start: '19:00', end: '10:00' }] }),
    );
    expect(bad.code).toBe('VALIDATION');

    await assignService(tenant.db, { staffId: anna.id, serviceId: service.id, priceMinor: 6000 });
    const [terms] = await listSpecialistServices(tenant.db, anna.id);
    expect(terms).toMatchObject({ durationMinutes: 90, priceMinor: 6000, customized: true });
    expect(
      (await expectAppError(assignService(tenant.db, { staffId: 999_999, serviceId: service.id })))
        .code,
    ).toBe('NOT_FOUND');
    const schedule = await getServiceSchedule(tenant.db, service.id);
    expect(schedule.specialists.map((entry) => entry.specialist.name)).toEqual(['Anna']);
    await updateSpecialist(tenant.db, anna.id, { active: false });
    expect((await getServiceSchedule(tenant.db, service.id)).specialists).toEqual([]);
    await unassignService(tenant.db, anna.id, service.id);
    expect((await expectAppError(unassignService(tenant.db, anna.id, service.id))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('keeps one override per specialist and date, and lists blocked periods by overlap', async () => {
    const boris = await createSpecialist(tenant.db, { name: 'Boris' });
    await setDateOverride(tenant.db, { staffId: boris.id, date: '2030-05-01', intervals: [] });
    await setDateOverride(tenant.db, {
      staffId: boris.id,
      date: '2030-05-01',
      intervals: [{ start: '12:00', end: '16:00' }],
    });
    const holiday = await setDateOverride(tenant.db, {
      staffId: null,
      date: '2030-05-09',
      intervals: [],
      note: 'Holiday',
    });
    const overrides = await listDateOverrides(tenant.db, {
      from: '2030-05-01',
      to: '2030-05-31',
      staffIds: [boris.id],
    });
    expect(
      overrides.map((override) => [override.staffId, override.date, override.intervals.length]),
    ).toEqual([
      [boris.id, '2030-05-01', 1],
      [null, '2030-05-09', 0],
    ]);
    await removeDateOverride(tenant.db, holiday.id);
    expect((await expectAppError(removeDateOverride(tenant.db, holiday.id))).code).toBe(
      'NOT_FOUND',
    );

    const invalid = await expectAppError(
      createBlockedPeriod(tenant.db, {
        staffId: boris.id,
        startsAt: new Date('2030-05-02T12:00:00Z'),
        endsAt: new Date('2030-05-02T10:00:00Z'),
      }),
    );
    expect(invalid.code).toBe('VALIDATION');
    await createBlockedPeriod(tenant.db, {
      staffId: boris.id,
      startsAt: new Date('2030-05-02T10:00:00Z'),
      endsAt: new Date('2030-05-02T12:00:00Z'),
      reason: 'training',
    });
    const found = await listBlockedPeriods(tenant.db, {
      from: new Date('2030-05-02T11:00:00Z'),
      until: new Date('2030-05-02T11:30:00Z'),
    });
    expect(found.map((period) => period.reason)).toEqual(['training']);
    expect(
      await listBlockedPeriods(tenant.db, {
        from: new Date('2030-05-02T12:00:00Z'),
        until: new Date('2030-05-02T13:00:00Z'),
      }),
    ).toEqual([]);
  });
});
