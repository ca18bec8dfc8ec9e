import { Markup, type Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox.js';
import type { TgSticker } from '../telegram/telegram-types.js';
import type { SandboxBot, SandboxUser } from '../telegram/transcript.js';
import { createTelegraf, launch, type RunningBot } from '../test-support/telegraf-bot.js';
import { connectSandbox } from './remote-sandbox.js';

let sandbox: Sandbox;
let bot: SandboxBot;
let user: SandboxUser;
let running: RunningBot;
/** Message updates the bot received, in order. */
let messages: Update.MessageUpdate['message'][];
/** Callback data the bot received, in order. */
let callbackData: string[];
let commands: string[];

/** A plain telegraf bot that records what it gets and answers every kind of input. */
function recordingBot(telegraf: Telegraf): void {
  telegraf.use(async (ctx, next) => {
    if (ctx.message) {
      messages.push(ctx.message);
    }
    await next();
  });
  telegraf.command('start', async (ctx) => {
    commands.push('start');
    await ctx.reply('Menu', Markup.inlineKeyboard([[Markup.button.callback('Book', 'book:1')]]));
  });
  telegraf.command('help', async (ctx) => {
    commands.push('help');
    await ctx.reply('Help');
  });
  telegraf.command('plain', (ctx) => ctx.reply('No keyboard here'));
  telegraf.on('sticker', (ctx) => ctx.reply(`Nice sticker ${ctx.message.sticker.emoji}`));
  telegraf.on('callback_query', async (ctx) => {
    const data = 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : '';
    callbackData.push(data);
    await ctx.answerCbQuery(`Got ${data}`);
    if (data === 'book:1') {
      await ctx.editMessageText('Booked');
    }
  });
  telegraf.on('text', (ctx) => ctx.reply(`Got ${ctx.message.text.length} characters`));
}

beforeEach(async () => {
  messages = [];
  callbackData = [];
  commands = [];
  sandbox = await startSandbox({ telegram: { limits: false } });
  bot = sandbox.telegram.createBot({ username: 'actions_bot' });
  user = sandbox.telegram.createUser({ first_name: 'Ann', language_code: 'en' });
  const telegraf = createTelegraf(sandbox, bot);
  recordingBot(telegraf);
  running = await launch(sandbox, bot, telegraf);
});

afterEach(async () => {
  await running.stop();
  await sandbox.stop();
});

describe('sendSticker', () => {
  it('delivers a real-shaped sticker message and shows it in the transcript', async () => {
    const chat = sandbox.chat(bot, user);
    const sent = await chat.sendSticker('🎉');
    expect(sent.sticker?.emoji).toBe('🎉');
    expect(sent.text).toBe('');
    await chat.waitFor('Nice sticker 🎉');
    const sticker = messages[0] && 'sticker' in messages[0] ? messages[0].sticker : undefined;
    expect(sticker).toEqual({
      file_id: expect.stringMatching(/^CAAC/),
      file_unique_id: expect.any(String),
      type: 'regular',
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji: '🎉',
    } satisfies Record<keyof Omit<TgSticker, 'file_size'>, unknown>);
    expect(chat.toString()).toContain('user -> "[sticker 🎉]"');
  });

  it('sends 👍 by default', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.sendSticker();
    await chat.waitFor('Nice sticker 👍');
    expect(chat.toString()).toContain('[sticker 👍]');
  });
});

describe('pressData', () => {
  it('sends arbitrary data on the newest inline keyboard and waits for the answer', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    const menu = await chat.waitFor('Menu');
    const result = await chat.pressData('admin:delete-all');
    expect(result).toEqual({
      kind: 'callback',
      callbackQueryId: expect.any(String),
      messageId: menu.messageId,
    });
    expect((await chat.waitForCallbackAnswer()).text).toBe('Got admin:delete-all');
    expect(callbackData).toEqual(['admin:delete-all']);
    const [record] = chat.transcript().callbacks;
    expect(record).toMatchObject({
      data: 'admin:delete-all',
      label: '(admin:delete-all)',
      messageId: menu.messageId,
      answerCount: 1,
    });
    expect(chat.toString()).toContain(
      `pressed [(admin:delete-all)] on #${menu.messageId}: answered "Got admin:delete-all"`,
    );
  });

  it('replays a press on a message whose keyboard is gone', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    const menu = await chat.waitFor('Menu');
    await chat.press('Book');
    await chat.waitFor('Booked');
    expect(chat.buttons()).toEqual([]);
    await chat.pressData('book:1', { messageId: menu.messageId });
    expect((await chat.waitForCallbackAnswer()).text).toBe('Got book:1');
    expect(callbackData).toEqual(['book:1', 'book:1']);
    expect(sandbox.telegram.stats(bot).callbacks.map((callback) => callback.label)).toEqual([
      'Book',
      '(book:1)',
    ]);
  });

  it('keeps the 1..64 byte limit of callback data', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    await chat.waitFor('Menu');
    await expect(chat.pressData('')).rejects.toThrow(/Callback data must be 1-64 bytes/);
    // 33 two-byte characters are 66 bytes although only 33 characters
    await expect(chat.pressData('é'.repeat(33))).rejects.toThrow(/1-64 bytes in UTF-8, got 66/);
    await chat.pressData('x'.repeat(64));
    await chat.waitForCallbackAnswer();
    expect(callbackData).toEqual(['x'.repeat(64)]);
  });

  it('fails with the transcript when there is no message to press on', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.send('/plain');
    await chat.waitFor('No keyboard here');
    await expect(chat.pressData('book:1')).rejects.toThrow(
      /No bot message with an inline keyboard in the chat[\s\S]*"No keyboard here"/,
    );
    await expect(chat.pressData('book:1', { messageId: 99 })).rejects.toThrow(
      /No bot message #99 in the chat/,
    );
    expect(callbackData).toEqual([]);
  });
});

