import { randomInt } from 'node:crypto';
import { addAdmin, listAuditLog } from '@booking/core';
import type { SandboxChat } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonData, refusals } from '../testing/console.js';
import { until } from '../testing/fault-world.js';
import { type Harness, startHarness } from '../testing/harness.js';

let h: Harness;
let owner: SandboxChat;
const ownerId = randomInt(1_000_000_000, 2_000_000_000);
const clients: Array<{ chat: SandboxChat; userId: number }> = [];

const broadcastRows = () => h.tenant.db.selectFrom('broadcasts').selectAll().execute();

beforeAll(async () => {
  h = await startHarness({
    ownerTelegramId: ownerId,
    bot: { broadcast: { progressEveryMs: 200 } },
  });
  owner = h.chat({ name: 'Olga', id: ownerId }).chat;
  for (const name of ['Kate', 'Ivan', 'Pablo']) {
    const client = h.chat({ name });
    await client.chat.send('/start');
    await client.chat.waitFor('Welcome to');
    await h.knownClient(client.userId, name);
    clients.push(client);
  }
  // Pablo blocked the bot since.
  await clients[2]?.chat.block();
});

afterAll(async () => {
  await h?.stop();
});

describe('console: broadcast', () => {
  it('the owner composes, previews, confirms, watches the progress and reads the report', async () => {
    await owner.send('/admin');
    await owner.waitFor('You are the owner');
    await owner.press('📣 Broadcast');
    await owner.waitFor('Write the message for all your clients who have a chat with the bot (3)');
    await owner.sendSticker();
    await owner.waitFor('Please send the message as text, from 1 to 4096 characters.');
    await owner.send('Closed on <Monday> & Tuesday');
    await owner.waitFor('Send this message to 3 clients?');
    // The preview shows the text exactly as typed.
    expect(owner.botMessages().some((m) => m.text === 'Closed on <Monday> & Tuesday')).toBe(true);
    await owner.press('✏️ Rewrite');
    await owner.waitFor('Write the message');
    await owner.send('Closed on Monday');
    await owner.waitFor('Send this message to 3 clients?');
    const send = buttonData(owner, '✅ Send');
    await owner.press('✅ Send');
    const report = await owner.waitFor('Broadcast finished', { timeout: 15_000 });
    expect(report.text).toContain('Recipients: 3');
    expect(report.text).toContain('Delivered: 2');
    expect(report.text).toContain('Blocked the bot: 1');
    expect(report.text).toContain('Failed: 0');
    // The confirm screen became the progress message and ends at the total.
    expect(owner.botMessages().some((m) => m.text.includes('sent to 3 of 3'))).toBe(true);

    for (const client of clients.slice(0, 2)) {
      const got = client.chat.botMessages().filter((m) => m.text === 'Closed on Monday');
      expect(got).toHaveLength(1);
    }
    expect(clients[2]?.chat.botMessages().some((m) => m.text === 'Closed on Monday')).toBe(false);
    expect(h.sandbox.telegram.stats(h.bot).tooManyRequests).toBe(0);

    // The report goes out just before the broadcast is marked done.
    await until(
      async () => (await broadcastRows())[0]?.status === 'done',
      5_000,
      'the broadcast to be done',
    );
    const [row] = await broadcastRows();
    expect(row).toMatchObject({ text: 'Closed on Monday', status: 'done', total: 3 });
    const recipients = await h.tenant.db
      .selectFrom('broadcast_recipients')
      .select(['outcome'])
      .orderBy('outcome')
      .execute();
    expect(recipients.map((r) => r.outcome)).toEqual(['blocked', 'sent', 'sent']);
    const audit = await listAuditLog(h.tenant.db, { target: `broadcast:${row?.id}` });
    expect(audit[0]).toMatchObject({
      action: 'broadcast.created',
      actor: expect.stringMatching(/^admin:\d+$/),
    });

    // Pressed again, the sent draft goes nowhere.
    await owner.pressData(send);
    expect((await owner.waitForCallbackAnswer()).text).toBe(
      'Nothing to send: write the message again.',
    );
    expect(await broadcastRows()).toHaveLength(1);
  });

  it('refuses a customer and a specialist who replay the Send button: nothing sent, audited', async () => {
    await owner.send('/admin');
    await owner.waitFor('You are the owner');
    const openSection = buttonData(owner, '📣 Broadcast');
    await owner.press('📣 Broadcast');
    await owner.waitFor('Write the message');
    await owner.send('Second one');
    await owner.waitFor('Send this message to 3 clients?');
    const send = buttonData(owner, '✅ Send');

    const staffUser = randomInt(1_000_000_000, 2_000_000_000);
    await addAdmin(
      h.tenant.db,
      { telegramUserId: staffUser, role: 'staff', staffId: h.salon.anna },
      'test',
    );
    const staff = h.chat({ name: 'Anna', id: staffUser }).chat;
    await staff.send('/admin');
    await staff.waitFor('You are a specialist');
    const customer = clients[0]?.chat as SandboxChat;
    const before = (await refusals(h.tenant.db)).length;

    await customer.pressData(send);
    expect((await customer.waitForCallbackAnswer()).text).toBe(
      'This is only for the business team.',
    );
    await staff.pressData(send);
    expect((await staff.waitForCallbackAnswer()).text).toBe(
      'Your role cannot do this. Ask the owner.',
    );
    // A specialist cannot open the section either.
    await staff.pressData(openSection);
    expect((await staff.waitForCallbackAnswer()).text).toBe(
      'Your role cannot do this. Ask the owner.',
    );

    const refused = await refusals(h.tenant.db);
    expect(refused.length).toBe(before + 3);
    expect(refused.slice(0, 3).map((entry) => entry.details.attempted)).toEqual([
      'console.section.broadcast',
      'console.bc.send',
      'console.bc.send',
    ]);
    expect(await broadcastRows()).toHaveLength(1);
    expect(customer.botMessages().some((m) => m.text === 'Second one')).toBe(false);
  });
});
