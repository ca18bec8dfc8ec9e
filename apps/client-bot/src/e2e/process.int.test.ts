import type { ChildProcess } from 'node:child_process';
import { getTenantBotToken, tenantKeyPrefix } from '@booking/core';
import {
  createTestTenant,
  getTestRedis,
  getTestTenantDeps,
  randomId,
  spawnTs,
  TEST_DATABASE_URL,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
  type TestTenant,
} from '@booking/core/testing';
import { type Sandbox, startSandbox } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTestSalon } from '../testing/harness.js';

let sandbox: Sandbox;
let tenant: TestTenant;

beforeAll(async () => {
  sandbox = await startSandbox({ waitTimeoutMs: 10_000 });
  tenant = await createTestTenant();
  await seedTestSalon(tenant.db);
});

afterAll(async () => {
  await sandbox.stop();
  await tenant.dispose();
});

/** Starts `client-bot --tenant <slug>` as its own process, as a container would. */
function startProcess(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawnTs('apps/client-bot/src/main.ts', { args: ['--tenant', tenant.slug], env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

async function until(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
  output: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('client-bot process', () => {
  it('serves its tenant, and on SIGTERM stops intake, finishes, releases the lease and exits 0', async () => {
    const deps = await getTestTenantDeps();
    const token = await getTenantBotToken(deps, tenant.slug);
    const bot = sandbox.telegram.createBot({ token });
    const { child, output } = startProcess({
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
      TELEGRAM_API_ROOT: sandbox.url,
      OPS_PORT: '0',
      QUEUE_NAMESPACE: `test_${randomId(8)}`,
      LOG_LEVEL: 'info',
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    try {
      await until(
        () => output().includes('client-bot is serving'),
        20_000,
        'the bot to start',
        output,
      );
      const chat = sandbox.chat(
        bot,
        sandbox.telegram.createUser({ first_name: 'Proc', language_code: 'en' }),
      );
      await chat.send('/start');
      await chat.waitFor('Test Salon');
      expect(output()).not.toContain(token);

      const leaseKey = `${tenantKeyPrefix(tenant.slug)}bot:${token.split(':')[0]}:poll:lease`;
      expect(await getTestRedis().exists(leaseKey)).toBe(1);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output()).toContain('shutting down');
      // The lease is released at once, so another replica takes over without waiting.
      expect(await getTestRedis().exists(leaseKey)).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 40_000);
});
