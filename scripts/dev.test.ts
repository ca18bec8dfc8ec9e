import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis, deleteTenantKeys, listTenants, masterNodes } from '@booking/core';
import {
  createScratchDatabase,
  freePort,
  randomId,
  runTs,
  type ScratchDatabase,
  spawnTs,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import { connectSandbox, type SandboxChat } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `pnpm dev` runs in a database of its own, and under a DEV_NAMESPACE of its own in the
// shared Redis: it deletes only its own keys afterwards, never a whole Redis database
// (a developer's own data may live there).
const NAMESPACE = `devtest_${randomId(8)}`;
const SLUG = `demo_${NAMESPACE}`;
const QUEUES = `dev_${NAMESPACE}:bq:`;
const SENTINEL = `someone-else:${randomId(8)}`;
const redis = createRedis(TEST_REDIS_URL);
let scratch: ScratchDatabase;
let cwd: string;
const key = randomBytes(32).toString('hex');

/** Every key matching the pattern. */
async function keysMatching(pattern: string): Promise<string[]> {
  const keys: string[] = [];
  // On a Redis Cluster each master holds its own slots: scan them all.
  for (const node of masterNodes(redis)) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
  }
  return keys;
}

beforeAll(async () => {
  scratch = await createScratchDatabase('dev_cli');
  cwd = await mkdtemp(join(tmpdir(), 'pnpm-dev-'));
  await redis.set(SENTINEL, 'kept', 'EX', 600);
});

afterAll(async () => {
  // The demo salon, and the bot a newcomer bought through the storefront.
  for (const tenant of await listTenants(scratch.db).catch(() => [])) {
    await deleteTenantKeys(redis, tenant.slug);
  }
  await deleteTenantKeys(redis, SLUG);
  const salesKeys = await keysMatching(`p:{sales_${NAMESPACE}}:*`);
  if (salesKeys.length > 0) {
    await redis.unlink(...salesKeys);
  }
  // One UNLINK per key: the queues' keys lie in as many Redis Cluster slots as there
  // are queues, and one command may name keys of one slot only.
  const queues = await keysMatching(`${QUEUES}*`);
  await Promise.all(queues.map((queueKey) => redis.unlink(queueKey)));
  // Keys that are not the demo's stay where they were.
  expect(await redis.get(SENTINEL)).toBe('kept');
  await redis.del(SENTINEL);
  await redis.quit();
  await scratch.drop();
});

