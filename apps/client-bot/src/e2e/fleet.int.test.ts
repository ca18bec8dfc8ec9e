import {
  createLogger,
  createRedis,
  deleteTenant,
  getTenant,
  readFleetHeartbeats,
  replaceTenantBotToken,
  suspendTenant,
  tenantSchemaName,
} from '@booking/core';
import {
  getTestRedis,
  randomBotToken,
  randomId,
  randomSlug,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
  testDatabaseIsCitus,
} from '@booking/core/testing';
import { type Sandbox, type SandboxBot, startSandbox } from '@booking/sandbox';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunClientFleetOptions, type RunningClientFleet, runClientFleet } from '../fleet.js';
import { createFleetDatabase, type FleetDatabase, provisionMany } from '../testing/fleet-world.js';

// On Citus (`pnpm test:scale`) every new tenant schema costs about 750 commands relayed
// to the workers (one to two seconds each, against a tenth of that on plain Postgres),
// so 200 would take most of the scale run: 40 there still exercise one process serving
// many tenants, and the plain run keeps the 200.
const TENANTS = (await testDatabaseIsCitus()) ? 40 : 200;

let sandbox: Sandbox;
let world: FleetDatabase;
let tenants: Array<{ slug: string; token: string; bot: SandboxBot }>;
const fleets: RunningClientFleet[] = [];
const connections: Redis[] = [];
const namespace = `test_${randomId(8)}`;

