import {
  createTestTenant,
  freePort,
  randomSlug,
  runTs,
  TEST_DATABASE_URL,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import { describe, expect, it } from 'vitest';

/** Runs `client-bot --tenant <slug>` (or other arguments) as a container would. */
async function clientBot(slug: string, args = ['--tenant', slug]) {
  return runTs('apps/client-bot/src/main.ts', {
    args,
    env: {
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
      OPS_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    },
    timeoutMs: 100_000,
  });
}

describe('client-bot --tenant', { timeout: 120_000 }, () => {
  it('answers a tenant that does not exist, or no longer does, in one line and exit 2', async () => {
    const deleted = await createTestTenant();
    await deleted.dispose();
    const unknown = randomSlug();
    const [missing, invalid, gone] = await Promise.all([
      clientBot(unknown),
      clientBot('Not-A-Slug'),
      clientBot(deleted.slug),
    ]);
    expect(missing.stderr).toBe(
      `client-bot: no tenant "${unknown}"; pnpm tenant list shows the tenants, pnpm tenant create adds one\n`,
    );
    expect(invalid.stderr).toMatch(/^client-bot: no tenant "Not-A-Slug"; .*\n$/);
    expect(gone.stderr).toBe(`client-bot: tenant "${deleted.slug}" is deleted\n`);
    for (const result of [missing, invalid, gone]) {
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
    }
  });

  it('wants either --fleet or --tenant <slug>, and says so with its usage', async () => {
    const [neither, both] = await Promise.all([
      clientBot('', []),
      clientBot('', ['--fleet', '--tenant', 'acme']),
    ]);
    for (const result of [neither, both]) {
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^client-bot: give either --fleet or --tenant <slug>\nUsage: /);
      expect(result.stderr).toContain('client-bot --fleet');
    }
  });
});
