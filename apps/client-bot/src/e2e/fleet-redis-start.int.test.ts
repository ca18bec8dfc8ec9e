import { createLogger, createRedis } from '@booking/core';
import { randomId, startScratchRedis, TEST_ENCRYPTION_KEY } from '@booking/core/testing';
import { type SandboxBot, startSandbox } from '@booking/sandbox';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { type RunningClientFleet, runClientFleet } from '../fleet.js';
import { createFleetDatabase, provisionMany } from '../testing/fleet-world.js';

describe('client-bot --fleet started while Redis is down', () => {
  it('starts without waiting for Redis, serves once it is up, then takes the notices', async () => {
    const sandbox = await startSandbox({ waitTimeoutMs: 10_000 });
    const world = await createFleetDatabase();
    // A Redis of this test's own, down when the fleet starts.
    const scratchRedis = await startScratchRedis();
    await scratchRedis.stop();
    // As in production: a command fails after a few seconds instead of waiting for Redis.
    const redis = createRedis(scratchRedis.url, { commandTimeoutMs: 1_000 });
    const bullConnection = createRedis(scratchRedis.url, { forBullmq: true });
    for (const connection of [redis, bullConnection]) {
      connection.on('error', () => undefined);
    }
    const deps = { ...world.deps, redis };
    const bots = new Map<string, SandboxBot>();
    const createBot = (slug: string, token: string) =>
      bots.set(slug, sandbox.telegram.createBot({ token, username: `${slug}_bot` }));
    let fleet: RunningClientFleet | undefined;
    try {
      // Provisioned while Redis is down: their notices are lost, the table has them.
      const serving = await provisionMany(deps, 2, { beforeProvision: createBot });

      const starting = runClientFleet({
        db: world.deps.db,
        redis,
        bullConnection,
        logger: createLogger({ app: 'fleet-redis-test', level: 'silent' }),
        encryptionKey: TEST_ENCRYPTION_KEY,
        apiRoot: sandbox.url,
        instanceId: `redis-start-${randomId(4)}`,
        queueNamespace: `test_${randomId(8)}`,
        pollTimeoutSeconds: 5,
        leaseMs: 3_000,
        // Long: only a notice can show a tenant provisioned below within 5 s.
        rereadEveryMs: 60_000,
      });
      // Before this change start-up waited for the notice subscriber's 'ready' for ever.
      fleet = await Promise.race([
        starting,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('the fleet waited for Redis to start')), 15_000),
        ),
      ]);
      expect(redis.status).not.toBe('ready');
      expect(fleet.status().served.sort()).toEqual(serving.map(({ slug }) => slug).sort());
      expect(fleet.status().polling).toEqual([]);

      await scratchRedis.start();
      for (const { slug } of serving) {
        const chat = sandbox.chat(
          bots.get(slug) as SandboxBot,
          sandbox.telegram.createUser({ first_name: 'Early', language_code: 'en' }),
        );
        await chat.send('/start');
        await chat.waitFor(/Welcome to/, { timeout: 20_000 });
      }

      // Redis is up: core's notice of a new tenant reaches the fleet long before the re-read.
      await waitForSubscriber(redis);
      const [late] = await provisionMany(deps, 1, { beforeProvision: createBot });
      const chat = sandbox.chat(
        bots.get(late?.slug ?? '') as SandboxBot,
        sandbox.telegram.createUser({ first_name: 'Late', language_code: 'en' }),
      );
      await chat.send('/start');
      await chat.waitFor(/Welcome to/, { timeout: 5_000 });
    } finally {
      await fleet?.stop();
      await Promise.all([redis.quit(), bullConnection.quit()]).catch(() => undefined);
      await scratchRedis.destroy();
      await sandbox.stop();
      await world.scratch.drop();
    }
  }, 90_000);
});

/** Waits until some connection listens on the tenant-changes channel. */
async function waitForSubscriber(redis: Redis): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const channels = (await redis.pubsub('CHANNELS')) as string[];
    if (channels.length > 0) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error('nobody subscribed to the tenant changes');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
