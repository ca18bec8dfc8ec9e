import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  CLI_ACTOR,
  createLogger,
  deleteKeysMatching,
  getTenant,
  migratePlatform,
  provisionTenantBy,
  removeFleetHeartbeat,
  replaceTenantTokenBy,
  type TenantDeps,
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
import { type Sandbox, type SandboxBot, type SandboxChat, startSandbox } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMasterBot } from '../bot.js';
import { AlertWatcher, alertOperators } from '../jobs/alerts.js';

const logger = createLogger({
  app: 'master-alerts-test',
  level: process.env.TEST_LOG_LEVEL ?? 'silent',
});
/** How often the watcher looks, as `ALERT_INTERVAL_MS` would say. */
const CHECK_EVERY_MS = 500;

/** Waits until `condition` holds, polling; fails naming `what` (and the fleet's output). */
async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  output: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting until ${what}\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The alerts end to end: a real `client-bot --fleet` process serves a tenant against the
 * Telegram emulator, and the master bot's alert watcher tells the operator's chat in the
 * emulator. The fleet has a database of its own (it serves every tenant it finds), so
 * that the watcher sees only this file's tenant; heartbeats share the test Redis, so the
 * operator's messages are counted for this file's subjects only.
 */
describe('operator alerts, end to end', () => {
  const slug = randomSlug();
  const instance = `fleet-alerts-${randomId(6)}`;
  const keyPrefix = `p:{master-alerts-e2e-${randomId(8)}}:`;
  let sandbox: Sandbox;
  let scratch: ScratchDatabase;
  let deps: TenantDeps;
  let tenantBot: SandboxBot;
  let operator: SandboxChat;
  let watcher: AlertWatcher;
  let fleet: ChildProcessWithoutNullStreams;
  let fleetOutput = '';

  /** The operator's messages that mention `subject`. */
  const alertsAbout = (subject: string) =>
    operator
      .botMessages()
      .map((message) => message.text)
      .filter((text) => text.includes(subject));

  beforeAll(async () => {
    sandbox = await startSandbox({ waitTimeoutMs: 10_000 });
    scratch = await createScratchDatabase('alerts');
    await migratePlatform(scratch.db);
    deps = { db: scratch.db, redis: getTestRedis(), encryptionKey: TEST_ENCRYPTION_KEY };
    tenantBot = sandbox.telegram.createBot({ username: `${slug}_bot` });
    await provisionTenantBy(deps, CLI_ACTOR, {
      slug,
      botToken: tenantBot.token,
      botUsername: `${slug}_bot`,
      locale: 'en',
    });

    const masterBot = sandbox.telegram.createBot({ username: 'master_alerts_bot' });
    const operatorUser = sandbox.telegram.createUser({ first_name: 'Olga', language_code: 'en' });
    operator = sandbox.chat(masterBot, operatorUser);
    // Telegram lets a bot write to a person only after the person started it.
    await operator.send('/start');
    const master = createMasterBot({
      deps,
      token: masterBot.token,
      operatorIds: [operatorUser.id],
      logger,
      apiRoot: sandbox.url,
      keyPrefix,
    });
    watcher = new AlertWatcher({
      db: deps.db,
      redis: deps.redis,
      logger,
      keyPrefix,
      thresholds: {
        queueNamespace: `alerts${randomId(6)}`,
        // The shortest the master bot's ALERT_HEARTBEAT_STALE_MS allows.
        heartbeatStaleMs: 1_000,
        queueBacklog: 1_000,
        paymentFailures: 5,
      },
      notify: alertOperators({
        telegram: master.bot.telegram,
        operatorIds: [operatorUser.id],
        locale: 'en',
        logger,
      }),
    });

    fleet = spawnTs('apps/client-bot/src/main.ts', {
      args: ['--fleet'],
      env: {
        DATABASE_URL: scratch.url,
        REDIS_URL: TEST_REDIS_URL,
        TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
        TELEGRAM_API_ROOT: sandbox.url,
        OPS_PORT: '0',
        QUEUE_NAMESPACE: `test_${randomId(8)}`,
        INSTANCE_ID: instance,
        LOG_LEVEL: 'info',
      },
    });
    for (const stream of [fleet.stdout, fleet.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        fleetOutput += chunk.toString();
      });
    }
    await until(
      'the fleet serves',
      () => fleetOutput.includes('is serving'),
      // A child process starts slowly on a busy machine.
      120_000,
      () => fleetOutput,
    );
    await sandbox.telegram.waitForPolling(tenantBot, 30_000);
    watcher.start(CHECK_EVERY_MS);
  }, 200_000);

  afterAll(async () => {
    await watcher?.stop();
    fleet?.kill('SIGKILL');
    await removeFleetHeartbeat(getTestRedis(), instance);
    await deleteKeysMatching(getTestRedis(), `${keyPrefix}*`);
    await sandbox?.stop();
    await scratch?.drop();
  }, 30_000);

  it('tells the operator once when Telegram starts rejecting a token, and once when a new token works', async () => {
    await pause(3 * CHECK_EVERY_MS);
    expect(alertsAbout(slug)).toEqual([]);

    sandbox.telegram.setFault(tenantBot, { kind: 'unauthorized' });
    // The fleet hears the refusal at its next call: its long poll under way may take 25 s.
    await operator.waitFor(`Telegram rejects the bot token of tenant ${slug}`, {
      timeout: 60_000,
    });
    expect((await getTenant(deps.db, slug)).botStatus).toBe('token_rejected');
    // Several more checks, and the fleet still refused: still one alert.
    await pause(4 * CHECK_EVERY_MS);
    expect(alertsAbout(slug)).toEqual([`🔴 Telegram rejects the bot token of tenant ${slug}.`]);

    const renewed = sandbox.telegram.createBot({ username: `${slug}_new_bot` });
    await replaceTenantTokenBy(deps, CLI_ACTOR, slug, renewed.token);
    await operator.waitFor(`Tenant ${slug} has a working bot token again`, { timeout: 60_000 });
    // The fleet serves the tenant with its new token.
    await sandbox.telegram.waitForPolling(renewed, 20_000);
    await pause(4 * CHECK_EVERY_MS);
    expect(alertsAbout(slug)).toEqual([
      `🔴 Telegram rejects the bot token of tenant ${slug}.`,
      `🟢 Tenant ${slug} has a working bot token again.`,
    ]);
  }, 150_000);

  it('tells the operator within a minute that a fleet process killed with SIGKILL stopped reporting', async () => {
    await until(
      'the fleet reports a heartbeat',
      async () => (await getTestRedis().exists(`p:{fleet}:replica:${instance}`)) === 1,
      15_000,
      () => fleetOutput,
    );
    const exited = new Promise((resolve) => fleet.once('exit', resolve));
    const killedAt = Date.now();
    fleet.kill('SIGKILL');
    await exited;

    await operator.waitFor(new RegExp(`Fleet process ${instance} stopped reporting`), {
      timeout: 60_000,
    });
    const elapsedMs = Date.now() - killedAt;
    console.info(`heartbeat alert ${elapsedMs} ms after SIGKILL`);
    expect(elapsedMs).toBeLessThan(60_000);
    await pause(4 * CHECK_EVERY_MS);
    expect(alertsAbout(instance)).toHaveLength(1);
    expect(alertsAbout(instance)[0]).toMatch(
      new RegExp(`^🔴 Fleet process ${instance} stopped reporting \\(last seen \\d+ s ago\\)\\.$`),
    );
  }, 90_000);
});