async function startFleet(instanceId: string, extra: Partial<RunClientFleetOptions> = {}) {
  const bullConnection = createRedis(TEST_REDIS_URL, { forBullmq: true });
  connections.push(bullConnection);
  const fleet = await runClientFleet({
    db: world.deps.db,
    redis: getTestRedis(),
    bullConnection,
    logger: createLogger({ app: 'fleet-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    encryptionKey: TEST_ENCRYPTION_KEY,
    apiRoot: sandbox.url,
    instanceId: `${instanceId}-${randomId(4)}`,
    queueNamespace: namespace,
    pollTimeoutSeconds: 5,
    leaseMs: 3_000,
    // Long: within these tests only core's notices can make a change visible in time.
    rereadEveryMs: 60_000,
    antiFlood: { burst: 200, ratePerSecond: 100 },
    ...extra,
  });
  fleets.push(fleet);
  return fleet;
}

function chatWith(bot: SandboxBot, name = 'Ann') {
  return sandbox.chat(bot, sandbox.telegram.createUser({ first_name: name, language_code: 'en' }));
}

/** Waits until `condition` holds, polling; fails naming `what` after `timeoutMs`. */
async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let fleet: RunningClientFleet;

beforeAll(async () => {
  sandbox = await startSandbox({ waitTimeoutMs: 8_000 });
  world = await createFleetDatabase();
  const bots = new Map<string, SandboxBot>();
  const created = await provisionMany(world.deps, TENANTS, {
    beforeProvision: (slug, token) =>
      bots.set(slug, sandbox.telegram.createBot({ token, username: `${slug}_bot` })),
  });
  tenants = created.map((tenant) => ({ ...tenant, bot: bots.get(tenant.slug) as SandboxBot }));
  fleet = await startFleet('a');
}, 240_000);

afterAll(async () => {
  await Promise.all(fleets.map((running) => running.stop()));
  for (const connection of connections) {
    await connection.quit();
  }
  await sandbox?.stop();
  await world?.scratch.drop();
}, 60_000);

describe('client-bot --fleet', () => {
  it(`serves ${TENANTS} tenants in one process: each answers /start`, async () => {
    expect(fleet.status().served).toHaveLength(TENANTS);
    const chats = tenants.map(({ bot }) => chatWith(bot));
    await Promise.all(chats.map((chat) => chat.send('/start')));
    await Promise.all(chats.map((chat) => chat.waitFor(/Welcome to/, { timeout: 60_000 })));
    for (const chat of chats) {
      expect(chat.botMessages().filter(({ text }) => /Welcome to/.test(text))).toHaveLength(1);
    }
    // Which process serves which tenant, for the operator.
    const beats = await readFleetHeartbeats(getTestRedis());
    const mine = beats.live.filter(({ tenants: served }) =>
      served.includes(tenants[0]?.slug ?? ''),
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]?.tenants).toHaveLength(TENANTS);
  }, 90_000);

  it('serves a tenant provisioned while it runs within 5 s', async () => {
    let bot: SandboxBot | undefined;
    await provisionMany(world.deps, 1, {
      beforeProvision: (slug, token) => {
        bot = sandbox.telegram.createBot({ token, username: `${slug}_bot` });
      },
    });
    if (!bot) {
      throw new Error('no tenant');
    }
    await sandbox.telegram.waitForPolling(bot, 5_000);
    const chat = chatWith(bot);
    await chat.send('/start');
    await chat.waitFor(/Welcome to/, { timeout: 5_000 });
  }, 30_000);

  it('tells the customers of a suspended tenant that booking is paused', async () => {
    const suspended = tenants[1];
    if (!suspended) {
      throw new Error('no tenant');
    }
    await suspendTenant(world.deps, suspended.slug);
    const chat = chatWith(suspended.bot);
    await until(
      'the suspension is seen',
      async () => {
        await chat.send('/book');
        return chat
          .waitFor('temporarily unavailable', { timeout: 1_000 })
          .then(() => true)
          .catch(() => false);
      },
      15_000,
    );
    expect(chat.buttons()).toEqual([]);
  }, 30_000);

  it('stops answering for a deleted tenant', async () => {
    const deleted = tenants[2];
    if (!deleted) {
      throw new Error('no tenant');
    }
    await deleteTenant(world.deps, deleted.slug);
    await until(
      'the fleet lets the tenant go',
      () => !fleet.status().served.includes(deleted.slug),
    );
    const before = sandbox.telegram.stats(deleted.bot).calls.getUpdates ?? 0;
    const chat = chatWith(deleted.bot);
    await chat.send('/start');
    await expect(chat.waitFor(/./, { timeout: 2_000 })).rejects.toThrow(/Timed out/);
    expect(sandbox.telegram.stats(deleted.bot).calls.getUpdates ?? 0).toBe(before);
  }, 30_000);

  it('marks a tenant whose token Telegram refuses, and the others keep answering', async () => {
    const refused = tenants[3];
    const other = tenants[4];
    if (!refused || !other) {
      throw new Error('no tenant');
    }
    sandbox.telegram.setFault(refused.bot, { kind: 'unauthorized' });
    await until(
      'the tenant is marked',
      async () => (await getTenant(world.deps.db, refused.slug)).botStatus === 'token_rejected',
      10_000,
    );
    await until('the fleet shows it', () => fleet.status().tokenRejected.includes(refused.slug));
    expect(fleet.status().served).not.toContain(refused.slug);
    expect((await fleet.ready()).details.tokenRejected).toContain(refused.slug);
    const chat = chatWith(other.bot);
    await chat.send('/start');
    await chat.waitFor(/Welcome to/);

    // A new token clears the mark, and the tenant is served again.
    const token = randomBotToken();
    const bot = sandbox.telegram.createBot({ token, username: `${randomSlug('n')}_bot` });
    await replaceTenantBotToken(world.deps, refused.slug, token);
    expect((await getTenant(world.deps.db, refused.slug)).botStatus).toBe('ok');
    const again = chatWith(bot);
    await again.send('/start');
    await again.waitFor(/Welcome to/, { timeout: 5_000 });
  }, 40_000);

  it('a tenant that fails in every update does not hold the others up', async () => {
    const broken = tenants[5];
    if (!broken) {
      throw new Error('no tenant');
    }
    // Every update of this tenant now fails in Postgres.
    await world.deps.db.schema.dropSchema(tenantSchemaName(broken.slug)).cascade().execute();
    const victim = chatWith(broken.bot, 'Broken');
    const others = tenants.slice(41, 61).map(({ bot }) => chatWith(bot, 'Other'));
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => victim.send(`/start ${i}`)),
      ...others.map((chat) => chat.send('/start')),
    ]);
    await Promise.all(others.map((chat) => chat.waitFor(/Welcome to/)));
    await victim.waitFor(/something went wrong/);
    expect(fleet.status().served).toContain(broken.slug);
  }, 30_000);

  it('two replicas serve each tenant exactly once: no 409, no update twice', async () => {
    const second = await startFleet('b');
    const sample = tenants.slice(10, 40);
    const chats = sample.map(({ bot }, i) => chatWith(bot, `R${i}`));
    for (let round = 0; round < 3; round++) {
      await Promise.all(chats.map((chat) => chat.send('/help')));
      await Promise.all(chats.map((chat) => chat.waitFor('Book an appointment with')));
    }
    for (const chat of chats) {
      expect(
        chat.botMessages().filter(({ text }) => text.includes('Book an appointment with')),
      ).toHaveLength(3);
    }
    for (const { bot } of sample) {
      const stats = sandbox.telegram.stats(bot);
      expect(stats.errors.filter((error) => error.errorCode === 409)).toEqual([]);
    }
    // Each tenant is polled by one replica; together they poll them all.
    const pollers = sample.map(
      ({ slug }) =>
        [fleet, second].filter((running) => running.status().polling.includes(slug)).length,
    );
    expect(pollers.every((count) => count === 1)).toBe(true);

    // The first replica stops: the second takes its tenants over.
    await fleet.stop();
    const late = chatWith(sample[0]?.bot as SandboxBot, 'Late');
    await late.send('/start');
    await late.waitFor(/Welcome to/, { timeout: 10_000 });
  }, 60_000);
});
