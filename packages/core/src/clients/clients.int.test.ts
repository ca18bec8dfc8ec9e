import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors/index.js';
import { updateSettings } from '../settings/index.js';
import { createTestTenant, type TestTenant } from '../testing/index.js';
import {
  findClientByTelegramId,
  listClients,
  setClientBlocked,
  updateClient,
  upsertClient,
} from './index.js';

let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTestTenant();
});

afterAll(async () => {
  await tenant.dispose();
});

describe('clients', () => {
  it('creates a client on first contact and refreshes the name later', async () => {
    const first = await upsertClient(tenant.db, {
      telegramUserId: 42,
      name: 'Ivan',
      phone: '+7 999 123-45-67',
    });
    expect(first).toMatchObject({ telegramUserId: 42, name: 'Ivan', locale: 'ru', blocked: false });
    const again = await upsertClient(tenant.db, {
      telegramUserId: 42,
      name: 'Ivan P.',
      locale: 'en',
    });
    expect(again).toMatchObject({
      id: first.id,
      name: 'Ivan P.',
      phone: '+79991234567',
      locale: 'ru',
    });
    const invalid = await upsertClient(tenant.db, {
      telegramUserId: 43,
      name: 'X',
      phone: 'call me',
    }).catch((error: unknown) => error);
    expect(isAppError(invalid, 'VALIDATION')).toBe(true);
  });

  it('blocks, updates and finds clients', async () => {
    const client = await upsertClient(tenant.db, { telegramUserId: 77, name: 'Maria 100%' });
    expect((await setClientBlocked(tenant.db, client.id, true)).blocked).toBe(true);
    expect((await findClientByTelegramId(tenant.db, 77))?.blocked).toBe(true);
    await updateClient(tenant.db, client.id, { locale: 'es' });
    expect((await listClients(tenant.db, { search: '100%' })).map((found) => found.name)).toEqual([
      'Maria 100%',
    ]);
    expect(await listClients(tenant.db, { search: '0_%' })).toEqual([]);
  });

  it("stores phones in E.164, read in the tenant's country, and refuses what is not one", async () => {
    const typed = await upsertClient(tenant.db, {
      telegramUserId: 501,
      name: 'Olga',
      phone: '8 912 345-67-89',
    });
    expect(typed.phone).toBe('+79123456789');
    const shared = await updateClient(tenant.db, typed.id, { phone: '79990000002' });
    expect(shared.phone).toBe('+79990000002');
    for (const phone of ['12345', '+7 912 345 67 89 ext 5', 'call me 89123456789']) {
      const refused = await updateClient(tenant.db, typed.id, { phone }).catch(
        (error: unknown) => error,
      );
      expect(isAppError(refused, 'VALIDATION')).toBe(true);
      expect(String((refused as Error).message)).not.toContain(phone);
    }
    expect((await findClientByTelegramId(tenant.db, 501))?.phone).toBe('+79990000002');

    const madrid = await createTestTenant({ timeZone: 'Europe/Madrid', locale: 'es' });
    try {
      const local = await upsertClient(madrid.db, {
        telegramUserId: 1,
        name: 'Lola',
        phone: '612 345 678',
      });
      expect(local.phone).toBe('+34612345678');
      // A setting names the country where the zone does not.
      await updateSettings(madrid.db, { phoneRegion: 'AR' });
      const again = await updateClient(madrid.db, local.id, { phone: '011 4123-4567' });
      expect(again.phone).toBe('+541141234567');
    } finally {
      await madrid.dispose();
    }
  });
});
