import { runClientBot } from '@booking/client-bot/app';
import {
  addAdmin,
  createLogger,
  createRedis,
  getSubscription,
  getTenant,
  renewalChargeJobId,
  suspendTenant,
  tenantDb,
} from '@booking/core';
import {
  getTestTenantDeps,
  randomId,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PaidBot,
  paidBot,
  type SalesHarness,
  setPeriodEnd,
  startSalesHarness,
} from '../testing/harness.js';
import { paymentIdOf, payUrlOf, submitCheckout, urlButtonOf } from '../testing/journey.js';

const DAY_MS = 86_400_000;

let harness: SalesHarness;
const made: PaidBot[] = [];

beforeAll(async () => {
  harness = await startSalesHarness();
});

afterAll(async () => {
  for (const bot of made) {
    await harness?.disposeTenant(bot.tenant);
  }
  await harness?.stop();
});

async function newPaidBot(autoRenew: boolean): Promise<PaidBot> {
  const bot = await paidBot(harness, { autoRenew });
  made.push(bot);
  return bot;
}

/** Polls until `check` passes (its last failure is thrown after the deadline). */
async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('auto-renewal', () => {
  it('warns the day before, charges the saved card once however often its job runs', async () => {
    const bot = await newPaidBot(true);
    const owner = harness.sandbox.chat(harness.bot, bot.ownerId);
    expect((await getSubscription(harness.app.billing.db, bot.subscriptionId)).autoRenew).toBe(
      true,
    );
    await setPeriodEnd(bot, new Date(Date.now() + 3.5 * DAY_MS));
    await harness.app.jobs.sweepNow();
    await owner.waitFor(/Tomorrow we will charge your saved card/, { timeout: 10_000 });

    const periodEnd = new Date(Date.now() + 2.5 * DAY_MS);
    await setPeriodEnd(bot, periodEnd);
    await harness.app.jobs.sweepNow();
    await harness.app.jobs.sweepNow();
    await owner.waitFor(/renewed automatically/, { timeout: 10_000 });
    // The charge's job runs again for the same period: nothing more happens.
    const job = { subscriptionId: bot.subscriptionId, periodEnd: periodEnd.toISOString() };
    await harness.app.jobs.queue.remove(renewalChargeJobId(job));
    await harness.app.jobs.chargeRenewal(job);
    await eventually(async () => {
      expect(await harness.app.jobs.queue.getJobState(renewalChargeJobId(job))).toBe('completed');
    });
    const renewed = await getSubscription(harness.app.billing.db, bot.subscriptionId);
    expect(renewed.paidUntil.getTime() - periodEnd.getTime()).toBe(90 * DAY_MS);
    // YooKassa saw the purchase and one charge: the repeated job did not charge again.
    expect(harness.sandbox.yookassa.listPayments(harness.shop.shopId)).toHaveLength(2);
    expect(
      owner.botMessages().filter((m) => m.text.includes('renewed automatically')),
    ).toHaveLength(1);

    // The owner switches auto-renewal off under "My bots".
    await owner.send('/start');
    await owner.press('🤖 My bots');
    await owner.waitFor(/auto-renewal on/);
    await owner.press(`Turn off auto-renewal for @${bot.bot.username}`);
    await owner.waitFor(/No further charges will be made/);
    expect((await getSubscription(harness.app.billing.db, bot.subscriptionId)).autoRenew).toBe(
      false,
    );
  });

  it('tells the owner when the charge fails, with a link to pay by hand', async () => {
    const bot = await newPaidBot(true);
    const owner = harness.sandbox.chat(harness.bot, bot.ownerId);
    const periodEnd = new Date(Date.now() + 2.5 * DAY_MS);
    await setPeriodEnd(bot, periodEnd);
    harness.sandbox.yookassa.setRecurringOutcome(
      { status: 'canceled', reason: 'insufficient_funds' },
      { once: true },
    );
    await harness.app.jobs.sweepNow();
    const notice = await owner.waitFor(/We could not charge your card/, { timeout: 10_000 });
    expect(notice.text).toContain('insufficient funds');
    expect(notice.text).toContain(`?start=renew_${bot.subscriptionId}`);
    const after = await getSubscription(harness.app.billing.db, bot.subscriptionId);
    expect(after.paidUntil.getTime()).toBe(periodEnd.getTime());
  });
});

