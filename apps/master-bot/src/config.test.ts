import { runTs } from '@booking/core/testing';
import { describe, expect, it } from 'vitest';

describe('master-bot start-up configuration', () => {
  it('exits 1 with one message naming every missing or invalid variable', async () => {
    const result = await runTs('apps/master-bot/src/main.ts', {
      env: {
        REDIS_URL: 'http://not-redis',
        OPS_PORT: 'ninety',
        TOKEN_ENCRYPTION_KEY: 'too-short-secret',
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('master-bot: invalid configuration');
    expect(result.stderr).toContain(
      'DATABASE_URL: missing; expected a postgres:// or postgresql:// URL',
    );
    expect(result.stderr).toContain('REDIS_URL: invalid; expected a redis:// or rediss:// URL');
    expect(result.stderr).toContain('OPS_PORT: invalid; expected a port number 0-65535');
    expect(result.stderr).toContain('TOKEN_ENCRYPTION_KEY: invalid; expected a 32-byte key');
    expect(result.stderr).not.toContain('too-short-secret');
    // One message, not a stack trace.
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