describe('long texts', () => {
  it('splits a 5000-character text into messages of 4096 and 904 characters', async () => {
    const chat = sandbox.chat(bot, user);
    const last = await chat.send('a'.repeat(5000));
    expect(last.text).toHaveLength(904);
    expect(await chat.nextMessage()).toMatchObject({ text: 'Got 4096 characters' });
    expect(await chat.nextMessage()).toMatchObject({ text: 'Got 904 characters' });
    const texts = messages.map((message) => ('text' in message ? message.text : ''));
    expect(texts.map((text) => text.length)).toEqual([4096, 904]);
    expect(texts.join('')).toBe('a'.repeat(5000));
    const userMessages = chat.transcript().messages.filter((message) => message.from === 'user');
    expect(userMessages.map((message) => message.messageId)).toEqual([1, 2]);
    expect(last.messageId).toBe(2);
  });

  it('moves the cursor past every part', async () => {
    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    await chat.waitFor('Menu');
    const last = await chat.send('b'.repeat(9000));
    const parts = chat.transcript().messages.filter((message) => message.from === 'user');
    expect(parts.map((message) => message.text.length)).toEqual([6, 4096, 4096, 808]);
    expect(last.seq).toBe(Math.max(...parts.map((message) => message.seq)));
    await expect(chat.waitFor('Menu', { timeout: 200 })).rejects.toThrow(/Timed out/);
    await chat.waitFor('Got 808 characters');
  });

  it('detects bot commands in the first part only', async () => {
    const chat = sandbox.chat(bot, user);
    const first = `/start ${'x'.repeat(4089)}`;
    expect(first).toHaveLength(4096);
    await chat.send(`${first}/help me`);
    await chat.waitFor('Menu');
    await chat.waitFor('Got 8 characters');
    expect(commands).toEqual(['start']);
    const entities = messages.map((message) =>
      'entities' in message ? message.entities : undefined,
    );
    expect(entities).toEqual([[{ type: 'bot_command', offset: 0, length: 6 }], undefined]);
  });

  it('never splits an emoji between two parts', () => {
    const last = sandbox.telegram.sendText(bot, user, `${'a'.repeat(4095)}😀b`);
    expect(last.text).toBe('😀b');
    const parts = sandbox.telegram.transcript(bot, user).messages.map((message) => message.text);
    expect(parts.map((text) => text.length)).toEqual([4095, 3]);
  });
});

describe('over the HTTP control API', () => {
  it('sends stickers, forged presses and long texts from another process', async () => {
    const remote = connectSandbox(sandbox.url);
    const chat = remote.chat(bot, user);
    await chat.sendSticker('🔥');
    await chat.waitFor('Nice sticker 🔥');
    await chat.sendSticker();
    await chat.waitFor('Nice sticker 👍');
    await chat.send('/start');
    const menu = await chat.waitFor('Menu');
    const pressed = await chat.pressData('forged', { messageId: menu.messageId });
    expect(pressed.messageId).toBe(menu.messageId);
    expect((await chat.waitForCallbackAnswer()).text).toBe('Got forged');
    await expect(chat.pressData('y'.repeat(65))).rejects.toThrow(/1-64 bytes in UTF-8, got 65/);
    const last = await chat.send('c'.repeat(5000));
    expect(last.text).toHaveLength(904);
    await chat.waitFor('Got 904 characters');
    await chat.refresh();
    expect(chat.toString()).toContain('[sticker 🔥]');
    expect(chat.toString()).toContain('pressed [(forged)]');
    expect(callbackData).toEqual(['forged']);
  });
});
