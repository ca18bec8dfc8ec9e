import { createLogger, createRedis, HttpRouter, startHttpServer } from '@booking/core';
import { getTestRedis, randomId, TEST_ENCRYPTION_KEY, TEST_REDIS_URL } from '@booking/core/testing';
import { type SandboxBot, startSandbox } from '@booking/sandbox';
import { describe, expect, it } from 'vitest';
import { runClientFleet } from '../fleet.js';
import { createFleetDatabase, provisionMany } from '../testing/fleet-world.js';

describe('client-bot --fleet in webhook mode', () => {
  it('routes every tenant by its path and secret on the one server', async () => {
    const sandbox = await startSandbox({ waitTimeoutMs: 10_000 });
    const world = await createFleetDatabase();
    const logger = createLogger({ app: 'fleet-webhook-test', level: 'silent' });
    const router = new HttpRouter();
    const server = await startHttpServer({ port: 0, host: '127.0.0.1', router, logger });
    const bullConnection = createRedis(TEST_REDIS_URL, { forBullmq: true });
    const bots: SandboxBot[] = [];
    try {
      await provisionMany(world.deps, 3, {
        beforeProvision: (slug, token) =>
          bots.push(sandbox.telegram.createBot({ token, username: `${slug}_bot` })),
      });
      const fleet = await runClientFleet({
        db: world.deps.db,
        redis: getTestRedis(),
        bullConnection,
        logger,
        encryptionKey: TEST_ENCRYPTION_KEY,
        apiRoot: sandbox.url,
        instanceId: `hook-${randomId(4)}`,
        queueNamespace: `test_${randomId(8)}`,
        publicUrl: `http://127.0.0.1:${server.port}`,
        http: router,
      });
      try {
        expect(fleet.intake).toBe('webhook');
        const chats = bots.map((bot) =>
          sandbox.chat(
            bot,
            sandbox.telegram.createUser({ first_name: 'Hook', language_code: 'en' }),
          ),
        );
        await Promise.all(chats.map((chat) => chat.send('/start')));
        await Promise.all(chats.map((chat) => chat.waitFor(/Welcome to/)));
        for (const bot of bots) {
          expect(sandbox.telegram.stats(bot).calls.getUpdates ?? 0).toBe(0);
        }
        // A path with another tenant's secret gets nowhere.
        const forged = await fetch(`http://127.0.0.1:${server.port}/tg/f_nosuchslug/x`, {
          method: 'POST',
          body: '{}',
        });
        expect(forged.status).toBe(404);
      } finally {
        await fleet.stop();
      }
    } finally {
      await bullConnection.quit();
      await server.close();
      await sandbox.stop();
      await world.scratch.drop();
    }
  }, 120_000);
});
