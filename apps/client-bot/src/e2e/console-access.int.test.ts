import { randomInt } from 'node:crypto';
import { addAdmin, listAuditLog } from '@booking/core';
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

describe('console access', () => {
  it('the owner of provisioning gets Manage and /admin; the console menu knows their role', async () => {
    await owner.send('/start');
    await owner.waitFor('Welcome to');
    expect(owner.buttons().flat()).toContain('⚙️ Manage');
    await owner.press('⚙️ Manage');
    await owner.waitFor('You are the owner');
    await owner.send('/admin');
    await owner.waitFor('You are the owner');
  });

  it('a customer never sees the console, and a replayed console button is refused and audited', async () => {
    await owner.send('/start');
    await owner.waitFor('Welcome to');
    const manage = buttonData(owner, '⚙️ Manage');

    const { chat, userId } = h.chat({ name: 'Carl' });
    await chat.send('/start');
    await chat.waitFor('Welcome to');
    expect(chat.buttons().flat()).not.toContain('⚙️ Manage');
    await chat.send('/admin');
    await chat.waitFor('I do not know that command');
    expect(chat.buttons().flat()).not.toContain('⚙️ Manage');

    const before = (await listAuditLog(h.tenant.db)).length;
    await chat.pressData(manage);
    expect((await chat.waitForCallbackAnswer()).text).toBe('This is only for the business team.');
    expect(chat.last()?.text).not.toContain('Console');
    const [refusal] = await refusals(h.tenant.db);
    expect(refusal).toMatchObject({
      actor: `telegram:${userId}`,
      action: 'access.refused',
      details: { attempted: 'console.a', reason: 'not_admin', role: 'customer' },
    });
    // The refusal is the only row written.
    expect((await listAuditLog(h.tenant.db)).length).toBe(before + 1);
  });

  it('staff see the console too, in their own words, in Russian', async () => {
    const staffUser = randomInt(1_000_000_000, 2_000_000_000);
    await addAdmin(
      h.tenant.db,
      { telegramUserId: staffUser, role: 'staff', staffId: h.salon.anna },
      'test',
    );
    const { chat } = h.chat({ name: 'Anna', id: staffUser, language: 'ru' });
    await chat.send('/admin');
    await chat.waitFor('Вы специалист');
    await chat.press('👁 Меню клиента');
    await chat.waitFor('Добро пожаловать');
    expect(chat.buttons().flat()).toContain('⚙️ Управление');
  });
});
