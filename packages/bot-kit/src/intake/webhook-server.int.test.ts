import { randomUUID } from 'node:crypto';
import { createLogger, createRedis } from '@booking/core';
import { getTestRedis } from '@booking/core/testing';
import type { Redis } from 'ioredis';
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type UpdateHandler, UpdateRunner } from './update-runner.js';
import { startWebhookServer, type WebhookServer, webhookSecrets } from './webhook-server.js';

const SLUG = 'hook_test';
const secrets = webhookSecrets(Buffer.alloc(32, 7), SLUG, '123456:test-token');
const logger = createLogger({ app: 'webhook-test', level: 'silent' });

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

describe('the webhook server', () => {
  let server: WebhookServer;
  let runner: UpdateRunner;
  let unreachable: Redis;

  beforeAll(async () => {
    unreachable = createRedis('redis://127.0.0.1:1', { commandTimeoutMs: 200 });
    unreachable.on('error', () => undefined);
    server = await startWebhookServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      route: (slug) => (slug === SLUG ? { secrets, runner } : undefined),
    });
  });
  afterAll(async () => {
    await server?.close();
    unreachable.disconnect();
  });

  const deliver = (body: Update) =>
    fetch(`http://127.0.0.1:${server.port}/tg/${SLUG}/${secrets.path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telegram-bot-api-secret-token': secrets.token,
      },
      body: JSON.stringify(body),
    }).then((response) => response.status);

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
