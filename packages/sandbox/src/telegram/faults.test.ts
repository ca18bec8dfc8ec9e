import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox.js';

describe('Bot API faults a test switches on', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ telegram: { limits: false } });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  const call = (token: string, method: string, body: object = {}) =>
    fetch(`${sandbox.telegram.apiRoot}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers 500 JSON, 502 HTML, 401, and drops connections, then recovers', async () => {
    const bot = sandbox.telegram.createBot();
    sandbox.telegram.setFault(bot, { kind: 'error' });
    const failed = await call(bot.token, 'getMe');
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ ok: false, error_code: 500 });

    sandbox.telegram.setFault(bot, { kind: 'error', status: 502, html: true });
    const gateway = await call(bot.token, 'getMe');
    expect(gateway.status).toBe(502);
    expect(await gateway.text()).toContain('<html>');

    sandbox.telegram.setFault(bot, { kind: 'unauthorized' });
    expect((await call(bot.token, 'getMe')).status).toBe(401);

    sandbox.telegram.setFault(bot, { kind: 'refuse' });
    await expect(call(bot.token, 'getMe')).rejects.toThrow();

    sandbox.telegram.setFault(bot, undefined);
    expect(await (await call(bot.token, 'getMe')).json()).toMatchObject({ ok: true });
  });

  it('limits a fault to the methods named, and a delay still carries the call out', async () => {
    const bot = sandbox.telegram.createBot();
    const user = sandbox.telegram.createUser({ first_name: 'Ann' });
    sandbox.telegram.setFault(bot, { kind: 'delay', ms: 300, methods: ['sendMessage'] });
    expect((await call(bot.token, 'getMe')).status).toBe(200);
    const chat = sandbox.chat(bot, user);
    await chat.send('/start');
    const sent = call(bot.token, 'sendMessage', { chat_id: user.id, text: 'hello' });
    // The message reaches the user before its sender hears back.
    await chat.waitFor('hello', { timeout: 250 });
    expect((await sent).status).toBe(200);
  });
});
