import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { Markup } from 'telegraf';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox.js';
import { createTelegraf, launch, type RunningBot } from '../test-support/telegraf-bot.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let browser: Browser;
let sandbox: Sandbox;
let running: RunningBot | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  sandbox = await startSandbox();
});

afterEach(async () => {
  await running?.stop();
  running = undefined;
  await sandbox.stop();
});

describe('web chat in Chromium', () => {
  it('lets a person talk to a telegraf bot: text, inline buttons, reply keyboard with contact', async () => {
    const bot = sandbox.telegram.createBot({ username: 'salon_bot' });
    const user = sandbox.telegram.createUser({
      first_name: 'Ann',
      language_code: 'en',
      phone_number: '79990001122',
    });
    const telegraf = createTelegraf(sandbox, bot);
    telegraf.start((ctx) =>
      ctx.reply('Welcome to <b>Salon</b>', {
        parse_mode: 'HTML',
        ...Markup.inlineKeyboard([Markup.button.callback('Book', 'book')]),
      }),
    );
    telegraf.action('book', async (ctx) => {
      await ctx.answerCbQuery('Opening the menu');
      await ctx.editMessageText(
        'Choose a service',
        Markup.inlineKeyboard([Markup.button.callback('Haircut', 'haircut')]),
      );
    });
    telegraf.action('haircut', async (ctx) => {
      await ctx.answerCbQuery();
      await ctx.reply(
        'Share your phone',
        Markup.keyboard([[Markup.button.contactRequest('Send my phone')]]).resize(),
      );
    });
    telegraf.on('contact', (ctx) =>
      ctx.reply(`Thanks, ${ctx.message.contact.phone_number}`, Markup.removeKeyboard()),
    );
    await telegraf.telegram.setMyCommands([{ command: 'start', description: 'Start over' }]);
    running = await launch(sandbox, bot, telegraf);

    const page = await browser.newPage();
    try {
      await page.goto(`${sandbox.url}/?bot=${bot.id}&user=${user.id}`);
      await expect.poll(() => page.locator('#bot-select').inputValue()).toBe(String(bot.id));

      await page.fill('#text-input', '/start');
      await page.press('#text-input', 'Enter');
      const welcome = page.locator('.message.bot', { hasText: 'Welcome to Salon' });
      await welcome.waitFor();
      expect(await welcome.locator('b').textContent()).toBe('Salon');
      expect(await page.locator('#commands button').allTextContents()).toEqual(['/start']);

      await welcome.getByRole('button', { name: 'Book' }).click();
      await page.locator('.message.bot', { hasText: 'Choose a service' }).waitFor();
      await page.locator('#toast', { hasText: 'Opening the menu' }).waitFor();
      expect(await page.locator('.message.bot', { hasText: 'Welcome' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Haircut' }).click();
      const share = page.locator('#reply-keyboard button', { hasText: 'Send my phone' });
      await share.click();
      await page.locator('.message.bot', { hasText: 'Thanks, 79990001122' }).waitFor();
      await expect.poll(() => page.locator('#reply-keyboard button').count()).toBe(0);
      expect(await page.locator('.message.user').allTextContents()).toEqual([
        expect.stringContaining('/start'),
        expect.stringContaining('Ann: 79990001122'),
      ]);
    } finally {
      await page.close();
    }
    expect(sandbox.telegram.stats(bot).tooManyRequests).toBe(0);
  });

  it('blocks the bot from the page', async () => {
    const bot = sandbox.telegram.createBot();
    const user = sandbox.telegram.createUser({ first_name: 'Bob' });
    sandbox.telegram.sendText(bot, user, '/start');
    const page = await browser.newPage();
    try {
      await page.goto(`${sandbox.url}/?bot=${bot.id}&user=${user.id}`);
      await page.locator('#block-toggle', { hasText: 'Block bot' }).click();
      await page.locator('#block-toggle', { hasText: 'Unblock bot' }).waitFor();
      expect(sandbox.telegram.transcript(bot, user).blocked).toBe(true);
    } finally {
      await page.close();
    }
  });
});
