import { Markup } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox.js';
import { createTelegraf, launch, type RunningBot } from '../test-support/telegraf-bot.js';

let sandbox: Sandbox;
const running: RunningBot[] = [];

beforeEach(async () => {
  sandbox = await startSandbox();
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((bot) => bot.stop()));
  await sandbox.stop();
});

describe('telegraf bot over long polling', () => {
  it('answers /start with an inline keyboard and handles a button press', async () => {
    const bot = sandbox.telegram.createBot({ username: 'salon_bot' });
    const user = sandbox.telegram.createUser({ first_name: 'Ann', language_code: 'en' });
    const telegraf = createTelegraf(sandbox, bot);
    telegraf.start((ctx) =>
      ctx.reply(
        `Hello, ${ctx.from.first_name}`,
        Markup.inlineKeyboard([Markup.button.callback('Book', 'book')]),
      ),
    );
    telegraf.action('book', async (ctx) => {
      await ctx.answerCbQuery('Loading');
      await ctx.editMessageText(
        'Choose a service',
        Markup.inlineKeyboard([Markup.button.callback('Haircut', 'svc:1')]),
      );
    });
    running.push(await launch(sandbox, bot, telegraf));

    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    expect((await chat.waitFor('Hello')).text).toBe('Hello, Ann');
    expect(chat.buttons()).toEqual([['Book']]);
    await chat.press('Book');
    await chat.waitFor(/Choose a service/);
    expect(chat.last()?.text).toBe('Choose a service');
    expect(chat.last()?.edited).toBe(true);
    expect(await chat.waitForCallbackAnswer()).toMatchObject({ text: 'Loading', showAlert: false });
    const stats = sandbox.telegram.stats(bot);
    expect(stats.tooManyRequests).toBe(0);
    expect(stats.callbacks.map((callback) => callback.answerCount)).toEqual([1]);
    expect(Object.values(stats.deliveries).every((count) => count === 1)).toBe(true);
  });

  it('runs many bots at once, each with its own chats', async () => {
    const user = sandbox.telegram.createUser({ first_name: 'Ann' });
    const bots = ['alpha_bot', 'beta_bot', 'gamma_bot'].map((username) =>
      sandbox.telegram.createBot({ username }),
    );
    for (const bot of bots) {
      const telegraf = createTelegraf(sandbox, bot);
      telegraf.on('text', (ctx) => ctx.reply(`${ctx.botInfo.username} got ${ctx.message.text}`));
      running.push(await launch(sandbox, bot, telegraf));
    }
    const chats = bots.map((bot) => sandbox.chat(bot, user));
    await Promise.all(chats.map((chat, index) => chat.send(`hello ${index}`)));
    for (const [index, chat] of chats.entries()) {
      expect((await chat.nextMessage()).text).toBe(`${bots[index]?.username} got hello ${index}`);
      expect(chat.botMessages()).toHaveLength(1);
    }
  });
});
