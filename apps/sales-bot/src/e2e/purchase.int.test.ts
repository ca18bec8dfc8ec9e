import { runClientBot } from '@booking/client-bot/app';
import {
  createLogger,
  createRedis,
  getTenant,
  listOrdersByOwner,
  listOwnerBots,
  onboardingSlug,
} from '@booking/core';
import { randomId, TEST_ENCRYPTION_KEY, TEST_REDIS_URL } from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SalesHarness, startSalesHarness } from '../testing/harness.js';
import { payUrlOf, submitCheckout } from '../testing/journey.js';

const DAY_MS = 86_400_000;

let harness: SalesHarness;

beforeAll(async () => {
  harness = await startSalesHarness();
});

afterAll(async () => {
  await harness?.stop();
});

describe('a prospect buys a plan', () => {
  it('buys Standard, pays on the emulator page, hands over a bot token and gets a live bot', async () => {
    const { chat, userId } = harness.prospect('en');
    await chat.send('/start');
    await chat.waitFor(/Your own Telegram booking bot/);
    await chat.press('💳 Plans and prices');
    const plans = await chat.waitFor(/Standard/);
    expect(plans.text).toContain('Standard: 799 ₽ for 90 days');
    expect(plans.text).toContain('Starter: 299 ₽ for 30 days');
    expect(plans.text).toContain('Every plan includes');

    await chat.press('Buy Standard: 799 ₽');
    await chat.waitFor(/What is your business called/);
    await chat.send('Aurora Salon');
    await chat.waitFor(/Where should we send the payment receipt/);
    // A bad email is refused with what is expected; the checkout goes on after a good one.
    await chat.send('not an email');
    await chat.waitFor(/such as anna@example.com/);
    await chat.send('olga@example.com');
    await chat.waitFor(/Auto-renewal/);
    await chat.press('No, I will renew myself');
    await chat.waitFor(/Order #\d+: Standard, 90 days, 799 ₽/);
    const url = payUrlOf(chat);

    // Nothing is paid until YooKassa says so: "I have paid" before paying changes nothing.
    await chat.press('✅ I have paid');
    await chat.waitFor(/not received the payment yet/);

    const paidAt = performance.now();
    await submitCheckout(url, 'pay');
    await chat.waitFor(/Payment received: Standard, paid until/, { timeout: 10_000 });
    await chat.waitFor(/Now let’s create your bot/);
    const askedForToken = performance.now();
    const [pending] = await listOwnerBots(harness.app.billing.db, userId);
    expect(pending?.tenant).toBeUndefined();
    const paidUntil = pending?.subscription.paidUntil as Date;
    expect(Math.abs(paidUntil.getTime() - Date.now() - 90 * DAY_MS)).toBeLessThan(60_000);
    const [order] = await listOrdersByOwner(harness.app.billing.db, userId);
    expect(order).toMatchObject({
      status: 'paid',
      planCode: 'standard',
      email: 'olga@example.com',
    });

    // The owner made a bot with BotFather (a second emulated bot) and pastes its token.
    const ownersBot = harness.sandbox.telegram.createBot({ username: `aurora_${randomId(5)}_bot` });
    await chat.send(ownersBot.token);
    await chat.waitFor(new RegExp(`@${ownersBot.username} is live`), { timeout: 10_000 });
    const provisionedAt = performance.now();
    const tenant = await getTenant(
      harness.app.billing.db,
      onboardingSlug(Number(ownersBot.token.split(':')[0])),
    );
    expect(tenant).toMatchObject({
      status: 'active',
      ownerTelegramId: userId,
      plan: 'standard',
      botUsername: ownersBot.username,
    });
    expect(tenant.paidUntil?.getTime()).toBe(paidUntil.getTime());

    // The fleet (feat/fleet) starts serving a new tenant by itself; here the test starts
    // its client bot, then the owner talks to their new bot.
    const redis = createRedis(TEST_REDIS_URL);
    const bullConnection = createRedis(TEST_REDIS_URL, { forBullmq: true });
    const clientBot = await runClientBot({
      slug: tenant.slug,
      db: harness.app.billing.db,
      redis,
      bullConnection,
      logger: createLogger({ app: 'client-bot-test', level: 'silent' }),
      encryptionKey: TEST_ENCRYPTION_KEY,
      apiRoot: harness.sandbox.url,
      instanceId: 'test',
      queueNamespace: `test_${randomId(6)}`,
      pollTimeoutSeconds: 1,
    });
    try {
      const ownerChat = harness.sandbox.chat(ownersBot, chat.transcript().user);
      await ownerChat.send('/start');
      // The owner's new bot answers, with the console for its owner, whose first run
      // is the setup.
      await ownerChat.waitFor(/What would you like to do/, { timeout: 10_000 });
      const answeredAt = performance.now();
      await ownerChat.press('⚙️ Manage');
      await ownerChat.waitFor(/Let’s open your salon/);
      // Figures for the report (the machine is shared: compare within one run).
      process.stdout.write(
        `payment → onboarding prompt ${Math.round(askedForToken - paidAt)} ms; ` +
          `payment → tenant provisioned (token pasted at once) ${Math.round(provisionedAt - paidAt)} ms; ` +
          `payment → the new bot's first answer ${Math.round(answeredAt - paidAt)} ms\n`,
      );
    } finally {
      await clientBot.stop();
      await Promise.all([bullConnection.quit(), redis.quit()]);
      await harness.disposeTenant(tenant);
    }
  });
});
