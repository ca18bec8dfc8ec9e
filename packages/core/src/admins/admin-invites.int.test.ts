import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditLog } from '../audit/index.js';
import { createTestTenant, expectAppError, type TestTenant } from '../testing/index.js';
import { acceptAdminInvite, addAdmin, createAdminInvite, findAdminByTelegramId } from './index.js';

let tenant: TestTenant;
let ownerId: number;
let adminId: number;
const now = new Date('2030-01-10T10:00:00Z');

beforeAll(async () => {
  tenant = await createTestTenant();
  ownerId = (await addAdmin(tenant.db, { telegramUserId: 500, role: 'owner' }, 'operator')).id;
  adminId = (await addAdmin(tenant.db, { telegramUserId: 501, role: 'admin' }, 'operator')).id;
});

afterAll(async () => {
  await tenant.dispose();
});

describe('admin invites', () => {
  it('admits one user once with the chosen role, and keeps only a hash of the token', async () => {
    const { invite, token } = await createAdminInvite(
      tenant.db,
      { role: 'staff', createdByAdminId: ownerId },
      now,
    );
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(invite.expiresAt.getTime() - now.getTime()).toBe(24 * 3_600_000);
    const stored = await tenant.db.selectFrom('admin_invites').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);

    const [first, second] = await Promise.allSettled([
      acceptAdminInvite(tenant.db, { token, telegramUserId: 600, name: 'Sam' }, now),
      acceptAdminInvite(tenant.db, { token, telegramUserId: 601, name: 'Kim' }, now),
    ]);
    const admitted = [first, second].filter((result) => result.status === 'fulfilled');
    expect(admitted).toHaveLength(1);
    const loser = [first, second].find((result) => result.status === 'rejected');
    expect((loser as PromiseRejectedResult).reason.details).toMatchObject({ reason: 'used' });
    const admins = [
      await findAdminByTelegramId(tenant.db, 600),
      await findAdminByTelegramId(tenant.db, 601),
    ];
    expect(admins.filter((admin) => admin?.role === 'staff')).toHaveLength(1);
    const audit = await listAuditLog(tenant.db, { limit: 2 });
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['admin.added', `invite:${invite.id}`],
      ['admin.invited', `admin:${ownerId}`],
    ]);
  });

  it('refuses an expired or unknown link, and an inviter who is not an owner', async () => {
    const { token } = await createAdminInvite(
      tenant.db,
      { role: 'admin', createdByAdminId: ownerId },
      now,
    );
    const late = new Date(now.getTime() + 24 * 3_600_000);
    const expired = await expectAppError(
      acceptAdminInvite(tenant.db, { token, telegramUserId: 700, name: 'Late' }, late),
    );
    expect([expired.code, expired.details.reason]).toEqual(['NOT_FOUND', 'expired']);
    const unknown = await expectAppError(
      acceptAdminInvite(tenant.db, { token: 'x'.repeat(24), telegramUserId: 700, name: 'X' }, now),
    );
    expect(unknown.details.reason).toBe('unknown');
    expect(await findAdminByTelegramId(tenant.db, 700)).toBeUndefined();
    const refused = await expectAppError(
      createAdminInvite(tenant.db, { role: 'admin', createdByAdminId: adminId }, now),
    );
    expect(refused.code).toBe('FORBIDDEN');
  });
});
