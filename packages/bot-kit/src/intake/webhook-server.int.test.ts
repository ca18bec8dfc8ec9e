import { randomUUID } from 'node:crypto';
import { createRedis, type Runtime, startRuntime } from '@booking/core';
import { getTestRedis, TEST_DATABASE_URL, TEST_REDIS_URL } from '@booking/core/testing';
import type { Redis } from 'ioredis';
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type UpdateHandler, UpdateRunner } from './update-runner.js';
import { registerTelegramWebhooks, webhookSecrets } from './webhook-server.js';

const SLUG = 'hook_test';
const secrets = webhookSecrets(Buffer.alloc(32, 7), SLUG, '123456:test-token');
const MAX_BODY_BYTES = 4_096;

function update(updateId: number): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 0,
      chat: { id: 5, type: 'private', first_name: 'Ana' },
      from: { id: 5, is_bot: false, first_name: 'Ana' },
      text: 'hi',
    },
  } as Update;
}

describe("the Telegram webhook route on the process's one HTTP server", () => {
  let runtime: Runtime;
  let runner: UpdateRunner;
  let unreachable: Redis;

  beforeAll(async () => {
    unreachable = createRedis('redis://127.0.0.1:1', { commandTimeoutMs: 200 });
    unreachable.on('error', () => undefined);
    runtime = await startRuntime('webhook-test', {
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      LOG_LEVEL: 'silent',
      OPS_PORT: 0,
      DB_POOL_SIZE: 1,
      HTTP_MAX_BODY_BYTES: MAX_BODY_BYTES,
    });
    registerTelegramWebhooks(runtime.http, {
      logger: runtime.logger,
      route: (slug) => (slug === SLUG ? { secrets, runner } : undefined),
    });
  });
  afterAll(async () => {
    await runtime?.close();
    unreachable.disconnect();
  });

  const post = (body: string) =>
    fetch(`http://127.0.0.1:${runtime.http.port}/tg/${SLUG}/${secrets.path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telegram-bot-api-secret-token': secrets.token,
      },
      body,
    });
  const deliver = (body: Update) => post(JSON.stringify(body)).then((response) => response.status);

  it('answers /health and a Telegram update on the same port', async () => {
    const handled: number[] = [];
    useRunner(getTestRedis(), async (received) => {
      handled.push(received.update_id);
    });

    const health = await fetch(`http://127.0.0.1:${runtime.http.port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(await deliver(update(10))).toBe(200);
    expect(handled).toEqual([10]);
  });

  it('refuses a body past the limit with 413 in the one error shape, and runs nothing', async () => {
    const handled: number[] = [];
    useRunner(getTestRedis(), async (received) => {
      handled.push(received.update_id);
    });
    const big = update(11) as Update & { message: { text: string } };
    big.message.text = 'x'.repeat(MAX_BODY_BYTES);

    const response = await post(JSON.stringify(big));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) },
    });
    expect(handled).toEqual([]);
  });

  it('answers a wrong secret header 401 and a wrong path 404, in the one error shape', async () => {
    useRunner(getTestRedis(), async () => undefined);
    const url = `http://127.0.0.1:${runtime.http.port}/tg/${SLUG}`;
    const wrongHeader = await fetch(`${url}/${secrets.path}`, {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': 'guess' },
      body: JSON.stringify(update(12)),
    });
    expect(wrongHeader.status).toBe(401);
    expect(((await wrongHeader.json()) as { error: { code: string } }).error.code).toBe(
      'UNAUTHORIZED',
    );
    const wrongPath = await fetch(`${url}/guess`, {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': secrets.token },
      body: JSON.stringify(update(12)),
    });
    expect(wrongPath.status).toBe(404);
    expect(((await wrongPath.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  const useRunner = (redis: Redis, handler: UpdateHandler) => {
    runner = new UpdateRunner({ redis, keyPrefix: `test:hook:${randomUUID()}:`, handler });
  };

  it('answers 503 while the update cannot be claimed, so that Telegram delivers it again', async () => {
    const handled: number[] = [];
    useRunner(unreachable, async (received) => {
      handled.push(received.update_id);
    });

    expect(await deliver(update(1))).toBe(503);
    expect(handled).toEqual([]);
  });

  it('answers 503 when the bot could not handle the update, and runs it on redelivery', async () => {
    let attempts = 0;
    useRunner(getTestRedis(), async () => {
      attempts += 1;
      if (attempts === 1) {
        throw new Error('Telegram unreachable');
      }
    });

    expect(await deliver(update(2))).toBe(503);
    expect(await deliver(update(2))).toBe(200);
    // A third delivery is a duplicate: answered, not run.
    expect(await deliver(update(2))).toBe(200);
    expect(attempts).toBe(2);
  });

  it('answers 400 to a body that is no update', async () => {
    useRunner(getTestRedis(), async () => undefined);
    expect(await deliver({ nope: true } as unknown as Update)).toBe(400);
  });
});
