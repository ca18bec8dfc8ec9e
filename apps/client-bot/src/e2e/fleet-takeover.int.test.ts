import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { tenantKeyPrefix } from '@booking/core';
import {
  getTestRedis,
  randomId,
  spawnTs,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import { type SandboxBot, type SandboxChat, startSandbox } from '@booking/sandbox';
import { describe, expect, it } from 'vitest';
import { createFleetDatabase, provisionMany } from '../testing/fleet-world.js';

const TENANTS = 6;
/** Production's lease (15 s) runs out, a standby asks every 5 s or so, then polls. */
const TAKEOVER_WITHIN_MS = 30_000;

/** `client-bot --fleet` as its own process, as a container runs it. */
interface Replica {
  instance: string;
  child: ChildProcessWithoutNullStreams;
  output: () => string;
}

function startReplica(name: string, env: Record<string, string>): Replica {
  const instance = `${name}-${randomId(6)}`;
  const child = spawnTs('apps/client-bot/src/main.ts', {
    args: ['--fleet'],
    env: { ...env, INSTANCE_ID: instance },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { instance, child, output: () => output };
}

async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const welcomes = (chat: SandboxChat) =>
  chat.botMessages().filter(({ text }) => /Welcome to/.test(text)).length;

describe('client-bot --fleet replicas', () => {
  it('the survivor takes over the tenants of a replica killed with SIGKILL, each update once', async () => {
    const sandbox = await startSandbox({ waitTimeoutMs: 10_000 });
    const world = await createFleetDatabase();
    const bots = new Map<string, SandboxBot>();
    const replicas: Replica[] = [];
    try {
      const tenants = await provisionMany(world.deps, TENANTS, {
        beforeProvision: (slug, token) =>
          bots.set(slug, sandbox.telegram.createBot({ token, username: `${slug}_bot` })),
      });
      const env = {
        DATABASE_URL: world.scratch.url,
        REDIS_URL: TEST_REDIS_URL,
        TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
        TELEGRAM_API_ROOT: sandbox.url,
        OPS_PORT: '0',
        QUEUE_NAMESPACE: `test_${randomId(8)}`,
        LOG_LEVEL: 'info',
      };
      replicas.push(startReplica('a', env), startReplica('b', env));
      const leaseKeys = tenants.map(
        ({ slug, token }) => `${tenantKeyPrefix(slug)}bot:${token.split(':')[0]}:poll:lease`,
      );
      // One GET a key: the tenants' keys lie in different slots of a Redis Cluster.
      const holders = async () => Promise.all(leaseKeys.map((key) => getTestRedis().get(key)));
      const instances = replicas.map(({ instance }) => instance);
      // Two Node processes starting beside a busy suite (on Citus, three Postgres nodes
      // too) once took more than 30 s: the start is not what this test measures.
      await until(
        'every tenant is polled by one of the replicas',
        async () => (await holders()).every((holder) => instances.includes(holder ?? '')),
        60_000,
      );

      const chats = tenants.map(({ slug }) =>
        sandbox.chat(
          bots.get(slug) as SandboxBot,
          sandbox.telegram.createUser({ first_name: 'Kim', language_code: 'en' }),
        ),
      );
      await Promise.all(chats.map((chat) => chat.send('/start')));
      await Promise.all(chats.map((chat) => chat.waitFor(/Welcome to/, { timeout: 10_000 })));

      // Kill the replica that polls the most tenants (at least half of them).
      const before = await holders();
      const victim = replicas.reduce((most, replica) =>
        before.filter((holder) => holder === replica.instance).length >
        before.filter((holder) => holder === most.instance).length
          ? replica
          : most,
      );
      const survivor = replicas.find((replica) => replica !== victim) as Replica;
      const orphaned = before.filter((holder) => holder === victim.instance).length;
      expect(orphaned).toBeGreaterThanOrEqual(TENANTS / 2);
      const killed = new Promise((resolve) => victim.child.once('exit', resolve));
      victim.child.kill('SIGKILL');
      await killed;

      const started = Date.now();
      await Promise.all(chats.map((chat) => chat.send('/start')));
      await Promise.all(
        chats.map((chat) => chat.waitFor(/Welcome to/, { timeout: TAKEOVER_WITHIN_MS })),
      );
      expect(Date.now() - started).toBeLessThan(TAKEOVER_WITHIN_MS);
      expect(await holders()).toEqual(leaseKeys.map(() => survivor.instance));

      // Give a redelivered update time to be answered twice, were it to be.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(chats.map(welcomes)).toEqual(chats.map(() => 2));
      for (const { slug } of tenants) {
        const stats = sandbox.telegram.stats(bots.get(slug) as SandboxBot);
        expect(stats.errors.filter(({ errorCode }) => errorCode === 409)).toEqual([]);
      }
      expect(survivor.output()).toContain('client-bot fleet is serving');
    } finally {
      for (const { child } of replicas) {
        child.kill('SIGKILL');
      }
      await sandbox.stop();
      await world.scratch.drop();
    }
  }, 180_000);
});
