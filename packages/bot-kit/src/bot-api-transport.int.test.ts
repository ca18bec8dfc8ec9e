import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '@booking/core';
import { startSandbox } from '@booking/sandbox';
import { TelegramError } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApiTransport } from './bot-api-transport.js';

const TOKEN = '123456:SECRET-token-value';

/** A stand-in API whose answers each test sets; counts connections and requests. */
let server: Server;
let root: string;
let connections = 0;
let requests: Array<{ path: string; body: unknown }> = [];
let answer: (request: IncomingMessage, response: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        path: request.url ?? '',
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
      });
      answer(request, response);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

function json(status: number, body: unknown) {
  return (_: IncomingMessage, response: ServerResponse) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
}

describe('createBotApiTransport', () => {
  it('posts JSON without null fields and resolves with the result, over one kept-alive connection', async () => {
    const call = createBotApiTransport(TOKEN, root);
    answer = json(200, { ok: true, result: { message_id: 7 } });
    requests = [];
    const before = connections;
    for (let i = 0; i < 5; i++) {
      await expect(
        call('sendMessage', { chat_id: 1, text: 'hi', reply_markup: null }),
      ).resolves.toEqual({ message_id: 7 });
    }
    expect(requests).toHaveLength(5);
    expect(requests[0]).toEqual({
      path: `/bot${TOKEN}/sendMessage`,
      body: { chat_id: 1, text: 'hi' },
    });
    expect(connections - before).toBe(1);
  });

  it('turns an error answer into a TelegramError as telegraf shapes it', async () => {
    const call = createBotApiTransport(TOKEN, root);
    answer = json(429, {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 3',
      parameters: { retry_after: 3 },
    });
    const error = await call('sendMessage', { chat_id: 1, text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramError);
    expect((error as TelegramError).response).toMatchObject({
      error_code: 429,
      parameters: { retry_after: 3 },
    });
    expect((error as TelegramError).on).toMatchObject({ method: 'sendMessage' });
  });

  it('reports an answer that is not JSON with its HTTP status', async () => {
    const call = createBotApiTransport(TOKEN, root);
    answer = (_, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad Gateway</html>');
    };
    const error = (await call('getMe', {}).catch((e: unknown) => e)) as TelegramError;
    expect(error).toBeInstanceOf(TelegramError);
    expect(error.code).toBe(502);
    expect(error.message).not.toContain(TOKEN);
  });

  it('stops a call when its signal aborts (a poller losing its lease)', async () => {
    const call = createBotApiTransport(TOKEN, root);
    answer = () => {
      // Never answers: a long poll.
    };
    const controller = new AbortController();
    const pending = call('getUpdates', { timeout: 25 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it('fails a call to a closed port without the token in the error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const call = createBotApiTransport(TOKEN, `http://127.0.0.1:${port}`);
    const error = (await call('getMe', {}).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(TOKEN);
  });

  it('talks to the Telegram emulator like telegraf does', async () => {
    const sandbox = await startSandbox();
    try {
      const bot = sandbox.telegram.createBot({ username: 'transport_bot' });
      const call = createBotApiTransport(bot.token, sandbox.url);
      await expect(call('getMe', {})).resolves.toMatchObject({ username: 'transport_bot' });
      const error = (await call('sendMessage', { chat_id: 999_999, text: 'x' }).catch(
        (e: unknown) => e,
      )) as TelegramError;
      expect(error.code).toBe(400);
      expect(error.description).toMatch(/chat not found/i);
    } finally {
      await sandbox.stop();
    }
  });

  it('logs a failed call with its method, chat and error only: no text, phone or button data', async () => {
    const sandbox = await startSandbox();
    const lines: string[] = [];
    const logger = createLogger({
      app: 'test',
      destination: new Writable({
        write(chunk, _encoding, callback) {
          lines.push(chunk.toString());
          callback();
        },
      }),
    });
    try {
      const bot = sandbox.telegram.createBot();
      const call = createBotApiTransport(bot.token, sandbox.url);
      const error = await call('sendMessage', {
        chat_id: 424_242,
        text: 'New booking: Anna Petrova, +7 912 345-67-89',
        reply_markup: { inline_keyboard: [[{ text: 'Cancel', callback_data: 'c:91:sig0A1b2C3' }]] },
      }).catch((e: unknown) => e);
      logger.warn({ err: error, tenant: 'acme' }, 'send failed');
      logger.flush();
      const output = lines.join('');
      expect(output).toContain('"method":"sendMessage"');
      expect(output).toContain('"chat_id":424242');
      expect(output).toMatch(/chat not found/i);
      for (const personal of ['Anna Petrova', '912 345-67-89', 'sig0A1b2C3']) {
        expect(output).not.toContain(personal);
      }
      // Nor does the error itself hold them, wherever else it is shown.
      expect(JSON.stringify((error as TelegramError).on)).toBe(
        JSON.stringify({ method: 'sendMessage', payload: { chat_id: 424_242 } }),
      );
    } finally {
      await sandbox.stop();
    }
  });
});
