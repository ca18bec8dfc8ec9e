import {
  AppError,
  createLogger,
  HttpRouter,
  type Logger,
  startHttpServer,
  tenantKeyPrefix,
} from '@booking/core';
import { createTestTenant, getTestRedis, type TestTenant } from '@booking/core/testing';
import { type Sandbox, type SandboxBot, startSandbox } from '@booking/sandbox';
import { Composer } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from './context.js';
import { createI18n } from './i18n/i18n.js';
import { BOT_KIT_TEXTS } from './i18n/texts.js';
import { LeasedPoller } from './intake/leased-poller.js';
import { registerTelegramWebhooks, webhookSecrets } from './intake/webhook-server.js';
import { sessionKey } from './session.js';
import { createTenantBot, type TenantBot } from './tenant-bot.js';

interface Session {
  count: number;
}
type Ctx = BotContext<Session>;

const i18n = createI18n({
  en: {
    ...BOT_KIT_TEXTS.en,
    count: 'Count: {n}',
    echo: 'You said: {text}',
    'errors.slot_taken': 'Sorry, this time was just taken by someone else.',
  },
  ru: {
    ...BOT_KIT_TEXTS.ru,
    count: 'Счёт: {n}',
    'errors.slot_taken': 'Извините, это время только что занял другой клиент.',
  },
  es: { ...BOT_KIT_TEXTS.es },
});

let sandbox: Sandbox;
let tenant: TestTenant;
/** Every line the bots log, to check what a bug leaves behind. */
const logLines: string[] = [];
const logger: Logger = createLogger({
  app: 'test',
  level: 'info',
  destination: { write: (line: string) => logLines.push(line) },
});
/** Every update a handler saw, by update id, across all replicas of a test. */
let handled: Map<number, number>;

function feature() {
  const composer = new Composer<Ctx>();
  composer.on('message', async (ctx, next) => {
    handled.set(ctx.update.update_id, (handled.get(ctx.update.update_id) ?? 0) + 1);
    await next();
  });
  composer.hears('count', async (ctx) => {
    ctx.session.count += 1;
    await ctx.reply(ctx.t('count', { n: ctx.session.count }));
  });
  composer.hears('taken', () => {
    throw new AppError('SLOT_TAKEN');
  });
  composer.hears('bug', () => {
    throw new Error('a bug with token 123456789:AAAbbbcccdddeeefffggghhhiiijjjkkklll');
  });
  composer.hears('burst', async (ctx) => {
    for (let i = 1; i <= 12; i++) {
      await ctx.reply(`part ${i}`);
    }
  });
  composer.on('text', async (ctx) => {
    await ctx.reply(ctx.t('echo', { text: ctx.message.text }));
  });
  return composer;
}

function replica(bot: SandboxBot): TenantBot<Ctx> {
  return createTenantBot<Session, Ctx>(
    {
      tenant: tenant.tenant,
      token: bot.token,
      db: tenant.rootDb,
      redis: getTestRedis(),
      logger,
      apiRoot: sandbox.url,
      translator: (locale) => i18n.translator(locale),
      initialSession: () => ({ count: 0 }),
      // This test bot has words for one code; the apology stands in for the rest.
      errorTextKey: (code) => (code === 'SLOT_TAKEN' ? 'errors.slot_taken' : 'errors.unexpected'),
      antiFlood: { limit: { burst: 5, ratePerSecond: 1 } },
    },
    [feature()],
  );
}

function poller(bot: TenantBot<Ctx>, instanceId: string, leaseMs = 3_000): LeasedPoller {
  return new LeasedPoller({
    telegram: bot.bot.telegram,
    redis: getTestRedis(),
    keyPrefix: bot.botKeyPrefix,
    instanceId,
    runner: bot.runner,
    logger,
    leaseMs,
    pollTimeoutSeconds: 1,
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ waitTimeoutMs: 5_000 });
  tenant = await createTestTenant();
});

afterAll(async () => {
  await sandbox.stop();
  await tenant.dispose();
});

