import { randomUUID } from 'node:crypto';
import { getTestRedis } from '@booking/core/testing';
import type { Update } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import { UpdateRunner } from './update-runner.js';

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
