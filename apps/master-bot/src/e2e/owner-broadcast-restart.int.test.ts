import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  CLI_ACTOR,
  deleteKeysMatching,
  findDelivery,
  getTenant,
  listOperatorAudit,
  migratePlatform,
  ownerBroadcastDeliveryKey,
  provisionTenantBy,
  type TenantDeps,
  tenantDb,
} from '@booking/core';
import {
  createScratchDatabase,
  getTestRedis,
  randomId,
  randomSlug,
  type ScratchDatabase,
  spawnTs,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import {
  type Sandbox,
  type SandboxBot,
  type SandboxChat,
  type SandboxUser,
  startSandbox,
} from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY_PREFIX } from '../bot.js';

const OWNERS = 5;
const TEXT = `Planned maintenance ${randomId(6)}`;
/** How long each owner's bot holds the answer to a send, so a kill lands mid-send. */
const ANSWER_DELAY_MS = 4_000;
const ALERTS_KEY = `${MASTER_KEY_PREFIX}alerts:open`;

async function until(
  what: string,
  condition: () => boolean,
  timeoutMs: number,
  output: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting until ${what}\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A message to every owner survives a restart of the master bot: the real process is
 * killed (SIGKILL) while the message to one owner is in flight, a new process resumes it,
 * and every owner ends with the message exactly once; the one in flight is not sent again.
 * The tenants live in a database of their own, which the master bot processes are given.
 */
describe('master bot: a message to owners across a restart', () => {
  let sandbox: Sandbox;
  let scratch: ScratchDatabase;
  let deps: TenantDeps;
  let masterBot: SandboxBot;
  let operator: SandboxChat;
  let operatorUser: SandboxUser;
  const owners: Array<{ slug: string; bot: SandboxBot; chat: SandboxChat }> = [];
  const children: ChildProcessWithoutNullStreams[] = [];
  let alertsBefore = new Set<string>();

  /** Starts `master-bot` as its own process, as its container would. */
  function startMasterBot(): { child: ChildProcessWithoutNullStreams; output: () => string } {
    const child = spawnTs('apps/master-bot/src/main.ts', {
      env: {
        DATABASE_URL: scratch.url,
        REDIS_URL: TEST_REDIS_URL,
        TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
        MASTER_BOT_TOKEN: masterBot.token,
        OPERATOR_IDS: String(operatorUser.id),
        OPERATOR_LOCALE: 'en',
        TELEGRAM_API_ROOT: sandbox.url,
        OPS_PORT: '0',
        QUEUE_NAMESPACE: `test_${randomId(8)}`,
        ALERT_INTERVAL_MS: '3600000',
        LOG_LEVEL: 'info',
      },
    });
    children.push(child);
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
    }
    return { child, output: () => output };
  }

  const received = (chat: SandboxChat) =>
    chat.botMessages().filter((message) => message.text === TEXT).length;

  beforeAll(async () => {
    sandbox = await startSandbox({ waitTimeoutMs: 15_000 });
    scratch = await createScratchDatabase('owner_broadcast');
    await migratePlatform(scratch.db);
    deps = { db: scratch.db, redis: getTestRedis(), encryptionKey: TEST_ENCRYPTION_KEY };
    for (let index = 0; index < OWNERS; index++) {
      const slug = randomSlug();
      const bot = sandbox.telegram.createBot({ username: `${slug}_bot` });
      const user = sandbox.telegram.createUser({
        first_name: `Owner ${index}`,
        language_code: 'en',
      });
      await provisionTenantBy(deps, CLI_ACTOR, {
        slug,
        botToken: bot.token,
        botUsername: `${slug}_bot`,
        ownerTelegramId: user.id,
      });
      const chat = sandbox.chat(bot, user);
      // Telegram lets a bot write to a person only after the person started it.
      await chat.send('/start');
      owners.push({ slug, bot, chat });
    }
    // A tenant with no owner to write to: counted apart.
    const ownerless = sandbox.telegram.createBot();
    await provisionTenantBy(deps, CLI_ACTOR, { slug: randomSlug(), botToken: ownerless.token });

    masterBot = sandbox.telegram.createBot({ username: 'master_restart_bot' });
    operatorUser = sandbox.telegram.createUser({ first_name: 'Olga', language_code: 'en' });
    operator = sandbox.chat(masterBot, operatorUser);
    // The process watches alerts too, on the shared Redis: what it opens there is removed.
    alertsBefore = new Set(Object.keys(await getTestRedis().hgetall(ALERTS_KEY)));
  }, 120_000);

  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGKILL');
    }
    const redis = getTestRedis();
    const opened = Object.keys(await redis.hgetall(ALERTS_KEY)).filter(
      (id) => !alertsBefore.has(id),
    );
    if (opened.length > 0) {
      await redis.hdel(ALERTS_KEY, ...opened);
    }
    await deleteKeysMatching(redis, `${MASTER_KEY_PREFIX}bot:${masterBot.token.split(':')[0]}:*`);
    await sandbox?.stop();
    await scratch?.drop();
  }, 30_000);

  it('delivers the rest exactly once after the process is killed mid-way, and reports', async () => {
    for (const { bot } of owners) {
      sandbox.telegram.setFault(bot, {
        kind: 'delay',
        ms: ANSWER_DELAY_MS,
        methods: ['sendMessage'],
      });
    }
    const first = startMasterBot();
    await until(
      'the master bot serves',
      () => first.output().includes('master-bot is serving'),
      // A child process starts slowly on a busy machine.
      120_000,
      first.output,
    );
    await sandbox.telegram.waitForPolling(masterBot, 20_000);

    await operator.send('/broadcast');
    await operator.waitFor('Send the message for tenant owners', { timeout: 15_000 });
    await operator.send(TEXT);
    await operator.waitFor(`Send this to ${OWNERS} owner(s)`, { timeout: 15_000 });
    await operator.press('Send');
    await operator.waitFor(`Sending: 0 of ${OWNERS}`, { timeout: 15_000 });

    // The second owner has the message, and the process still waits for Telegram's answer.
    const second = owners[1] as (typeof owners)[number];
    await until(
      'the second owner has the message',
      () => received(second.chat) === 1,
      30_000,
      first.output,
    );
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    expect(owners.map(({ chat }) => received(chat))).toEqual([1, 1, 0, 0, 0]);

    // The claim of the message in flight outlives the process: it is never sent again.
    const [created] = await listOperatorAudit(deps.db, { action: 'broadcast.created' });
    const broadcastId = created?.id as number;
    const secondSchema = (await getTenant(deps.db, second.slug)).schema;
    const inFlight = await findDelivery(
      tenantDb(deps.db, secondSchema),
      ownerBroadcastDeliveryKey(
        broadcastId,
        Number((await getTenant(deps.db, second.slug)).ownerTelegramId),
      ),
    );
    expect(inFlight?.status).toBe('claimed');

    for (const { bot } of owners) {
      sandbox.telegram.setFault(bot, undefined);
    }
    const restarted = startMasterBot();
    await operator.waitFor(`Message sent: ${OWNERS - 1} delivered, 0 failed, 1 without an owner.`, {
      timeout: 60_000,
    });
    expect(operator.last()?.text).toContain(
      '1 were being sent when the bot stopped: they may have arrived, so they were not sent again.',
    );
    expect(restarted.output()).toContain('resuming a broadcast to owners');
    expect(owners.map(({ chat }) => received(chat))).toEqual([1, 1, 1, 1, 1]);

    const sent = await listOperatorAudit(deps.db, { action: 'broadcast.sent' });
    expect(sent.map((entry) => [entry.target, entry.details])).toEqual([
      [
        `broadcast:${broadcastId}`,
        { sent: OWNERS - 1, unknown: 1, failed: 0, blocked: 0, gone: 0, withoutOwner: 1 },
      ],
    ]);
  }, 300_000);
});