describe('a tenant bot over long polling', () => {
  it('keeps a session, turns errors into words and survives a bug', async () => {
    handled = new Map();
    const bot = sandbox.telegram.createBot();
    const running = poller(replica(bot), 'solo');
    running.start();
    try {
      const ann = sandbox.chat(
        bot,
        sandbox.telegram.createUser({ first_name: 'Ann', language_code: 'en' }),
      );
      const ivan = sandbox.chat(
        bot,
        sandbox.telegram.createUser({ first_name: 'Иван', language_code: 'ru' }),
      );
      await ann.send('count');
      await ann.waitFor('Count: 1');
      await ann.send('count');
      await ann.waitFor('Count: 2');
      await ivan.send('count');
      await ivan.waitFor('Счёт: 1');
      await ann.send('taken');
      await ann.waitFor('this time was just taken by someone else');
      await ivan.send('taken');
      await ivan.waitFor('это время только что занял другой клиент');
      await ann.send('bug');
      await ann.waitFor('something went wrong on our side');
      // The bug is logged with its tenant and update id, and without the token.
      const failure = logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.msg === 'update failed');
      expect(failure).toMatchObject({ level: 'error', tenant: tenant.tenant.slug });
      expect(failure?.update_id).toEqual(expect.any(Number));
      expect(JSON.stringify(failure)).not.toContain('AAAbbbccc');
      // Talking to the bot keeps the session, even when nothing in it changes.
      const annSession = sessionKey(tenantKeyPrefix(tenant.tenant.slug), ann.transcript().user.id);
      expect(await getTestRedis().get(annSession)).toBe('{"count":2}');
      await getTestRedis().expire(annSession, 60);
      await ann.send('<b>hi</b>');
      await ann.waitFor('You said: <b>hi</b>');
      expect(await getTestRedis().ttl(annSession)).toBeGreaterThan(6 * 86_400);
    } finally {
      await running.stop();
    }
  });

  it('sends a burst of replies without ever getting a 429', async () => {
    handled = new Map();
    const bot = sandbox.telegram.createBot();
    const running = poller(replica(bot), 'solo');
    running.start();
    try {
      const chat = sandbox.chat(bot, sandbox.telegram.createUser({ first_name: 'Bo' }));
      await chat.send('burst');
      await chat.waitFor('part 12', { timeout: 15_000 });
      expect(chat.botMessages().map((m) => m.text)).toEqual(
        Array.from({ length: 12 }, (_, i) => `part ${i + 1}`),
      );
      expect(sandbox.telegram.stats(bot).tooManyRequests).toBe(0);
    } finally {
      await running.stop();
    }
  }, 30_000);

  it('drops a flood from one user and stays responsive to others', async () => {
    handled = new Map();
    const bot = sandbox.telegram.createBot();
    const running = poller(replica(bot), 'solo');
    running.start();
    try {
      const flooder = sandbox.chat(
        bot,
        sandbox.telegram.createUser({ first_name: 'Flo', language_code: 'en' }),
      );
      const other = sandbox.chat(
        bot,
        sandbox.telegram.createUser({ first_name: 'Ola', language_code: 'en' }),
      );
      await Promise.all(Array.from({ length: 50 }, (_, i) => flooder.send(`spam ${i}`)));
      await other.send('hello');
      await other.waitFor('You said: hello');
      await flooder.waitFor('Too many messages at once');
      // The flood was cut: far fewer handler runs than messages, and no 429 at all.
      const flooderUpdates = [...handled.values()].length;
      expect(flooderUpdates).toBeLessThan(20);
      expect(sandbox.telegram.stats(bot).tooManyRequests).toBe(0);
    } finally {
      await running.stop();
    }
  }, 30_000);
});

