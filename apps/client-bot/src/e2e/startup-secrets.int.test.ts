/**
 * Every process of the platform, started the way a container or an operator starts it,
 * with a start-up that fails (a bot token the Bot API rejects, Postgres down, Redis
 * down): whatever it prints on stdout and stderr holds none of its secrets (the bot
 * token, its secret part, the encryption key, the webhook's secret path and header, the
 * database password), and it says in a log line what is wrong.
 */
import { webhookSecrets } from '@booking/bot-kit';
import { deleteTenant, getTenantBotToken } from '@booking/core';
import {
  createTestTenant,
  freePort,
  getTestTenantDeps,
  randomBotToken,
  randomId,
  randomSlug,
  spawnTs,
  TEST_DATABASE_URL,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
  type TestTenant,
} from '@booking/core/testing';
import { type Sandbox, startSandbox } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each test starts a process through tsx, which takes seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const DB_PASSWORD = 'S3cretPw';

/** The test database's URL with a password (trust authentication ignores it). */
function withPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = DB_PASSWORD;
  return parsed.toString();
}

/** A URL of `scheme` whose port nothing listens on. */
async function downUrl(scheme: 'postgres' | 'redis'): Promise<string> {
  const port = await freePort();
  return scheme === 'postgres'
    ? `postgres://postgres:${DB_PASSWORD}@127.0.0.1:${port}/test`
    : `redis://127.0.0.1:${port}/0`;
}

let sandbox: Sandbox;
let tenant: TestTenant;
let token: string;
let secrets: string[];

/** What the sales bot needs besides the platform's variables; its two secrets included. */
const SALES_ENV = {
  SALES_BOT_TOKEN: `987654321:AA${randomId(33)}`,
  SUPPORT_CONTACT: '@booking_help',
  YOOKASSA_SHOP_ID: '123456',
  YOOKASSA_SECRET_KEY: `test_${randomId(40)}`,
  YOOKASSA_VAT_CODE: '11',
};

beforeAll(async () => {
  sandbox = await startSandbox();
  // The tenant's token is well formed but unknown to the emulator: it answers 401, as
  // Telegram does for a revoked token.
  tenant = await createTestTenant();
  token = await getTenantBotToken(
    { db: tenant.rootDb, encryptionKey: TEST_ENCRYPTION_KEY },
    tenant.slug,
  );
  const webhook = webhookSecrets(TEST_ENCRYPTION_KEY, tenant.slug, token);
  secrets = [
    token,
    token.split(':')[1] as string,
    TEST_ENCRYPTION_KEY.toString('hex'),
    TEST_ENCRYPTION_KEY.toString('base64'),
    webhook.path,
    webhook.token,
    DB_PASSWORD,
    SALES_ENV.SALES_BOT_TOKEN,
    SALES_ENV.SALES_BOT_TOKEN.split(':')[1] as string,
    SALES_ENV.YOOKASSA_SECRET_KEY,
  ];
});

afterAll(async () => {
  await sandbox?.stop();
  await tenant?.dispose();
});

/** The environment of a process whose dependencies all answer; each test breaks one. */
function baseEnv(): Record<string, string> {
  return {
    DATABASE_URL: withPassword(TEST_DATABASE_URL),
    REDIS_URL: TEST_REDIS_URL,
    TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
    TELEGRAM_API_ROOT: sandbox.url,
    OPS_PORT: '0',
    QUEUE_NAMESPACE: `test_${randomId(8)}`,
    LOG_LEVEL: 'info',
  };
}

interface Run {
  /** Exit status; `null` when the test stopped a process that kept retrying. */
  status: number | null;
  output: string;
}

/**
 * Runs `file` until it exits or, when `until` is given, its output matches it; a
 * process still running then (or after `timeoutMs`) is sent SIGTERM, SIGKILL a few
 * seconds later: one that keeps retrying must not print secrets either.
 */
function run(
  file: string,
  args: string[],
  env: Record<string, string>,
  until: RegExp | undefined,
  timeoutMs = 40_000,
): Promise<Run> {
  const child = spawnTs(file, { args, env });
  let output = '';
  let stopped = false;
  const stop = (): void => {
    if (stopped || child.exitCode !== null) {
      return;
    }
    stopped = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  };
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    if (until?.test(output)) {
      stop();
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  child.stdin.end();
  const timer = setTimeout(stop, timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status: stopped ? null : status, output });
    });
  });
}

function expectNoSecrets(result: Run): void {
  for (const secret of secrets) {
    expect(result.output, `a secret was printed:\n${result.output}`).not.toContain(secret);
  }
}

