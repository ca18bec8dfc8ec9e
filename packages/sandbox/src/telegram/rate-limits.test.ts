import { Telegram } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox.js';
import { botApiError } from '../test-support/telegraf-bot.js';
import { DEFAULT_TELEGRAM_LIMITS, RateLimiter } from './rate-limiter.js';

let sandbox: Sandbox | undefined;

afterEach(async () => {
  await sandbox?.stop();
});

async function setup(options: Parameters<typeof startSandbox>[0] = {}) {
  sandbox = await startSandbox(options);
  const bot = sandbox.telegram.createBot();
  const telegram = new Telegram(bot.token, { apiRoot: sandbox.telegram.apiRoot });
  return { sandbox, bot, telegram };
}

describe('flood limits', () => {
  it('answers 429 with retry_after when a bot floods one chat', async () => {
    // A slow refill keeps the test independent of how fast the machine sends.
    const { sandbox, bot, telegram } = await setup({
      telegram: { limits: { perChat: { ratePerSecond: 0.2, burst: 5 } } },
    });
    const user = sandbox.telegram.createUser({ first_name: 'Ann' });
    sandbox.telegram.sendText(bot, user, '/start');
    for (let index = 0; index < 5; index += 1) {
      await telegram.sendMessage(user.id, `burst ${index}`);
    }
    const error = await botApiError(telegram.sendMessage(user.id, 'one too many'));
    expect(error).toMatchObject({
      error_code: 429,
      description: 'Too Many Requests: retry after 5',
      parameters: { retry_after: 5 },
    });
    expect(sandbox.telegram.stats(bot).tooManyRequests).toBe(1);
    expect(sandbox.telegram.stats(bot).calls.sendMessage).toBe(6);
  });

  it('answers 429 when a bot exceeds its overall budget across chats', async () => {
    // A slow refill keeps the test independent of how fast the machine sends.
    const { sandbox, bot, telegram } = await setup({
      telegram: { limits: { global: { ratePerSecond: 0.01, burst: 30 } } },
    });
    const users = Array.from({ length: 31 }, (_, index) =>
      sandbox.telegram.createUser({ first_name: `U${index}` }),
    );
    for (const user of users) {
      sandbox.telegram.sendText(bot, user, '/start');
    }
    for (const user of users.slice(0, 30)) {
      await telegram.sendMessage(user.id, 'broadcast');
    }
    const error = await botApiError(
      telegram.sendMessage((users[30] as { id: number }).id, 'broadcast'),
    );
    expect(error.error_code).toBe(429);
    expect(error.parameters?.retry_after).toBeGreaterThanOrEqual(1);
  });

  it('can be configured and turned off', async () => {
    const { sandbox, bot, telegram } = await setup({ telegram: { limits: false } });
    const user = sandbox.telegram.createUser({ first_name: 'Ann' });
    sandbox.telegram.sendText(bot, user, '/start');
    for (let index = 0; index < 40; index += 1) {
      await telegram.sendMessage(user.id, `message ${index}`);
    }
    expect(sandbox.telegram.stats(bot).tooManyRequests).toBe(0);
  });

  it('refills the bucket over time (token bucket, clock injected)', () => {
    let now = 0;
    const limiter = new RateLimiter(
      { perChat: { ratePerSecond: 1, burst: 2 }, global: { ratePerSecond: 30, burst: 30 } },
      () => now,
    );
    expect(limiter.acquire(1)).toBe(0);
    expect(limiter.acquire(1)).toBe(0);
    expect(limiter.acquire(1)).toBe(1);
    expect(limiter.acquire(2)).toBe(0);
    now = 1_000;
    expect(limiter.acquire(1)).toBe(0);
    expect(limiter.acquire(1)).toBe(1);
  });

  it('defaults to a burst of 5 then 1 message per second in a chat', () => {
    let now = 0;
    const limiter = new RateLimiter(DEFAULT_TELEGRAM_LIMITS, () => now);
    for (let index = 0; index < 5; index += 1) {
      expect(limiter.acquire(7)).toBe(0);
    }
    expect(limiter.acquire(7)).toBe(1);
    now = 1_000;
    expect(limiter.acquire(7)).toBe(0);
    expect(limiter.acquire(7)).toBe(1);
  });

  it('defaults to 30 messages per second across chats', () => {
    const limiter = new RateLimiter(DEFAULT_TELEGRAM_LIMITS, () => 0);
    for (let chat = 0; chat < 30; chat += 1) {
      expect(limiter.acquire(chat)).toBe(0);
    }
    expect(limiter.acquire(30)).toBe(1);
  });
});
