import { Markup, type Telegraf } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox.js';
import type { SandboxBot, SandboxUser } from '../telegram/transcript.js';
import { createTelegraf, launch, type RunningBot } from '../test-support/telegraf-bot.js';
import { connectSandbox } from './remote-sandbox.js';
import { SandboxWaitError } from './sandbox-chat.js';

let sandbox: Sandbox;
let bot: SandboxBot;
let user: SandboxUser;
let running: RunningBot;
let received: string[];

/** A small salon bot: a menu with inline buttons, a reply keyboard asking for the phone, files. */
function salonBot(telegraf: Telegraf): void {
  telegraf.start((ctx) =>
    ctx.reply(
      'Welcome! What would you like?',
      Markup.inlineKeyboard([[Markup.button.callback('Book', 'book')]]),
    ),
  );
  telegraf.action('book', async (ctx) => {
    await ctx.answerCbQuery();
    await ctx.editMessageText(
      'Choose a service',
      Markup.inlineKeyboard([Markup.button.callback('Haircut', 'cut')]),
    );
  });
  telegraf.action('cut', async (ctx) => {
    await ctx.answerCbQuery('Haircut selected');
    await ctx.reply(
      'Leave your phone',
      Markup.keyboard([[Markup.button.contactRequest('Share phone'), 'Skip']]).oneTime(),
    );
  });
  telegraf.hears('Skip', (ctx) => ctx.reply('Skipped', Markup.removeKeyboard()));
  telegraf.on('contact', (ctx) => ctx.reply(`Phone saved: ${ctx.message.contact.phone_number}`));
  telegraf.command('two', async (ctx) => {
    await ctx.reply('First');
    await ctx.reply('Second');
  });
  telegraf.on('document', async (ctx) => {
    const link = await ctx.telegram.getFileLink(ctx.message.document.file_id);
    const content = await (await fetch(link)).text();
    received.push(content);
    await ctx.reply(`Got ${ctx.message.document.file_name} (${content.length} bytes)`);
  });
}

beforeEach(async () => {
  received = [];
  sandbox = await startSandbox();
  bot = sandbox.telegram.createBot({ username: 'salon_bot' });
  user = sandbox.telegram.createUser({
    first_name: 'Ann',
    language_code: 'en',
    phone_number: '79991234567',
  });
  const telegraf = createTelegraf(sandbox, bot);
  salonBot(telegraf);
  running = await launch(sandbox, bot, telegraf);
});

afterEach(async () => {
  await running.stop();
  await sandbox.stop();
});

describe('SandboxChat', () => {
  it('walks through a booking conversation', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    await chat.waitFor(/What would you like/);
    await chat.press('Book');
    const edited = await chat.waitFor('Choose a service');
    expect(edited.edited).toBe(true);
    expect(chat.buttons()).toEqual([['Haircut']]);
    await chat.press('Haircut');
    expect((await chat.waitForCallbackAnswer()).text).toBe('Haircut selected');
    await chat.waitFor('Leave your phone');
    expect(chat.replyKeyboard()).toEqual([['Share phone', 'Skip']]);
    await chat.press('Share phone');
    await chat.waitFor('Phone saved: 79991234567');
    // one_time_keyboard hides the keyboard after a press
    expect(chat.replyKeyboard()).toEqual([]);
    expect(chat.last()?.text).toBe('Phone saved: 79991234567');
  });

  it('sends a reply-keyboard button as text and removes the keyboard on remove_keyboard', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    await chat.press('Book');
    await chat.waitFor('Choose a service');
    await chat.press('Haircut');
    await chat.waitFor('Leave your phone');
    const pressed = await chat.press('Skip');
    expect(pressed.kind).toBe('reply');
    await chat.waitFor('Skipped');
    expect(chat.transcript().replyKeyboard).toBeUndefined();
  });

  it('reads messages in order with nextMessage', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.send('/two');
    expect((await chat.nextMessage()).text).toBe('First');
    expect((await chat.nextMessage()).text).toBe('Second');
  });

  it('does not match messages older than the last action', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    await chat.waitFor('Welcome');
    await chat.send('/two');
    await expect(chat.waitFor('Welcome', { timeout: 200 })).rejects.toBeInstanceOf(
      SandboxWaitError,
    );
  });

  it('fails fast with the transcript when the expected message does not come', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    const error = await chat
      .waitFor(/Goodbye/, { timeout: 300 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SandboxWaitError);
    const message = (error as Error).message;
    expect(message).toContain(
      'Timed out after 300 ms waiting for a bot message matching /Goodbye/',
    );
    expect(message).toContain('user -> "/start"');
    expect(message).toContain('<- bot  "Welcome! What would you like?"');
    expect(message).toContain('[Book]');
  });

  it('fails clearly when no button has the label', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    await chat.waitFor('Welcome');
    await expect(chat.press('Cancel', { timeout: 200 })).rejects.toThrow(
      /No button "Cancel" in the chat[\s\S]*\[Book\]/,
    );
  });

  it('uploads a document the bot can download', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.sendDocument({
      fileName: 'notes.txt',
      content: 'hello file',
      mimeType: 'text/plain',
    });
    await chat.waitFor('Got notes.txt (10 bytes)');
    expect(received).toEqual(['hello file']);
  });

  it('blocks the bot and reports it to the bot as my_chat_member', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    await chat.waitFor('Welcome');
    await chat.block();
    expect(chat.transcript().blocked).toBe(true);
    await expect(chat.send('/start')).rejects.toThrow(/has blocked @salon_bot/);
    await chat.unblock();
    await chat.send('/start');
    await chat.waitFor('Welcome');
  });
});

describe('connectSandbox (control API over HTTP)', () => {
  it('drives the same conversation from another process', async () => {
    const remote = connectSandbox(sandbox.url);
    const remoteUser = await remote.telegram.createUser({ first_name: 'Remote' });
    const chat = remote.chat(bot, remoteUser);
    await chat.send('/start');
    await chat.waitFor('Welcome');
    await chat.press('Book');
    await chat.waitFor('Choose a service');
    expect(chat.last()?.text).toBe('Choose a service');
    const stats = await remote.telegram.stats(bot);
    expect(stats.calls.editMessageText).toBe(1);
    expect(stats.tooManyRequests).toBe(0);
    await expect(chat.press('Nope', { timeout: 100 })).rejects.toThrow(/No button "Nope"/);
  });
});
