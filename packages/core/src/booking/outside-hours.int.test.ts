import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAdmin } from '../admins/index.js';
import { addClientByPhone } from '../clients/index.js';
import { createTestTenant, expectAppError, type TestTenant } from '../testing/index.js';
import { bookAppointment } from './index.js';
import { at, type Salon, seedSalon } from './test-fixtures.js';

const ZONE = 'Europe/Moscow';
// Monday 7 January 2030, 09:00 in Moscow; the salon works Mon–Fri 09:00–18:00.
const NOW = at('2030-01-07T09:00', ZONE);

let tenant: TestTenant;
let salon: Salon;
let ownerId: number;
let staffAdminId: number;

beforeAll(async () => {
  tenant = await createTestTenant();
  salon = await seedSalon(tenant.db, { specialists: 1, clients: 1 });
  ownerId = (await addAdmin(tenant.db, { telegramUserId: 1, role: 'owner' }, 'test')).id;
  staffAdminId = (
    await addAdmin(
      tenant.db,
      { telegramUserId: 2, role: 'staff', staffId: salon.staffIds[0] as number },
      'test',
    )
  ).id;
});

afterAll(async () => {
  await tenant.dispose();
});

describe('booking outside hours', () => {
  it('lets an owner book 19:30 and 09:10 today; the exclusion constraint still decides', async () => {
    const { client } = await addClientByPhone(
      tenant.db,
      { name: 'Walk In', phone: '+7 912 345-67-89' },
      `admin:${ownerId}`,
      NOW,
    );
    expect(client.telegramUserId).toBeNull();
    const input = {
      clientId: client.id,
      serviceId: salon.serviceId,
      staffId: salon.staffIds[0] as number,
      startsAt: at('2030-01-07T19:30', ZONE),
    };
    const owner = { kind: 'admin', adminId: ownerId } as const;
    expect(
      (await expectAppError(bookAppointment(tenant.db, input, { actor: owner, now: NOW }))).code,
    ).toBe('OUTSIDE_HOURS');
    const late = await bookAppointment(tenant.db, input, {
      actor: owner,
      now: NOW,
      outsideHours: true,
    });
    expect(late.endsAt.toISOString()).toBe(at('2030-01-07T20:30', ZONE).toISOString());
    const early = await bookAppointment(
      tenant.db,
      { ...input, clientId: salon.clientIds[0] as number, startsAt: at('2030-01-07T09:10', ZONE) },
      { actor: owner, now: NOW, outsideHours: true },
    );
    expect(early.status).toBe('confirmed');
    const taken = await expectAppError(
      bookAppointment(
        tenant.db,
        {
          ...input,
          clientId: salon.clientIds[0] as number,
          startsAt: at('2030-01-07T20:00', ZONE),
        },
        { actor: owner, now: NOW, outsideHours: true },
      ),
    );
    expect(taken.code).toBe('SLOT_TAKEN');
  });

  it('refuses it to staff and to "any specialist"', async () => {
    const input = {
      clientId: salon.clientIds[0] as number,
      serviceId: salon.serviceId,
      staffId: salon.staffIds[0] as number,
      startsAt: at('2030-01-08T21:00', ZONE),
    };
    const staff = { kind: 'admin', adminId: staffAdminId } as const;
    expect(
      (
        await expectAppError(
          bookAppointment(tenant.db, input, { actor: staff, now: NOW, outsideHours: true }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const owner = { kind: 'admin', adminId: ownerId } as const;
    expect(
      (
        await expectAppError(
          bookAppointment(
            tenant.db,
            { ...input, staffId: 'any' },
            { actor: owner, now: NOW, outsideHours: true },
          ),
        )
      ).code,
    ).toBe('VALIDATION');
  });

  it('finds the same client by phone instead of adding a twin', async () => {
    const first = await addClientByPhone(
      tenant.db,
      { name: 'Twin', phone: '89125550011' },
      'admin:1',
      NOW,
    );
    const again = await addClientByPhone(
      tenant.db,
      { name: 'Twin', phone: '+7 912 555-00-11' },
      'admin:1',
      NOW,
    );
    expect(first.created).toBe(true);
    expect(again).toEqual({ client: first.client, created: false });
    expect(
      (await expectAppError(addClientByPhone(tenant.db, { name: 'X', phone: '12' }, 'admin:1')))
        .code,
    ).toBe('VALIDATION');
  });
});
