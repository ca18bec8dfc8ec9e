import { randomInt } from 'node:crypto';
import { addAdmin, findAdminByTelegramId, listAdmins } from '@booking/core';
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

/** The owner's own button in the team list (provisioning knows no name: their id). */
const OWNER_BUTTON = `${ownerId} · owner`;

async function openTeam(chat: SandboxChat): Promise<void> {
  await chat.send('/admin');
  await chat.waitFor('Console');
  await chat.press('👥 Team');
  await chat.waitFor('Team');
}

describe('console team', () => {
  it('an invite link admits one person once with its role; roles change; the owner stays', async () => {
    await openTeam(owner);
    await owner.press('➕ Invite a specialist');
    await owner.waitFor('Which specialist');
    await owner.press('Anna');
    const invite = await owner.waitFor('works once, for 24 hours');
    const token = /start=join_([A-Za-z0-9_-]+)/.exec(invite.text)?.[1];
    expect(token).toBeDefined();

    const anna = h.chat({ name: 'Anna', language: 'es' });
    await anna.chat.send(`/start join_${token}`);
    await anna.chat.waitFor('Bienvenido al equipo');
    expect(await findAdminByTelegramId(h.tenant.db, anna.userId)).toMatchObject({
      role: 'staff',
      staffId: h.salon.anna,
    });
    const late = h.chat({ name: 'Mallory' });
    await late.chat.send(`/start join_${token}`);
    await late.chat.waitFor('This invite link is not valid');
    expect(await findAdminByTelegramId(h.tenant.db, late.userId)).toBeUndefined();

    // Owner makes Anna an admin, then removes her.
    await openTeam(owner);
    await owner.press('Anna · specialist');
    await owner.waitFor('Telegram id');
    await owner.press('🛠 Make admin');
    await owner.waitFor('Anna is now admin');
    await owner.press('« Back');
    await owner.waitFor('Team');
    await owner.press('Anna · admin');
    await owner.waitFor('Telegram id');
    await owner.press('🗑 Remove');
    await owner.waitFor('Remove Anna from the team?');
    await owner.press('🗑 Remove');
    await owner.waitFor('Anna was removed');
    expect(await findAdminByTelegramId(h.tenant.db, anna.userId)).toBeUndefined();

    // The only owner can neither be demoted nor removed.
    await openTeam(owner);
    await owner.press(OWNER_BUTTON);
    await owner.waitFor('Telegram id');
    await owner.press('🛠 Make admin');
    expect((await owner.waitForCallbackAnswer()).text).toContain('only owner');
    await owner.press('🗑 Remove');
    expect((await owner.waitForCallbackAnswer()).text).toContain('cannot be removed');
    expect((await findAdminByTelegramId(h.tenant.db, ownerId))?.role).toBe('owner');
  });

  it('adds a shared contact as an admin', async () => {
    await openTeam(owner);
    await owner.press('📇 Add by contact');
    await owner.waitFor('Share the person');
    const userId = randomInt(1_000_000_000, 2_000_000_000);
    await owner.sendContact({ user_id: userId, first_name: 'Vera', phone_number: '+79990001122' });
    await owner.waitFor('Vera joined the team as admin');
    expect((await findAdminByTelegramId(h.tenant.db, userId))?.role).toBe('admin');
  });

  it('an admin, staff or customer replaying the owner’s team buttons is refused, audited, nothing changes', async () => {
    await openTeam(owner);
    const invite = buttonData(owner, '➕ Invite an admin');
    await owner.press(OWNER_BUTTON);
    await owner.waitFor('Telegram id');
    const demote = buttonData(owner, '🛠 Make admin');
    const adminUser = randomInt(1_000_000_000, 2_000_000_000);
    const staffUser = randomInt(1_000_000_000, 2_000_000_000);
    await addAdmin(h.tenant.db, { telegramUserId: adminUser, role: 'admin' }, 'test');
    await addAdmin(
      h.tenant.db,
      { telegramUserId: staffUser, role: 'staff', staffId: h.salon.boris },
      'test',
    );
    const invitesBefore = await h.tenant.db.selectFrom('admin_invites').selectAll().execute();
    const adminsBefore = await listAdmins(h.tenant.db);
    const refusedBefore = (await refusals(h.tenant.db)).length;
    const forgers = [
      h.chat({ id: adminUser }).chat,
      h.chat({ id: staffUser }).chat,
      h.chat({ name: 'Carl' }).chat,
    ];
    for (const forger of forgers) {
      await forger.send('/start');
      await forger.waitFor('Welcome to');
      for (const data of [invite, demote]) {
        await forger.pressData(data);
        expect((await forger.waitForCallbackAnswer()).text).toMatch(
          /only for the business team|Your role cannot/,
        );
      }
    }
    expect(await h.tenant.db.selectFrom('admin_invites').selectAll().execute()).toEqual(
      invitesBefore,
    );
    expect(await listAdmins(h.tenant.db)).toEqual(adminsBefore);
    const rows = await refusals(h.tenant.db);
    expect(rows.length - refusedBefore).toBe(6);
    expect(rows[0]?.details).toMatchObject({ attempted: 'console.tm.r', reason: 'not_admin' });
  });
});