/** The JSON log lines of `output` at `level`. */
function logLines(output: string, level: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.level === level);
}

describe('client-bot with a failing start-up', () => {
  it('in webhook mode with a token the Bot API rejects: exits 1 saying so, printing no secret', async () => {
    const result = await run(
      'apps/client-bot/src/main.ts',
      ['--tenant', tenant.slug],
      { ...baseEnv(), PUBLIC_URL: 'https://bots.example.com' },
      undefined,
    );
    expectNoSecrets(result);
    expect(result.status).toBe(1);
    const [fatal] = logLines(result.output, 'fatal');
    expect(fatal?.msg).toMatch(/client-bot could not start/);
    expect(JSON.stringify(fatal)).toMatch(/setWebhook/);
    expect(JSON.stringify(fatal)).toMatch(/401: Unauthorized/);
  });

  it('with Postgres down: exits 1 saying so, printing no secret', async () => {
    const result = await run(
      'apps/client-bot/src/main.ts',
      ['--tenant', tenant.slug],
      { ...baseEnv(), DATABASE_URL: await downUrl('postgres') },
      undefined,
    );
    expectNoSecrets(result);
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/postgres is unreachable/);
    expect(logLines(result.output, 'fatal')[0]?.msg).toMatch(/client-bot could not start/);
  });

  it('with Redis down: says so and prints no secret while it retries', async () => {
    const result = await run(
      'apps/client-bot/src/main.ts',
      ['--tenant', tenant.slug],
      { ...baseEnv(), REDIS_URL: await downUrl('redis') },
      /redis is unreachable/,
    );
    expectNoSecrets(result);
    expect(result.output).toMatch(/redis is unreachable/);
  });
});

describe.each(['sales-bot', 'master-bot'])('%s with a failing start-up', (app) => {
  it.each([
    ['postgres', 'DATABASE_URL'],
    ['redis', 'REDIS_URL'],
  ] as const)('with %s down: says so, printing no secret', async (dependency, variable) => {
    const result = await run(
      `apps/${app}/src/main.ts`,
      [],
      {
        ...baseEnv(),
        ...(app === 'sales-bot' ? SALES_ENV : {}),
        [variable]: await downUrl(dependency),
      },
      new RegExp(`${dependency} is unreachable`),
    );
    expectNoSecrets(result);
    expect(result.output).toMatch(new RegExp(`${dependency} is unreachable`));
  });
});

describe('operator scripts with a failing start-up', () => {
  it('migrate with Postgres down: exits 1 saying so, printing no secret', async () => {
    const result = await run(
      'scripts/migrate.ts',
      [],
      { ...baseEnv(), DATABASE_URL: await downUrl('postgres') },
      undefined,
    );
    expectNoSecrets(result);
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/ECONNREFUSED/);
  });

  it('tenant create with Postgres down: exits 1 saying so, printing no secret', async () => {
    const result = await run(
      'scripts/tenant.ts',
      ['create', randomSlug(), '--token', token],
      { ...baseEnv(), DATABASE_URL: await downUrl('postgres') },
      undefined,
    );
    expectNoSecrets(result);
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/^error: .*ECONNREFUSED/m);
  });

  it('tenant create with Redis down: says so once, printing no secret', async () => {
    // Creating a tenant needs no Redis, so it succeeds; only the client's retries show.
    const slug = randomSlug();
    const fresh = randomBotToken();
    const result = await run(
      'scripts/tenant.ts',
      ['create', slug, '--token', fresh],
      { ...baseEnv(), REDIS_URL: await downUrl('redis') },
      undefined,
    );
    await deleteTenant(await getTestTenantDeps(), slug).catch(() => undefined);
    expectNoSecrets(result);
    expect(result.output).not.toContain(fresh.split(':')[1]);
    expect(result.output.match(/redis is unreachable at 127\.0\.0\.1:\d+/g)).toHaveLength(1);
    expect(result.output).not.toContain('Unhandled error event');
  });

  it('tenant create with a malformed token prints no part of it', async () => {
    const malformed = `${randomBotToken()}!`;
    const result = await run(
      'scripts/tenant.ts',
      ['create', randomSlug(), '--token', malformed],
      baseEnv(),
      undefined,
    );
    // A value the command refuses is a wrong command line: exit 2.
    expect(result.status).toBe(2);
    expect(result.output).not.toContain(malformed.split(':')[1]?.slice(0, 20));
  });
});
