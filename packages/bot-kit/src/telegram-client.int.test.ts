import { getTestRedis, randomId } from '@booking/core/testing';
import {
  type Sandbox,
  type SandboxBot,
  type SandboxChat,
  startSandbox,
  type TelegramFault,
} from '@booking/sandbox';
import type { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramClient } from './telegram-client.js';
import { TelegramRateLimiter } from './telegram-limiter.js';
import { isTelegramUnavailable } from './telegram-retry.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ telegram: { limits: false } });
});

afterAll(async () => {
  await sandbox.stop();
});

/** A bot, its client with a short retry deadline, and a user who started it. */
async function setUp(deadlineMs: number): Promise<{
  bot: SandboxBot;
  telegram: Telegram;
  chat: SandboxChat;
  userId: number;
}> {
  const bot = sandbox.telegram.createBot();
  const user = sandbox.telegram.createUser({ first_name: 'Ann' });
  const chat = sandbox.chat(bot, user);
  await chat.send('/start');
  const telegram = createTelegramClient(bot.token, {
    apiRoot: sandbox.telegram.apiRoot,
    limiter: new TelegramRateLimiter(getTestRedis(), `test:{${randomId(8)}}:rl`),
    retry: { deadlineMs, initialDelayMs: 100, maxDelayMs: 400 },
  });
  return { bot, telegram, chat, userId: user.id };
}

/** The bot's messages in the chat whose text is `text`. */
const copies = (chat: SandboxChat, text: string) =>
  chat.botMessages().filter((message) => message.text === text).length;

const OUTAGES: Array<[string, TelegramFault]> = [
  ['answering 500 with Telegram JSON', { kind: 'error', status: 500 }],
  ['answering 502 with a proxy HTML page', { kind: 'error', status: 502, html: true }],
  ['dropping connections', { kind: 'refuse' }],
];

describe('the Telegram client in a Bot API outage', () => {
  for (const [name, fault] of OUTAGES) {
    it(`delivers a message and an edit once when the API recovers within the deadline: ${name}`, async () => {
      const { bot, telegram, chat, userId } = await setUp(20_000);
      const first = await telegram.sendMessage(userId, 'before');
      sandbox.telegram.setFault(bot, fault);
      const sent = telegram.sendMessage(userId, 'during');
      const edited = telegram.editMessageText(userId, first.message_id, undefined, 'edited');
      setTimeout(() => sandbox.telegram.setFault(bot, undefined), 1_500);
      await expect(sent).resolves.toMatchObject({ text: 'during' });
      await expect(edited).resolves.toMatchObject({ text: 'edited' });
      // Tried during the outage, delivered after it, once.
      expect(sandbox.telegram.stats(bot).calls.sendMessage).toBeGreaterThan(2);
      expect(copies(chat, 'during')).toBe(1);
      expect(copies(chat, 'edited')).toBe(1);
    });
  }

  it('gives up past the deadline with an error that says the API was unavailable', async () => {
    const { bot, telegram, chat, userId } = await setUp(800);
    sandbox.telegram.setFault(bot, { kind: 'error', status: 502, html: true });
    const error = await telegram.sendMessage(userId, 'lost').catch((failure: unknown) => failure);
    sandbox.telegram.setFault(bot, undefined);
    expect(isTelegramUnavailable(error)).toBe(true);
    expect(copies(chat, 'lost')).toBe(0);
  });

  it('does not retry a definite answer, nor getUpdates, whose poller asks again itself', async () => {
    const { bot, telegram, userId } = await setUp(20_000);
    const error = await telegram.sendMessage(userId, '').catch((failure: unknown) => failure);
    expect(isTelegramUnavailable(error)).toBe(false);
    expect(sandbox.telegram.stats(bot).calls.sendMessage).toBe(1);

    sandbox.telegram.setFault(bot, { kind: 'error', status: 500 });
    await expect(telegram.callApi('getUpdates', { timeout: 0 })).rejects.toThrow();
    sandbox.telegram.setFault(bot, undefined);
    expect(sandbox.telegram.stats(bot).calls.getUpdates).toBe(1);
  });
});
