import { startBotIntake } from '@booking/bot-kit';
import {
  createLogger,
  deleteKeysMatching,
  getTenant,
  listOperatorAudit,
  provisionTenantBy,
  type TenantDeps,
  tenantDb,
  updateSettings,
} from '@booking/core';
import { getTestTenantDeps, randomId, randomSlug } from '@booking/core/testing';
import { type Sandbox, type SandboxChat, startSandbox } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMasterBot } from '../bot.js';
import { ACTION, masterCodec } from '../callbacks.js';

const logger = createLogger({
  app: 'master-bot-test',
  level: process.env.TEST_LOG_LEVEL ?? 'silent',
});
const keyPrefix = `p:{master-e2e-${randomId(8)}}:`;

describe('master bot', () => {
  let sandbox: Sandbox;
  let deps: TenantDeps;
  let intake: Awaited<ReturnType<typeof startBotIntake>>;
  let operator: SandboxChat;
  let stranger: SandboxChat;
  let owner: SandboxChat;
  const marker = `mb${randomId(6)}`;
  const slug = randomSlug();
  const other = randomSlug();
  let strangerId = 0;
  let masterTelegram: ReturnType<typeof createMasterBot>['bot']['telegram'];

  beforeAll(async () => {
    sandbox = await startSandbox({ waitTimeoutMs: 8_000 });
    deps = await getTestTenantDeps();
    const masterBot = sandbox.telegram.createBot({ username: 'master_test_bot' });
    const operatorUser = sandbox.telegram.createUser({ first_name: 'Olga', language_code: 'en' });
    const strangerUser = sandbox.telegram.createUser({ first_name: 'Eve', language_code: 'en' });
    strangerId = strangerUser.id;
    const ownerUser = sandbox.telegram.createUser({ first_name: 'Owner', language_code: 'ru' });
    const tenantBot = sandbox.telegram.createBot({ username: `${marker}_0_bot` });
    await provisionTenantBy(deps, 'cli', {
      slug,
      botToken: tenantBot.token,
      botUsername: `${marker}_0_bot`,
      ownerTelegramId: ownerUser.id,
    });
    const secondBot = sandbox.telegram.createBot({ username: `${marker}_1_bot` });
    await provisionTenantBy(deps, 'cli', {
      slug: other,
      botToken: secondBot.token,
      botUsername: `${marker}_1_bot`,
    });
    const bot = createMasterBot({
      deps,
      token: masterBot.token,
      operatorIds: [operatorUser.id],
      logger,
      apiRoot: sandbox.url,
      keyPrefix,
    });
    masterTelegram = bot.bot.telegram;
    intake = await startBotIntake({
      bot,
      name: 'master',
      token: masterBot.token,
      redis: deps.redis,
      logger,
      instanceId: 'e2e',
      encryptionKey: deps.encryptionKey,
      pollTimeoutSeconds: 1,
    });
    await intake.ready();
    operator = sandbox.chat(masterBot, operatorUser);
    stranger = sandbox.chat(masterBot, strangerUser);
    owner = sandbox.chat(tenantBot, ownerUser);
    // An owner has talked to their own bot: Telegram lets a bot write only then.
    await owner.send('/start');
  });

  afterAll(async () => {
    await intake?.stop();
    await sandbox?.stop();
    for (const each of [slug, other]) {
      await deps.db
        .selectFrom('platform.tenants')
        .select('status')
        .where('slug', '=', each)
        .executeTakeFirst()
        .then(async (row) => {
          if (row && row.status !== 'deleted') {
            const { deleteTenant } = await import('@booking/core');
            await deleteTenant(deps, each);
          }
        });
    }
    await deleteKeysMatching(deps.redis, `${keyPrefix}*`);
  });

  it('answers a non-operator nothing, and refuses and audits a forged button', async () => {
    await stranger.send('/start');
    await stranger.send('/tenants');
    // The operator is answered meanwhile, so the stranger had every chance to be too.
    await operator.send('/start');
    await operator.waitFor('Operator console');
    expect(stranger.botMessages()).toEqual([]);
    // A card left from when the stranger was an operator: a client can press any data on it.
    await masterTelegram.sendMessage(strangerId, 'old card', {
      reply_markup: { inline_keyboard: [[{ text: 'old', callback_data: 'old' }]] },
    });
    await stranger.waitFor('old card');
    const forged = masterCodec(deps.encryptionKey).encode(ACTION.suspend, slug);
    await stranger.pressData(forged);
    await operator.send('/stats');
    await operator.waitFor('Tenants:');
    expect(stranger.botMessages().map((message) => message.text)).toEqual(['old card']);
    expect((await getTenant(deps.db, slug)).status).toBe('active');
    const refused = (
      await listOperatorAudit(deps.db, { action: 'callback.refused', limit: 50 })
    ).find((entry) => entry.actor === `telegram:${strangerId}`);
    expect(refused).toMatchObject({ action: 'callback.refused' });
    expect(refused?.details).toMatchObject({ action: ACTION.suspend, signed: true, args: [slug] });
  });

  it('lists, searches and pages tenants, and shows a card', async () => {
    await operator.send('/start');
    await operator.press('Tenants');
    await operator.waitFor(/Tenants \(all\): \d+, page 1 of \d+/);
    await operator.send(`/find ${marker}`);
    await operator.waitFor('Tenants (all): 2, page 1 of 1');
    expect(operator.buttons().flat()).toEqual(
      expect.arrayContaining([`${slug} @${marker}_0_bot`, `${other} @${marker}_1_bot`]),
    );
    await updateSettings(tenantDb(deps.db, (await getTenant(deps.db, other)).schema), {
      businessName: `Nail Bar ${marker}`,
    });
    await operator.send(`/find nail bar ${marker.toUpperCase()}`);
    await operator.waitFor('Tenants (all): 1, page 1 of 1');
    expect(operator.buttons().flat()).toContain(`${other} @${marker}_1_bot`);
    await operator.send(`/find ${marker}`);
    await operator.waitFor('Tenants (all): 2, page 1 of 1');
    await operator.press(`${slug} @${marker}_0_bot`);
    await operator.waitFor(`Tenant ${slug}`);
    const card = operator.last()?.text ?? '';
    expect(card).toContain('Status: active');
    expect(card).toContain('Plan: trial');
    expect(card).toContain('token works');
    expect(card).toContain('Bookings in 30 days: 0');
    expect(card).toContain('Served by: no process reports it');
  });

  it('suspends, resumes, pins and unpins from the card, auditing the operator', async () => {
    await operator.press('Suspend');
    await operator.waitFor('Status: suspended');
    await operator.press('Resume');
    await operator.waitFor('Status: active');
    await operator.press('Pin');
    await operator.waitFor('Served by: its own container (pinned)');
    await operator.press('Unpin');
    await operator.waitFor('Served by: no process reports it');
    const actions = (await listOperatorAudit(deps.db, { target: slug })).map((e) => e.action);
    expect(actions.slice(0, 4)).toEqual([
      'tenant.unpinned',
      'tenant.pinned',
      'tenant.resumed',
      'tenant.suspended',
    ]);
  });

  it('extends with a manual payment and changes the plan, explaining bad input', async () => {
    await operator.press('Extend (payment)');
    await operator.waitFor('send the amount in roubles');
    await operator.send('lots of money');
    await operator.waitFor('Expected: amount');
    await operator.send('1500.50 30 bank transfer');
    await operator.waitFor(/Payment of 1500\.50 RUB recorded; .* is paid until \d{4}-\d{2}-\d{2}/);
    expect((await listOperatorAudit(deps.db, { target: slug }))[0]?.details).toMatchObject({
      amountMinor: 150_050,
      periodDays: 30,
      comment: 'bank transfer',
    });
    await operator.press('Change plan');
    await operator.waitFor('New plan for');
    await operator.send('pro plan!');
    await operator.waitFor('Expected a plan code');
    await operator.send('pro');
    await operator.waitFor(
      'There is no plan pro. Plans: trial, starter, standard, business, premium.',
    );
    await operator.send('premium');
    await operator.waitFor(`${slug} is now on plan premium.`);
    expect((await getTenant(deps.db, slug)).plan).toBe('premium');
  });

  it('shows the platform statistics', async () => {
    await operator.send('/stats');
    await operator.waitFor(/Tenants: \d+ active, \d+ suspended, \d+ deleted/);
    expect(operator.last()?.text).toMatch(/Trial conversion: \d+ of \d+/);
    expect(operator.last()?.text).toMatch(/RUB/);
  });

  it('sends a message to the filtered owners with progress and a report', async () => {
    await operator.send(`/find ${marker}`);
    await operator.waitFor('Tenants (all): 2');
    await operator.send('/broadcast');
    await operator.waitFor('Send the message for tenant owners');
    await operator.send('Maintenance tonight at 23:00');
    await operator.waitFor('Send this to 1 owner(s)');
    await operator.press('Send');
    await operator.waitFor('Message sent: 1 delivered, 0 failed, 1 without an owner.');
    await owner.waitFor('Maintenance tonight at 23:00');
    expect(operator.botMessages().some((m) => m.text.startsWith('Sending: 1 of 1'))).toBe(true);
  });

  it('deletes a tenant only after its slug is typed', async () => {
    await operator.send(`/find ${other}`);
    await operator.press(`${other} @${marker}_1_bot`);
    await operator.waitFor(`Tenant ${other}`);
    await operator.press('Delete');
    await operator.waitFor(`Type the slug ${other} to confirm`);
    await operator.send(`${other}x`);
    await operator.waitFor('Nothing was deleted');
    expect((await getTenant(deps.db, other)).status).toBe('active');
    await operator.send(other);
    await operator.waitFor(`Tenant ${other} deleted.`);
    expect((await getTenant(deps.db, other)).status).toBe('deleted');
    expect((await listOperatorAudit(deps.db, { target: other }))[0]?.action).toBe('tenant.deleted');
  });
});
