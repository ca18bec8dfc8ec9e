import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors/index.js';
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
      phone: '+7 999 123-45-67',
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
});
