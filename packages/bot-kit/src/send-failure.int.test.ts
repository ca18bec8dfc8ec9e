import { freePort } from '@booking/core/testing';
import { type Sandbox, type SandboxBot, startSandbox } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApiTransport } from './bot-api-transport.js';
import { telegramSendFailure } from './send-failure.js';

let sandbox: Sandbox;
let bot: SandboxBot;
let chatId: number;

beforeAll(async () => {
  sandbox = await startSandbox();
  bot = sandbox.telegram.createBot();
  const user = sandbox.telegram.createUser({ first_name: 'Failing' });
  chatId = user.id;
  await sandbox.chat(bot, user).send('/start');
});

afterAll(async () => {
  sandbox.telegram.setFault(bot, undefined);
  await sandbox.stop();
});

/** How a sendMessage to the sandbox at `root` failed. */
async function failureOf(root = sandbox.url) {
  const call = createBotApiTransport(bot.token, root);
  const error = await call('sendMessage', { chat_id: chatId, text: 'hi' }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeDefined();
  return telegramSendFailure(error);
}

describe('telegramSendFailure', () => {
  it("reads Telegram's JSON error answers as definite: retried, or refused for a 403", async () => {
    sandbox.telegram.setFault(bot, { kind: 'error', status: 500 });
    expect(await failureOf()).toBe('failed');
    sandbox.telegram.setFault(bot, { kind: 'error', status: 400 });
    expect(await failureOf()).toBe('failed');
    sandbox.telegram.setFault(bot, undefined);
    sandbox.telegram.block(bot, chatId);
    try {
      expect(await failureOf()).toBe('refused');
    } finally {
      sandbox.telegram.unblock(bot, chatId);
    }
  });

  it('reads a connection refused as failed: the request never left', async () => {
    expect(await failureOf(`http://127.0.0.1:${await freePort()}`)).toBe('failed');
  });

  it("reads a proxy's HTML page or a dropped connection as unknown: it may have been sent", async () => {
    sandbox.telegram.setFault(bot, { kind: 'error', status: 502, html: true });
    expect(await failureOf()).toBe('unknown');
    sandbox.telegram.setFault(bot, { kind: 'refuse' });
    expect(await failureOf()).toBe('unknown');
    sandbox.telegram.setFault(bot, undefined);
  });
});
