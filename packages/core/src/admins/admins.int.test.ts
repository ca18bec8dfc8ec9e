import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditLog } from '../audit/index.js';
import { createTestTenant, expectAppError, type TestTenant } from '../testing/index.js';
import {
  addAdmin,
  changeAdminRole,
  ensureOwnerAdmin,
  findAdminByTelegramId,
  listAdmins,
  removeAdmin,
} from './index.js';

let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTestTenant();
});

afterAll(async () => {
  await tenant.dispose();
});

describe('admins', () => {
  it('never loses the last owner, and never removes an owner', async () => {
    const owner = await addAdmin(
      tenant.db,
      { telegramUserId: 100, name: 'Olga', role: 'owner' },
      'operator',
    );
    const admin = await addAdmin(
      tenant.db,
      { telegramUserId: 101, role: 'admin' },
      `admin:${owner.id}`,
    );
    expect(
      (await expectAppError(addAdmin(tenant.db, { telegramUserId: 101, role: 'staff' }, 'x'))).code,
    ).toBe('CONFLICT');
    expect(
      (await expectAppError(changeAdminRole(tenant.db, { adminId: owner.id, role: 'admin' }, 'x')))
        .code,
    ).toBe('LAST_OWNER');
    expect((await expectAppError(removeAdmin(tenant.db, owner.id, 'x'))).code).toBe('FORBIDDEN');

    await changeAdminRole(tenant.db, { adminId: admin.id, role: 'owner' }, `admin:${owner.id}`);
    const demoted = await changeAdminRole(
      tenant.db,
      { adminId: owner.id, role: 'admin' },
      `admin:${admin.id}`,
    );
    expect(demoted.role).toBe('admin');
    await removeAdmin(tenant.db, owner.id, `admin:${admin.id}`);
    expect(
      (await listAdmins(tenant.db)).map((entry) => [entry.telegramUserId, entry.role]),
    ).toEqual([[101, 'owner']]);
    expect(await findAdminByTelegramId(tenant.db, 100)).toBeUndefined();
    const audit = await listAuditLog(tenant.db);
    expect(audit.map((entry) => entry.action)).toEqual([
      'admin.removed',
      'admin.role_changed',
      'admin.role_changed',
      'admin.added',
      'admin.added',
    ]);
  });

  it('of two owners demoting each other at once, one stays owner', async () => {
    const other = await createTestTenant();
    try {
      const a = await addAdmin(other.db, { telegramUserId: 1, role: 'owner' }, 'operator');
      const b = await addAdmin(other.db, { telegramUserId: 2, role: 'owner' }, 'operator');
      const results = await Promise.allSettled([
        changeAdminRole(other.db, { adminId: a.id, role: 'admin' }, `admin:${b.id}`),
        changeAdminRole(other.db, { adminId: b.id, role: 'admin' }, `admin:${a.id}`),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const owners = (await listAdmins(other.db)).filter((admin) => admin.role === 'owner');
      expect(owners).toHaveLength(1);
    } finally {
      await other.dispose();
    }
  });

  it('ensureOwnerAdmin raises a staff member to owner once, and a repeat writes nothing', async () => {
    const other = await createTestTenant();
    try {
      await addAdmin(other.db, { telegramUserId: 5, role: 'staff' }, 'operator');
      const owner = await ensureOwnerAdmin(other.db, 5, 'operator');
      expect(owner.role).toBe('owner');
      expect((await ensureOwnerAdmin(other.db, 5, 'operator')).id).toBe(owner.id);
      expect((await ensureOwnerAdmin(other.db, 6, 'operator')).role).toBe('owner');
      expect((await listAuditLog(other.db)).map((entry) => entry.action)).toEqual([
        'admin.added',
        'admin.role_changed',
        'admin.added',
      ]);
    } finally {
      await other.dispose();
    }
  });
});