describe('two replicas on one token', () => {
  it('never loop on 409 and handle every update exactly once', async () => {
    handled = new Map();
    const bot = sandbox.telegram.createBot();
    const a = poller(replica(bot), 'replica-a');
    const b = poller(replica(bot), 'replica-b');
    a.start();
    b.start();
    try {
      const chats = Array.from({ length: 3 }, (_, i) =>
        sandbox.chat(
          bot,
          sandbox.telegram.createUser({ first_name: `U${i}`, language_code: 'en' }),
        ),
      );
      for (let round = 0; round < 4; round++) {
        await Promise.all(chats.map((chat, i) => chat.send(`m${round}-${i}`)));
        await Promise.all(chats.map((chat, i) => chat.waitFor(`You said: m${round}-${i}`)));
      }
      expect([a.isPolling, b.isPolling].filter(Boolean)).toHaveLength(1);
      expect(handled.size).toBe(12);
      expect([...handled.values()].every((times) => times === 1)).toBe(true);
      const stats = sandbox.telegram.stats(bot);
      expect(stats.errors.filter((error) => error.errorCode === 409)).toEqual([]);
      for (const chat of chats) {
        expect(chat.botMessages()).toHaveLength(4);
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 30_000);

  it('takes over when the lease holder dies, and loses no update', async () => {
    handled = new Map();
    const bot = sandbox.telegram.createBot();
    const redis = getTestRedis();
    let leaseKey = '';
    const survivorBot = replica(bot);
    leaseKey = `${survivorBot.botKeyPrefix}poll:lease`;
    // A holder that died without releasing: its lease stays until it expires.
    await redis.set(leaseKey, 'dead-replica', 'PX', 1_500);
    const survivor = poller(survivorBot, 'survivor', 1_500);
    survivor.start();
    try {
      const chat = sandbox.chat(
        bot,
        sandbox.telegram.createUser({ first_name: 'Kit', language_code: 'en' }),
      );
      await chat.send('sent while nobody polls');
      expect(survivor.isPolling).toBe(false);
      await chat.waitFor('You said: sent while nobody polls', { timeout: 6_000 });
      expect(survivor.isPolling).toBe(true);
    } finally {
      await survivor.stop();
    }
    expect(await redis.exists(leaseKey)).toBe(0);
  }, 20_000);
});

describe('webhook mode', () => {
  it('accepts only calls with the secret token and answers each update once', async () => {
    handled = new Map();
    const bot = sandbox.telegram.createBot();
    const tenantBot = replica(bot);
    const secrets = webhookSecrets(Buffer.alloc(32, 5), tenant.slug, bot.token);
    const router = new HttpRouter();
    registerTelegramWebhooks(router, {
      logger,
      route: (slug) => (slug === tenant.slug ? { secrets, runner: tenantBot.runner } : undefined),
    });
    const server = await startHttpServer({ port: 0, host: '127.0.0.1', router, logger });
    try {
      const url = `http://127.0.0.1:${server.port}/tg/${tenant.slug}/${secrets.path}`;
      await tenantBot.bot.telegram.setWebhook(url, { secret_token: secrets.token });
      const chat = sandbox.chat(
        bot,
        sandbox.telegram.createUser({ first_name: 'Web', language_code: 'en' }),
      );
      await chat.send('count');
      await chat.waitFor('Count: 1');
      await chat.send('via webhook');
      await chat.waitFor('You said: via webhook');

      const forged = {
        update_id: 999_999,
        message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: 'count' },
      };
      const noHeader = await fetch(url, { method: 'POST', body: JSON.stringify(forged) });
      expect(noHeader.status).toBe(401);
      const wrongHeader = await fetch(url, {
        method: 'POST',
        body: JSON.stringify(forged),
        headers: { 'X-Telegram-Bot-Api-Secret-Token': 'guess' },
      });
      expect(wrongHeader.status).toBe(401);
      const wrongPath = await fetch(`http://127.0.0.1:${server.port}/tg/${tenant.slug}/guess`, {
        method: 'POST',
        body: JSON.stringify(forged),
        headers: { 'X-Telegram-Bot-Api-Secret-Token': secrets.token },
      });
      expect(wrongPath.status).toBe(404);
      expect(handled.has(999_999)).toBe(false);
      expect([...handled.values()].every((times) => times === 1)).toBe(true);
      const info = await tenantBot.bot.telegram.getWebhookInfo();
      expect(info.pending_update_count).toBe(0);
    } finally {
      await tenantBot.bot.telegram.deleteWebhook();
      await server.close();
    }
  });
});
