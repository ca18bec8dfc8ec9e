import { getTenant, listOrdersByOwner, listOwnerBots, onboardingSlug } from '@booking/core';
import { randomId } from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaidBot, paidBot, type SalesHarness, startSalesHarness } from '../testing/harness.js';
import { buyPlan, submitCheckout } from '../testing/journey.js';

let harness: SalesHarness;
let other: PaidBot;

beforeAll(async () => {
  harness = await startSalesHarness();
  other = await paidBot(harness);
});

afterAll(async () => {
  await harness?.disposeTenant(other.tenant);
  await harness?.stop();
});

describe('checkout and onboarding edges', () => {
  it('tells a declined payer, makes no bot, and lets them try again', async () => {
    const { chat, userId } = harness.prospect('en');
    const url = await buyPlan(chat, { planButton: 'Buy Starter: 299 ₽' });
    await submitCheckout(url, 'decline');
    await chat.waitFor(/The payment did not go through \(the bank declined it\)/, {
      timeout: 10_000,
    });
    const [order] = await listOrdersByOwner(harness.app.billing.db, userId);
    expect(order?.status).toBe('canceled');
    expect(await listOwnerBots(harness.app.billing.db, userId)).toEqual([]);
    await chat.press('🔁 Try again');
    await chat.waitFor(/Plans/);
  });

  it('refuses a revoked token or another tenant’s bot, keeps the payment, and resumes after a restart', async () => {
    const { chat, userId } = harness.prospect('en');
    const url = await buyPlan(chat, { planButton: 'Buy Standard: 799 ₽' });
    await submitCheckout(url, 'pay');
    await chat.waitFor(/Now let’s create your bot/, { timeout: 10_000 });

    const ownersBot = harness.sandbox.telegram.createBot({ username: `nova_${randomId(5)}_bot` });
    harness.sandbox.telegram.setFault(ownersBot, { kind: 'unauthorized' });
    await chat.send(ownersBot.token);
    await chat.waitFor(/Telegram does not accept this token.*Your payment is kept/s);
    await chat.send('12345:short');
    await chat.waitFor(/This does not look like a bot token/);
    // A bot that already serves another business is refused.
    await chat.send(other.bot.token);
    await chat.waitFor(/This bot already serves another business/);
    const [waiting] = await listOwnerBots(harness.app.billing.db, userId);
    expect(waiting?.tenant).toBeUndefined();
    expect((await listOrdersByOwner(harness.app.billing.db, userId))[0]?.status).toBe('paid');

    // A restart and a lost session later, the paid bot still waits for its token.
    await harness.restart();
    await harness.forgetSession(userId);
    await chat.send('/start');
    await chat.waitFor(/You have a paid bot waiting to be set up/);
    await chat.press('🛠 Set up my bot');
    await chat.waitFor(/Now let’s create your bot/);
    harness.sandbox.telegram.setFault(ownersBot, undefined);
    await chat.send(ownersBot.token);
    await chat.waitFor(new RegExp(`@${ownersBot.username} is live`), { timeout: 10_000 });
    const tenant = await getTenant(
      harness.app.billing.db,
      onboardingSlug(Number(ownersBot.token.split(':')[0])),
    );
    expect(tenant).toMatchObject({ status: 'active', ownerTelegramId: userId });
    expect((await getTenant(harness.app.billing.db, other.tenant.slug)).ownerTelegramId).toBe(
      other.ownerId,
    );
    await harness.disposeTenant(tenant);
  });

  it('skips the auto-renewal question when the shop may not save cards', async () => {
    const noAutopayments = await startSalesHarness({
      storefront: {
        demoBotUrl: 'https://t.me/demo_salon_bot',
        supportContact: '@booking_help',
        offerAutoRenewal: false,
      },
    });
    try {
      const { chat, userId } = noAutopayments.prospect('en');
      await chat.send('/start');
      await chat.press('💳 Plans and prices');
      await chat.press('Buy Starter: 299 ₽');
      await chat.waitFor(/What is your business called/);
      await chat.send('Nova');
      await chat.waitFor(/Where should we send the payment receipt/);
      await chat.send('nova@example.com');
      await chat.waitFor(/Order #\d+: Starter, 30 days, 299 ₽\./);
      expect(chat.botMessages().some((m) => m.text.includes('Auto-renewal'))).toBe(false);
      const [order] = await listOrdersByOwner(noAutopayments.app.billing.db, userId);
      expect(order?.savePaymentMethod).toBe(false);
    } finally {
      await noAutopayments.stop();
    }
  });

  it('gives the free trial once per Telegram user', async () => {
    const { chat } = harness.prospect('ru');
    await chat.send('/start');
    await chat.press('💳 Тарифы и цены');
    await chat.press('🎁 Бесплатно на 7 дн.');
    await chat.waitFor(/Пробный период действует до/);
    await chat.waitFor(/Теперь создадим вашего бота/);
    await chat.send('/start');
    await chat.press('💳 Тарифы и цены');
    await chat.press('🎁 Бесплатно на 7 дн.');
    await chat.waitFor(/Пробный период даётся только для первого бота/);
  });
});
