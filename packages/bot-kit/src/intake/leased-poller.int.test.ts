import { createLogger } from '@booking/core';
import { getTestRedis, randomId } from '@booking/core/testing';
import { type Sandbox, startSandbox } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramClient } from '../telegram-client.js';
import { TelegramRateLimiter } from '../telegram-limiter.js';
import { LeasedPoller } from './leased-poller.js';
import { UpdateRunner } from './update-runner.js';

let sandbox: Sandbox;
const logger = createLogger({ app: 'test', level: 'silent' });

beforeAll(async () => {
  sandbox = await startSandbox({ waitTimeoutMs: 5_000 });
});
afterAll(() => sandbox.stop());

/** A poller of a new emulated bot that counts the updates it was handed. */
function pollerOf(options: {
  pollTimeoutSeconds: number;
  onTokenRejected?: (code: 401 | 404) => void;
}) {
  const bot = sandbox.telegram.createBot();
  const redis = getTestRedis();
  const keyPrefix = `t:{lp_${randomId(8)}}:bot:1:`;
  const telegram = createTelegramClient(bot.token, {
    apiRoot: sandbox.url,
    limiter: new TelegramRateLimiter(redis, `${keyPrefix}rl`),
  });
  const handled: number[] = [];
  const runner = new UpdateRunner({
    redis,
    keyPrefix,
    handler: async (update) => {
      handled.push(update.update_id);
    },
  });
  const poller = new LeasedPoller({
    telegram,
    redis,
    keyPrefix,
    instanceId: 'solo',
    runner,
    logger,
    leaseMs: 3_000,
    ...options,
  });
  const getUpdates = () => sandbox.telegram.stats(bot).calls.getUpdates ?? 0;
  return { bot, poller, handled, getUpdates, leaseKey: `${keyPrefix}poll:lease` };
}

describe('LeasedPoller', () => {
  it('stops for good at a refused token, lets the lease go and says so once', async () => {
    const refusals: number[] = [];
    const { bot, poller, getUpdates, leaseKey } = pollerOf({
      pollTimeoutSeconds: 1,
      onTokenRejected: (code) => refusals.push(code),
    });
    sandbox.telegram.setFault(bot, { kind: 'unauthorized' });
    poller.start();
    for (let waited = 0; refusals.length === 0 && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(refusals).toEqual([401]);
    const asked = getUpdates();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(getUpdates()).toBe(asked);
    expect(await getTestRedis().get(leaseKey)).toBeNull();
    expect(poller.isPolling).toBe(false);
    await expect(poller.ready()).rejects.toThrow(/not running/);
    await poller.stop();
  });

  it('pauses after an empty answer that came back at once, instead of asking in a loop', async () => {
    // A long-poll timeout of 0 makes the emulator answer at once, like a server that does
    // not hold long polls.
    const { bot, poller, handled, getUpdates } = pollerOf({ pollTimeoutSeconds: 0 });
    poller.start();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // About four polls in two seconds with the pause; hundreds without it.
    expect(getUpdates()).toBeGreaterThan(0);
    expect(getUpdates()).toBeLessThanOrEqual(6);
    // Updates still come through.
    const chat = sandbox.chat(bot, sandbox.telegram.createUser({ first_name: 'Ann' }));
    await chat.send('hello');
    for (let waited = 0; handled.length === 0 && waited < 3_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(handled).toHaveLength(1);
    await poller.stop();
  });
});
