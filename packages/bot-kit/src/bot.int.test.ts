import {
  AppError,
  createLogger,
  deleteKeysMatching,
  HttpRouter,
  type Logger,
  startHttpServer,
} from '@booking/core';
import { getTestRedis } from '@booking/core/testing';
import { type Sandbox, startSandbox } from '@booking/sandbox';
import { Composer } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from './bot.js';
import type { BotContext } from './context.js';
import { createI18n } from './i18n/i18n.js';
import { BOT_KIT_TEXTS } from './i18n/texts.js';
import { startBotIntake } from './intake/bot-intake.js';
import { sessionKey } from './session.js';

/** A platform bot's scope: no tenant, just what the bot is. */
interface StoreScope {
  shop: string;
}
interface Session {
  visits: number;
}
type Ctx = BotContext<Session, StoreScope>;

const i18n = createI18n({
  en: {
    ...BOT_KIT_TEXTS.en,
    hello: '{shop} visit {n}',
    'errors.mine': 'The shop words this error its own way.',
  },
  ru: { ...BOT_KIT_TEXTS.ru, hello: '{shop}: визит {n}', 'errors.mine': 'Своими словами.' },
  es: { ...BOT_KIT_TEXTS.es, hello: '{shop} visita {n}', 'errors.mine': 'Con sus palabras.' },
});

let sandbox: Sandbox;
const logLines: string[] = [];
const logger: Logger = createLogger({
  app: 'test',
  level: 'info',
  destination: { write: (line: string) => logLines.push(line) },
});
const keyPrefix = `p:{store_${process.pid}_${Date.now()}}:`;

beforeAll(async () => {
  sandbox = await startSandbox({ waitTimeoutMs: 5_000 });
});

afterAll(async () => {
  await sandbox.stop();
  await deleteKeysMatching(getTestRedis(), `${keyPrefix}*`);
});

function storeBot(token: string) {
  const feature = new Composer<Ctx>();
  feature.hears('oops', () => {
    throw new AppError('CONFLICT');
  });
  feature.on('text', async (ctx) => {
    ctx.session.visits += 1;
    ctx.log.info('visited');
    await ctx.reply(ctx.t('hello', { shop: ctx.scope.shop, n: ctx.session.visits }));
  });
  return createBot<Session, StoreScope, Ctx>(
    {
      scope: { shop: 'Store' },
      keyPrefix,
      logBindings: { bot: 'store' },
      token,
      redis: getTestRedis(),
      logger,
      apiRoot: sandbox.url,
      translator: (locale) => i18n.translator(locale),
      fallbackLocale: 'ru',
      errorTextKey: () => 'errors.mine',
      initialSession: () => ({ visits: 0 }),
    },
    [feature],
  );
}

describe('the generic bot factory', () => {
  it('serves a bot with its own scope, Redis prefix, log fields and words for errors', async () => {
    const telegramBot = sandbox.telegram.createBot();
    const bot = storeBot(telegramBot.token);
    expect(bot.botKeyPrefix).toBe(`${keyPrefix}bot:${telegramBot.token.split(':')[0]}:`);
    const intake = await startBotIntake({
      bot,
      name: 'store',
      token: telegramBot.token,
      redis: getTestRedis(),
      logger,
      instanceId: 'solo',
      encryptionKey: Buffer.alloc(32, 7),
      pollTimeoutSeconds: 1,
    });
    try {
      await intake.ready();
      // A language the bot does not speak falls back to the bot's own.
      const user = sandbox.telegram.createUser({ first_name: 'Kai', language_code: 'de' });
      const chat = sandbox.chat(telegramBot, user);
      await chat.send('hi');
      await chat.waitFor('Store: визит 1');
      await chat.send('oops');
      await chat.waitFor('Своими словами.');
      expect(await getTestRedis().get(sessionKey(keyPrefix, user.id))).toBe('{"visits":1}');
      const visited = logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.msg === 'visited');
      expect(visited).toMatchObject({ bot: 'store', update_id: expect.any(Number) });
      expect(visited).not.toHaveProperty('tenant');
    } finally {
      await intake.stop();
    }
  });

  it('takes updates by webhook on the process server, and stops answering when stopped', async () => {
    const telegramBot = sandbox.telegram.createBot();
    const bot = storeBot(telegramBot.token);
    const router = new HttpRouter();
    const server = await startHttpServer({ port: 0, host: '127.0.0.1', router, logger });
    try {
      const intake = await startBotIntake({
        bot,
        name: 'store',
        token: telegramBot.token,
        redis: getTestRedis(),
        logger,
        instanceId: 'solo',
        encryptionKey: Buffer.alloc(32, 7),
        webhook: { publicUrl: `http://127.0.0.1:${server.port}/`, http: router },
      });
      const url = (await bot.bot.telegram.getWebhookInfo()).url ?? '';
      expect(url.startsWith(`http://127.0.0.1:${server.port}/tg/store/`)).toBe(true);
      const chat = sandbox.chat(
        telegramBot,
        sandbox.telegram.createUser({ first_name: 'Web', language_code: 'en' }),
      );
      await chat.send('hello');
      await chat.waitFor('Store visit 1');
      await intake.stop();
      const after = await fetch(url, { method: 'POST', body: '{"update_id":1}' });
      expect(after.status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
