import { Telegram } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox.js';
import { type Receiver, startReceiver } from '../test-support/receiver.js';
import { botApiError, createTelegraf, launch } from '../test-support/telegraf-bot.js';
import type { SandboxBot, SandboxUser } from './transcript.js';

let sandbox: Sandbox;
let bot: SandboxBot;
let user: SandboxUser;
let telegram: Telegram;
const receivers: Receiver[] = [];

/** Text of a message update, '' for other updates. */
function textOf(update: unknown): string {
  return (update as { message?: { text?: string } }).message?.text ?? '';
}

const CONFLICT_POLL =
  'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const CONFLICT_WEBHOOK =
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

beforeEach(async () => {
  sandbox = await startSandbox({
    telegram: { webhookRetry: { initialDelayMs: 10, maxDelayMs: 20 } },
  });
  bot = sandbox.telegram.createBot();
  user = sandbox.telegram.createUser({ first_name: 'Ann' });
  telegram = new Telegram(bot.token, { apiRoot: sandbox.telegram.apiRoot });
});

afterEach(async () => {
  await sandbox.stop();
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(respond?: (body: unknown) => unknown): Promise<Receiver> {
  const started = await startReceiver(respond);
  receivers.push(started);
  return started;
}

describe('getUpdates', () => {
  it('delivers increasing update ids with offset and limit', async () => {
    for (const text of ['/start', 'one', 'two']) {
      sandbox.telegram.sendText(bot, user, text);
    }
    const firstTwo = await telegram.getUpdates(0, 2, 0, undefined);
    expect(firstTwo.map(textOf)).toEqual(['/start', 'one']);
    const [start, one] = firstTwo;
    expect((one?.update_id ?? 0) - (start?.update_id ?? 0)).toBe(1);
    expect(start).toMatchObject({
      message: {
        message_id: 1,
        from: { id: user.id, is_bot: false, first_name: 'Ann' },
        chat: { id: user.id, type: 'private', first_name: 'Ann' },
        date: expect.any(Number),
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    });
    // Without a new offset the same updates come again; a higher offset confirms them.
    expect(await telegram.getUpdates(0, 100, 0, undefined)).toHaveLength(3);
    const rest = await telegram.getUpdates(0, 100, (one?.update_id ?? 0) + 1, undefined);
    expect(rest.map(textOf)).toEqual(['two']);
  });

  it('filters by allowed_updates', async () => {
    sandbox.telegram.sendText(bot, user, 'hello');
    const updates = await telegram.getUpdates(0, 100, 0, ['callback_query']);
    expect(updates).toEqual([]);
  });

  it('long-polls until an update arrives', async () => {
    const poll = telegram.getUpdates(30, 100, 0, undefined);
    await sandbox.telegram.waitForPolling(bot);
    sandbox.telegram.sendText(bot, user, 'wake up');
    const updates = await poll;
    expect(updates.map(textOf)).toEqual(['wake up']);
  });

  it('ends an older long poll with 409 when another getUpdates arrives', async () => {
    const older = botApiError(telegram.getUpdates(30, 100, 0, undefined));
    await sandbox.telegram.waitForPolling(bot);
    const newer = telegram.getUpdates(0, 100, 0, undefined);
    expect(await older).toMatchObject({ error_code: 409, description: CONFLICT_POLL });
    expect(await newer).toEqual([]);
  });

  it('stops a running telegraf bot with 409 when a second instance polls', async () => {
    const first = await launch(sandbox, bot, createTelegraf(sandbox, bot));
    const second = new Telegram(bot.token, { apiRoot: sandbox.telegram.apiRoot });
    await second.getUpdates(0, 100, 0, undefined);
    await expect(first.polling).rejects.toMatchObject({ code: 409, description: CONFLICT_POLL });
  });

  it('refuses getUpdates while a webhook is set', async () => {
    const hook = await receiver();
    await telegram.setWebhook(hook.url);
    expect(await botApiError(telegram.getUpdates(0, 100, 0, undefined))).toMatchObject({
      error_code: 409,
      description: CONFLICT_WEBHOOK,
    });
    await telegram.deleteWebhook();
    expect(await telegram.getUpdates(0, 100, 0, undefined)).toEqual([]);
  });
});

describe('webhooks', () => {
  it('POSTs updates in order with the secret token header', async () => {
    const hook = await receiver();
    await telegram.setWebhook(hook.url, { secret_token: 'S3cret_token' });
    sandbox.telegram.sendText(bot, user, '/start');
    sandbox.telegram.sendText(bot, user, 'second');
    const requests = await hook.waitForCount(2);
    expect(
      requests.map((request) => (request.body as { message: { text: string } }).message.text),
    ).toEqual(['/start', 'second']);
    expect(requests[0]?.headers['x-telegram-bot-api-secret-token']).toBe('S3cret_token');
  });

  it('reports delivery errors in getWebhookInfo', async () => {
    const hook = await receiver();
    hook.failNext(...Array.from({ length: 1000 }, () => 500));
    await telegram.setWebhook(hook.url);
    sandbox.telegram.sendText(bot, user, 'first');
    sandbox.telegram.sendText(bot, user, 'second');
    await hook.waitForCount(2);
    const info = await telegram.getWebhookInfo();
    expect(info).toMatchObject({ url: hook.url, pending_update_count: 2 });
    expect(info.last_error_message).toBe(
      'Wrong response from the webhook: 500 Internal Server Error',
    );
    expect(info.last_error_date).toEqual(expect.any(Number));
  });

  it('retries an update until the receiver accepts it, keeping the order', async () => {
    const hook = await receiver();
    hook.failNext(500, 500);
    await telegram.setWebhook(hook.url);
    sandbox.telegram.sendText(bot, user, 'first');
    sandbox.telegram.sendText(bot, user, 'second');
    const requests = await hook.waitForCount(4);
    expect(requests.map((request) => textOf(request.body))).toEqual([
      'first',
      'first',
      'first',
      'second',
    ]);
    const delivered = sandbox.telegram.stats(bot).deliveries;
    expect(Object.values(delivered)).toEqual([3, 1]);
  });

  it('drops pending updates on deleteWebhook with drop_pending_updates', async () => {
    const hook = await receiver();
    hook.failNext(...Array.from({ length: 1000 }, () => 500));
    await telegram.setWebhook(hook.url);
    sandbox.telegram.sendText(bot, user, 'lost');
    await hook.waitForCount(1);
    await telegram.deleteWebhook({ drop_pending_updates: true });
    expect((await telegram.getWebhookInfo()).pending_update_count).toBe(0);
    expect(await telegram.getUpdates(0, 100, 0, undefined)).toEqual([]);
  });

  it('drops pending updates on setWebhook with drop_pending_updates', async () => {
    sandbox.telegram.sendText(bot, user, 'old news');
    const hook = await receiver();
    await telegram.setWebhook(hook.url, { drop_pending_updates: true });
    sandbox.telegram.sendText(bot, user, 'fresh');
    const [request] = await hook.waitForCount(1);
    expect(textOf(request?.body)).toBe('fresh');
  });

  it('requires an HTTPS URL when http webhooks are turned off', async () => {
    const strict = await startSandbox({ telegram: { allowHttpWebhooks: false } });
    try {
      const strictBot = strict.telegram.createBot();
      const client = new Telegram(strictBot.token, { apiRoot: strict.telegram.apiRoot });
      expect(await botApiError(client.setWebhook('http://127.0.0.1:1/hook'))).toMatchObject({
        error_code: 400,
        description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
      });
    } finally {
      await strict.stop();
    }
  });

  it('executes a method returned in the webhook response', async () => {
    const hook = await receiver((body) => {
      const update = body as { message: { chat: { id: number } } };
      return {
        method: 'sendMessage',
        chat_id: update.message.chat.id,
        text: 'Replied from the webhook',
      };
    });
    await telegram.setWebhook(hook.url);
    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    expect((await chat.waitFor('Replied from the webhook')).from).toBe('bot');
  });

  it('drives a telegraf bot through webhookCallback', async () => {
    const telegraf = createTelegraf(sandbox, bot);
    telegraf.telegram.webhookReply = false;
    telegraf.start((ctx) => ctx.reply('Webhook hello'));
    const { createServer } = await import('node:http');
    const callback = telegraf.webhookCallback('/tg', { secretToken: 'abc' });
    const server = createServer((request, response) => {
      void callback(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      await telegram.setWebhook(`http://127.0.0.1:${port}/tg`, { secret_token: 'abc' });
      const chat = sandbox.chat(bot, user);
      await chat.send('/start');
      await chat.waitFor('Webhook hello');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