interface RunningDev {
  child: ChildProcessWithoutNullStreams;
  /** What it printed on stdout until it was ready. */
  banner: string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `pnpm dev` and resolves once it prints the web chat's address. */
async function startDev(port: number): Promise<RunningDev> {
  const child = spawnTs('scripts/dev.ts', {
    cwd,
    env: {
      DATABASE_URL: scratch.url,
      REDIS_URL: TEST_REDIS_URL,
      DEV_NAMESPACE: NAMESPACE,
      SANDBOX_PORT: String(port),
      TOKEN_ENCRYPTION_KEY: key,
      LOG_LEVEL: 'warn',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pnpm dev not ready:\n${stderr}`)), 50_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Ctrl+C stops everything')) {
        clearTimeout(timer);
        resolve(stdout);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pnpm dev exited with ${code}:\n${stderr}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    child,
    banner,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The first button of the chat whose label matches. */
function firstButton(chat: SandboxChat, pattern: RegExp): string {
  return (
    chat
      .buttons()
      .flat()
      .find((text) => pattern.test(text)) ?? `no button matching ${pattern}`
  );
}

/** The URL of the last link button of the chat whose label matches. */
function linkButton(chat: SandboxChat, pattern: RegExp): string {
  for (const message of [...chat.botMessages()].reverse()) {
    const markup = message.replyMarkup as
      | { inline_keyboard?: Array<Array<{ text: string; url?: string }>> }
      | undefined;
    const button = markup?.inline_keyboard
      ?.flat()
      .find((candidate) => candidate.url && pattern.test(candidate.text));
    if (button?.url) {
      return button.url;
    }
  }
  throw new Error(`no link button matching ${pattern}:\n${chat.toString()}`);
}

describe('pnpm dev', () => {
  it('serves the demo salon and the storefront in the web chat: a customer books, the owner hears of it, a newcomer buys a bot the fleet serves at once; a restart keeps all', async () => {
    const port = await freePort();
    const first = await startDev(port);
    try {
      expect(first.banner).toContain(`Web chat:  http://127.0.0.1:${port}/`);
      expect(first.banner).toContain(`Namespace: ${NAMESPACE}`);
      const sandbox = connectSandbox(`http://127.0.0.1:${port}`, { waitTimeoutMs: 10_000 });
      const bot = (await sandbox.telegram.listBots()).find(
        (candidate) => candidate.username === 'demo_salon_bot',
      );
      const users = await sandbox.telegram.listUsers();
      const userNamed = (name: string) => users.find((user) => user.first_name.startsWith(name));
      const ann = userNamed('Ann');
      const olga = userNamed('Olga');
      expect(bot && ann && olga).toBeTruthy();
      if (!bot || !ann || !olga) {
        return;
      }
      const owner = sandbox.chat(bot, olga);
      // The owner has started her bot, so it may write to her.
      await owner.waitFor('Что вы хотите сделать?');

      const chat = sandbox.chat(bot, ann);
      await chat.send('/start');
      await chat.waitFor('What would you like to do?');
      await chat.press('📅 Book');
      await chat.waitFor('Choose a service');
      await chat.press(firstButton(chat, /^Мужская стрижка/));
      await chat.waitFor('Choose a specialist');
      await chat.press('Any specialist');
      await chat.waitFor('Choose a day');
      await chat.press(firstButton(chat, /^\d+•?$/));
      await chat.waitFor('choose a time');
      await chat.press(firstButton(chat, /^\d\d:\d\d$/));
      await chat.waitFor('Please check your booking');
      await chat.press('✅ Confirm');
      await chat.waitFor('What name should we book under?');
      await chat.send('Ann');
      await chat.waitFor('phone');
      await chat.sendContact();
      await chat.waitFor('You are booked!');
      const notice = await owner.waitFor('Новая запись');
      expect(notice.text).toContain('Ann');
      // The storefront answers a newcomer in the same web chat.
      const salesBot = (await sandbox.telegram.listBots()).find(
        (candidate) => candidate.username === 'booking_sales_bot',
      );
      const newcomer = userNamed('Newcomer');
      if (!salesBot || !newcomer) {
        throw new Error('the sales bot or the newcomer is missing');
      }
      const storefront = sandbox.chat(salesBot, newcomer);
      await storefront.send('/start');
      await storefront.waitFor('Ваш собственный бот для записи');

      // The newcomer buys a plan, pays on the emulator's page and hands over the token of
      // a bot made in the web chat: the fleet serves it at once, no restart.
      await storefront.press('💳 Тарифы и цены');
      await storefront.waitFor('Starter');
      await storefront.press(firstButton(storefront, /^Купить Starter/));
      await storefront.waitFor('Как называется ваш бизнес?');
      await storefront.send('Студия Нова');
      await storefront.waitFor('Куда прислать чек');
      await storefront.send('nova@example.com');
      await storefront.waitFor('Автопродление');
      await storefront.press('Нет, продлю сам');
      await storefront.waitFor(/Заказ №\d+: Starter/);
      const payUrl = linkButton(storefront, /^💳 Оплатить/);
      expect(payUrl.startsWith(`http://127.0.0.1:${port}/`)).toBe(true);
      const paidAt = performance.now();
      const paid = await fetch(`${payUrl}/pay`, { method: 'POST', redirect: 'manual' });
      expect([200, 303]).toContain(paid.status);
      await storefront.waitFor('Оплата получена', { timeout: 15_000 });
      await storefront.waitFor('Теперь создадим вашего бота');
      const novaBot = await sandbox.telegram.createBot({
        username: `nova_${NAMESPACE.slice(-6)}_bot`,
        firstName: 'Студия Нова',
      });
      await storefront.send(novaBot.token);
      await storefront.waitFor(`@${novaBot.username} работает`, { timeout: 15_000 });
      const nova = sandbox.chat(novaBot, newcomer);
      await nova.send('/start');
      // Its owner's first /start: the console's menu, whose first run is the setup.
      await nova.waitFor('Что вы хотите сделать?', { timeout: 15_000 });
      process.stdout.write(
        `pnpm dev: payment → the new bot's first answer ${Math.round(performance.now() - paidAt)} ms\n`,
      );
      // Ann's session and the visit's reminders sit under the namespace's prefixes.
      expect(await keysMatching(`t:{${SLUG}}:*session:${ann.id}`)).toHaveLength(1);
      expect(await keysMatching(`${QUEUES}*`)).not.toEqual([]);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    // Started again: the same bot, the same people, and Ann's booking is still hers.
    const second = await startDev(port);
    try {
      const sandbox = connectSandbox(`http://127.0.0.1:${port}`, { waitTimeoutMs: 10_000 });
      const [bot] = await sandbox.telegram.listBots();
      const ann = (await sandbox.telegram.listUsers()).find((user) => user.first_name === 'Ann');
      if (!bot || !ann) {
        throw new Error('the demo bot or Ann is missing after a restart');
      }
      const chat = sandbox.chat(bot, ann);
      await chat.send('/my');
      const mine = await chat.waitFor('Your upcoming bookings');
      expect(
        chat
          .buttons()
          .flat()
          .some((text) => text.includes('Мужская стрижка')),
      ).toBe(true);
      expect(mine.text).toContain('Your upcoming bookings');
      // The bot bought in the first run is served again: its token survived the restart.
      const novaBot = (await sandbox.telegram.listBots()).find((candidate) =>
        candidate.username.startsWith('nova_'),
      );
      const newcomer = (await sandbox.telegram.listUsers()).find(
        (user) => user.first_name === 'Newcomer',
      );
      if (!novaBot || !newcomer) {
        throw new Error('the bought bot or the newcomer is missing after a restart');
      }
      const nova = sandbox.chat(novaBot, newcomer);
      await nova.send('/start');
      await nova.waitFor('Что вы хотите сделать?', { timeout: 15_000 });
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 240_000);

  it("refuses to put the demo into the server's own postgres database", async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = '/postgres';
    const result = await runTs('scripts/dev.ts', {
      env: { DATABASE_URL: url.toString(), REDIS_URL: TEST_REDIS_URL },
    });
    expect(result.stderr).toMatch(
      /^dev: DATABASE_URL names "postgres", a database the server keeps for itself; .*booking_dev\n$/,
    );
    expect(result.status).toBe(1);
  });
});