describe('expiry', () => {
  it('suspends at the end: customers read "paused", the owner a renewal link; paying through it resumes the bot at once', async () => {
    const bot = await newPaidBot(false);
    const owner = harness.sandbox.chat(harness.bot, bot.ownerId);
    await setPeriodEnd(bot, new Date(Date.now() + 2.5 * DAY_MS));
    await harness.app.jobs.sweepNow();
    await owner.waitFor(/ends in 3 days/, { timeout: 10_000 });

    const redis = createRedis(TEST_REDIS_URL);
    const bullConnection = createRedis(TEST_REDIS_URL, { forBullmq: true });
    const clientBot = await runClientBot({
      slug: bot.tenant.slug,
      db: harness.app.billing.db,
      redis,
      bullConnection,
      logger: createLogger({ app: 'client-bot-test', level: 'silent' }),
      encryptionKey: TEST_ENCRYPTION_KEY,
      apiRoot: harness.sandbox.url,
      instanceId: 'test',
      queueNamespace: `test_${randomId(6)}`,
      pollTimeoutSeconds: 1,
      statusRefreshMs: 300,
      salesBotUsername: harness.bot.username,
    });
    try {
      const customer = harness.sandbox.chat(
        bot.bot,
        harness.sandbox.telegram.createUser({ first_name: 'Kim', language_code: 'en' }),
      );
      // Before the end the bot serves its customers.
      await customer.send('/start');
      await customer.waitFor(/What would you like to do/, { timeout: 10_000 });

      // The period ends; the sweep suspends the tenant and tells the owner.
      await setPeriodEnd(bot, new Date(Date.now() - 60_000));
      await harness.app.jobs.sweepNow();
      await owner.waitFor(/tells customers that booking is paused/, { timeout: 10_000 });
      expect((await getTenant(harness.app.billing.db, bot.tenant.slug)).status).toBe('suspended');

      // The running client bot sees it within its refresh interval: a customer is told
      // booking is paused, and nothing else.
      await eventually(async () => {
        await customer.send('/start');
        const paused = await customer.nextMessage();
        expect(paused.text).toMatch(/temporarily unavailable/);
        expect(paused.text).not.toContain(harness.bot.username);
        expect(paused.replyMarkup).toBeUndefined();
      });

      // Its owner is told how to renew: a button opening the sales bot on this tenant.
      const ownerInBot = harness.sandbox.chat(bot.bot, bot.ownerId);
      await ownerInBot.send('/start');
      const told = await ownerInBot.waitFor(/subscription has ended/);
      expect(told.text).toContain(`Renew it in @${harness.bot.username}`);
      expect(told.text).not.toMatch(/temporarily unavailable/);
      const link = urlButtonOf(ownerInBot, '💳 Renew the subscription');
      expect(link).toBe(`https://t.me/${harness.bot.username}?start=renew_${bot.tenant.slug}`);

      // An admin who is not the owner is told to ask the owner; no button.
      const admin = harness.sandbox.telegram.createUser({ first_name: 'Ada', language_code: 'en' });
      await addAdmin(
        tenantDb(harness.app.billing.db, bot.tenant.schema),
        { telegramUserId: admin.id, role: 'admin', name: 'Ada' },
        'test',
      );
      const adminInBot = harness.sandbox.chat(bot.bot, admin);
      await adminInBot.send('/start');
      await adminInBot.waitFor(new RegExp(`The owner can renew it in @${harness.bot.username}`));
      expect(adminInBot.buttons()).toEqual([]);

      // The deep link opens the renewal for the owner only.
      const payload = new URL(link).searchParams.get('start') ?? '';
      const stranger = harness.prospect('en').chat;
      await stranger.send(`/start ${payload}`);
      await stranger.waitFor(/belongs to another account/);
      expect(stranger.buttons()).toEqual([]);

      await owner.send(`/start ${payload}`);
      await owner.waitFor(new RegExp(`Which plan should renew @${bot.bot.username}`));
      await owner.press('Buy Starter: 299 ₽');
      await owner.waitFor(/Where should we send the payment receipt/);
      await owner.send('owner@example.com');
      await owner.press('No, I will renew myself');
      await owner.waitFor(/Order #\d+: Starter, 30 days/);
      // The owner pays on the emulator's page; its notification reaches the webhook,
      // whose job resumes the tenant and tells the owner (nobody pressed "I have paid").
      const payUrl = payUrlOf(owner);
      await submitCheckout(payUrl, 'pay');
      await owner.waitFor(new RegExp(`Payment received. @${bot.bot.username} is paid until`), {
        timeout: 10_000,
      });
      const delivery = harness.sandbox.yookassa
        .notifications()
        .find(
          ({ body }) =>
            body.event === 'payment.succeeded' && body.object.id === paymentIdOf(payUrl),
        );
      expect(delivery).toMatchObject({ delivered: true, lastStatus: 200 });
      const tenant = await getTenant(harness.app.billing.db, bot.tenant.slug);
      expect(tenant.status).toBe('active');
      expect(Math.abs((tenant.paidUntil?.getTime() ?? 0) - Date.now() - 30 * DAY_MS)).toBeLessThan(
        60_000,
      );
      // The running bot serves the customer again within its refresh interval.
      await eventually(async () => {
        await customer.send('/start');
        expect((await customer.nextMessage()).text).toMatch(/What would you like to do/);
      });
      await ownerInBot.send('/start');
      await ownerInBot.waitFor(/What would you like to do/);

      // The operator stops the bot while its period runs: paying would change nothing,
      // so its owner is sent to support, with no renewal button.
      await suspendTenant(await getTestTenantDeps(), bot.tenant.slug);
      await eventually(async () => {
        await ownerInBot.send('/start');
        const stopped = await ownerInBot.nextMessage();
        expect(stopped.text).toMatch(/paused by the platform/);
        expect(stopped.replyMarkup).toBeUndefined();
      });
    } finally {
      await clientBot.stop();
      await Promise.all([bullConnection.quit(), redis.quit()]);
    }
  });
});
