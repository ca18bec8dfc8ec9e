import {
  randomId,
  runTs,
  TEST_DATABASE_URL,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import { describe, expect, it } from 'vitest';

const FIXTURE = 'packages/core/src/testing/fixtures/crashing-process.ts';

describe('runProcess', () => {
  it.each([
    ['start', 'fixture could not start'],
    ['exception', 'fixture crashed: an uncaught exception'],
    ['rejection', 'fixture crashed: an unhandled promise rejection'],
  ])(
    'on a failure (%s) writes one fatal line through the redacting logger and exits 1',
    async (how, message) => {
      const secret = `PathSecret${randomId(12)}`;
      const result = await runTs(FIXTURE, {
        args: [how],
        env: {
          DATABASE_URL: TEST_DATABASE_URL,
          REDIS_URL: TEST_REDIS_URL,
          TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
          OPS_PORT: '0',
          FIXTURE_SECRET: secret,
        },
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe('');
      const fatal = result.stdout
        .split('\n')
        .filter(Boolean)
        .map(
          (line) => JSON.parse(line) as { level: string; msg: string; err?: { method?: string } },
        )
        .filter((line) => line.level === 'fatal');
      expect(fatal).toHaveLength(1);
      expect(fatal[0]?.msg).toBe(message);
      expect(fatal[0]?.err?.method).toBe('setWebhook');
      expect(result.stdout).not.toContain(secret);
    },
  );
});
