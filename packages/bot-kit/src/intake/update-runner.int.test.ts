import { randomUUID } from 'node:crypto';
import { createRedis } from '@booking/core';
import { getTestRedis } from '@booking/core/testing';
import type { Redis } from 'ioredis';
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateNotClaimedError, UpdateRunner } from './update-runner.js';

/** A text message update from user (and chat) `userId`. */
function message(updateId: number, userId: number, text: string): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 0,
      chat: { id: userId, type: 'private', first_name: 'Ana' },
      from: { id: userId, is_bot: false, first_name: 'Ana' },
      text,
    },
  } as Update;
}

/** A key prefix no other test run shares. */
function freshPrefix(): string {
  return `test:runner:${randomUUID()}:`;
}

describe('UpdateRunner', () => {
  it("runs one chat's updates in order, each prefetch reading what the one before wrote", async () => {
    const redis = getTestRedis();
    const keyPrefix = freshPrefix();
    const stateKey = `${keyPrefix}state:7`;
    const seen: string[] = [];
    const runner = new UpdateRunner({
      redis,
      keyPrefix,
      prefetch: () => redis.get(stateKey),
      handler: async (update, prefetched) => {
        const before = (await prefetched) ?? '';
        const text = 'message' in update && 'text' in update.message ? update.message.text : '';
        seen.push(`${text}<${before}>`);
        // A slow handler: the next update of the chat arrives while this one runs.
        await new Promise((resolve) => setTimeout(resolve, 20));
        await redis.set(stateKey, before + text);
      },
    });

    await Promise.all([
      runner.run(message(1, 7, 'a')),
      runner.run(message(2, 7, 'b')),
      runner.run(message(3, 7, 'c')),
    ]);

    expect(seen).toEqual(['a<>', 'b<a>', 'c<ab>']);
    expect(await redis.get(stateKey)).toBe('abc');
    await redis.del(stateKey);
  });

  it('runs an update id once, and never one its gate dropped, however often it comes', async () => {
    const keyPrefix = freshPrefix();
    const handled: number[] = [];
    let open = false;
    const runner = new UpdateRunner({
      redis: getTestRedis(),
      keyPrefix,
      gate: async () => open,
      handler: async (update) => {
        handled.push(update.update_id);
      },
    });

    await runner.run(message(1, 8, 'dropped'));
    open = true;
    // Telegram delivers both again (a restart before the offset was saved).
    await runner.run(message(1, 8, 'dropped'));
    await runner.run(message(2, 8, 'kept'));
    await runner.run(message(2, 8, 'kept'));
    await runner.drain();

    expect(handled).toEqual([2]);
    expect(runner.pending).toBe(0);
  });
});

describe('UpdateRunner without Redis', () => {
  // Port 1 on loopback refuses connections: every command fails after its timeout.
  let unreachable: Redis;
  beforeAll(() => {
    unreachable = createRedis('redis://127.0.0.1:1', { commandTimeoutMs: 200 });
    unreachable.on('error', () => undefined);
  });
  afterAll(() => {
    unreachable.disconnect();
  });

  it('runs an update it cannot claim, past a gate that cannot answer (polling)', async () => {
    const handled: number[] = [];
    const runner = new UpdateRunner({
      redis: unreachable,
      keyPrefix: freshPrefix(),
      gate: async () => {
        await unreachable.get('flood');
        return true;
      },
      handler: async (update) => {
        handled.push(update.update_id);
      },
    });

    await runner.run(message(1, 9, 'hello'));

    expect(handled).toEqual([1]);
  });

  it('refuses an update it cannot claim when told to, so that a webhook asks for it again', async () => {
    const handled: number[] = [];
    const runner = new UpdateRunner({
      redis: unreachable,
      keyPrefix: freshPrefix(),
      handler: async (update) => {
        handled.push(update.update_id);
      },
    });

    await expect(runner.run(message(1, 9, 'hello'), { requireClaim: true })).rejects.toThrow(
      UpdateNotClaimedError,
    );
    expect(handled).toEqual([]);
  });
});

describe('UpdateRunner when an update fails or hangs', () => {
  it('forgets the claim of an update its handler could not handle, so a redelivery runs it', async () => {
    let attempts = 0;
    const runner = new UpdateRunner({
      redis: getTestRedis(),
      keyPrefix: freshPrefix(),
      handler: async () => {
        attempts += 1;
        if (attempts === 1) {
          throw new Error('Telegram unreachable');
        }
      },
    });

    await expect(runner.run(message(1, 10, 'hi'), { requireClaim: true })).rejects.toThrow(
      'Telegram unreachable',
    );
    await runner.run(message(1, 10, 'hi'), { requireClaim: true });

    expect(attempts).toBe(2);
  });

  it("lets the chat's next update run when one overruns its time limit", async () => {
    const started: string[] = [];
    const runner = new UpdateRunner({
      redis: getTestRedis(),
      keyPrefix: freshPrefix(),
      timeLimitMs: 100,
      handler: async (update) => {
        const text = 'message' in update && 'text' in update.message ? update.message.text : '';
        started.push(text);
        if (text === 'stuck') {
          await new Promise(() => undefined);
        }
      },
    });

    await Promise.all([runner.run(message(1, 11, 'stuck')), runner.run(message(2, 11, 'next'))]);

    expect(started).toEqual(['stuck', 'next']);
  });
});
