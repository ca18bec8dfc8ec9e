import { getTenant, getTenantBotToken, markTenantTokenRejected, QUEUE_NAMES } from '@booking/core';
import {
  createScratchDatabase,
  createTestTenant,
  getTestRedis,
  getTestTenantDeps,
  pendingTestJobIds,
  queueTestJob,
  randomBotToken,
  randomId,
  randomSlug,
  runTs,
  TEST_DATABASE_URL,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';

const env = {
  DATABASE_URL: TEST_DATABASE_URL,
  REDIS_URL: TEST_REDIS_URL,
  TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
};

const tenant = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
  runTs('scripts/tenant.ts', {
    args,
    env: options.env ?? env,
    input: options.input,
    timeoutMs: 100_000,
  });

// Each case starts the command in a Node process of its own, as an operator would.
describe('pnpm tenant', { timeout: 120_000 }, () => {
  // The command needs a migrated platform; on a fresh test database this file may run
  // before any other has migrated it.
  beforeAll(async () => {
    await getTestTenantDeps();
  });

  it('creates, lists, suspends, resumes and deletes a tenant', async () => {
    const slug = randomSlug();
    const token = randomBotToken();
    const created = await tenant(
      ['create', slug, '--token-stdin', '--owner', '42', '--tz', 'Europe/Madrid', '--locale', 'es'],
      {
        input: `${token}\n`,
      },
    );
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain(`created tenant ${slug} (schema tenant_${slug}`);
    expect(created.status).toBe(0);

    const again = await tenant(['create', slug, '--token', token]);
    expect(again.stdout).toContain(`tenant ${slug} already exists`);
    expect(again.status).toBe(0);

    const listed = await tenant(['list', '--status', 'active']);
    expect(listed.stdout).toMatch(
      new RegExp(`${slug}\\s+active\\s+-\\s+trial\\s+-\\s+Europe/Madrid\\s+es`),
    );
    expect(listed.stdout).not.toContain(token);

    expect((await tenant(['suspend', slug])).stdout).toBe(`tenant ${slug} is suspended\n`);
    expect((await tenant(['resume', slug])).stdout).toBe(`tenant ${slug} is active\n`);

    await getTestRedis().set(`t:{${slug}}:session:1`, 'x');
    const refused = await tenant(['delete', slug]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('repeat with --yes to confirm');
    // A reminder and a feedback request of the tenant wait in the deployment's queues.
    const namespace = `test_${randomId(8)}`;
    for (const [name, jobId] of [
      ['reminder', `reminder-${slug}-1-60`],
      ['feedback', `feedback-${slug}-1`],
    ] as const) {
      await queueTestJob(namespace, QUEUE_NAMES.reminders, {
        name,
        data: { tenant: slug, bookingId: 1, startsAt: new Date().toISOString() },
        options: { jobId, delay: 86_400_000 },
      });
    }
    const deleted = await tenant(['delete', slug, '--yes'], {
      env: { ...env, QUEUE_NAMESPACE: namespace },
    });
    expect(deleted.stdout).toBe(
      `deleted tenant ${slug}: schema tenant_${slug} dropped, 1 Redis key(s) and 2 queued job(s) removed\n`,
    );
    expect(await pendingTestJobIds(namespace, QUEUE_NAMES.reminders)).toEqual([]);
    const json = JSON.parse(
      (await tenant(['list', '--json', '--status', 'deleted'])).stdout,
    ) as Array<{ slug: string }>;
    expect(json.map((t) => t.slug)).toContain(slug);
  });

  it('answers every bad argument with a clear message naming the flag and exit 2, without echoing the token', async () => {
    const token = randomBotToken();
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['create'], /expected exactly one tenant slug, got 0/],
      [['create', 'good_slug'], /give the bot token with either --token <token> or --token-stdin/],
      [
        ['create', 'a; drop schema platform --', '--token', token],
        /Invalid tenant slug .* lowercase letter first/,
      ],
      [['create', 'Tenant', '--token', token], /Invalid tenant slug "Tenant"/],
      [
        ['create', randomSlug(), '--token', token, '--locale', 'de'],
        /--locale must be one of ru, en, es/,
      ],
      [
        ['create', randomSlug(), '--token', token, '--tz', 'Mars/Base'],
        /--tz must be an IANA time zone/,
      ],
      [
        ['create', randomSlug(), '--token', token, '--owner', 'bob'],
        /--owner must be a numeric Telegram user id/,
      ],
      [
        ['create', randomSlug(), '--token', 'not-a-token'],
        /--token must look like a BotFather token/,
      ],
      [['create', randomSlug(), '--token', token, '--colour', 'red'], /Unknown option '--colour'/],
      [
        ['update', randomSlug()],
        /give at least one of --token, --token-stdin, --owner, --username, --tz, --locale, --plan/,
      ],
      [
        ['update', randomSlug(), '--username', '@bot'],
        /--username must be a Telegram bot username/,
      ],
      [['list', '--status', 'gone'], /--status must be one of active, suspended, deleted/],
      [['resume'], /expected exactly one tenant slug, got 0/],
    ];
    // A few at a time: each is a Node process, and CI machines are small.
    const results = [];
    for (let i = 0; i < cases.length; i += 4) {
      results.push(...(await Promise.all(cases.slice(i, i + 4).map(([args]) => tenant(args)))));
    }
    results.forEach((result, i) => {
      const [args, pattern] = cases[i] as [string[], RegExp];
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(pattern);
      expect(result.stderr).not.toContain(token);
      expect(result.stderr).not.toMatch(/botToken|timeZone|ownerTelegramId|botUsername/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  });

  it('prints its usage and exits 2 when given no command', async () => {
    const result = await tenant([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^Usage: pnpm tenant <command>/);
    expect(result.stderr).toContain('update <slug>');
    expect(result.stdout).toBe('');
  });

  it('says in one line, exit 1, that a tenant does not exist', async () => {
    for (const args of [
      ['suspend', randomSlug()],
      ['update', randomSlug(), '--tz', 'Asia/Tokyo'],
    ]) {
      const result = await tenant(args);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^error: No tenant t_\w+\n$/);
    }
  });

  it('tells an operator to run pnpm migrate first, that the database does not exist, or that Redis is unreachable, in one line', async () => {
    const scratch = await createScratchDatabase('tenant_cli');
    const missing = new URL(TEST_DATABASE_URL);
    missing.pathname = `/no_such_db_${randomId(6)}`;
    try {
      const commands = [['list'], ['create', randomSlug(), '--token', randomBotToken()]];
      for (const args of commands) {
        const early = await tenant(args, { env: { ...env, DATABASE_URL: scratch.url } });
        expect(early.stderr).toBe(
          'error: the database has no platform schema yet: run pnpm migrate first\n',
        );
        expect(early.status).toBe(1);
        const nowhere = await tenant(args, { env: { ...env, DATABASE_URL: missing.toString() } });
        expect(nowhere.stderr).toBe(
          `error: database "${missing.pathname.slice(1)}" does not exist: create it (createdb ${missing.pathname.slice(1)}) or point DATABASE_URL at another database\n`,
        );
        expect(nowhere.status).toBe(1);
      }
      // Deleting reaches Redis (for the tenant's keys) once the schema is dropped.
      const doomed = await createTestTenant();
      const noRedis = await tenant(['delete', doomed.slug, '--yes'], {
        env: { ...env, REDIS_URL: 'redis://127.0.0.1:1/0' },
      });
      expect(noRedis.stderr).toMatch(
        /^redis is unreachable at 127\.0\.0\.1:1: .*; retrying\nerror: Redis did not answer: is it running, and is REDIS_URL right\?\n$/,
      );
      expect(noRedis.status).toBe(1);
    } finally {
      await scratch.drop();
    }
  });

  it('create names each given value that differs from the stored one; update changes them', async () => {
    const slug = randomSlug();
    const token = randomBotToken();
    const first = ['create', slug, '--token', token, '--owner', '42', '--tz', 'Europe/Madrid'];
    expect((await tenant(first)).status).toBe(0);
    // Same values again: harmless and silent.
    const same = await tenant(first);
    expect(same.status).toBe(0);
    expect(same.stderr).toBe('');

    const differs = await tenant([
      'create',
      slug,
      '--token',
      token,
      '--owner',
      '43',
      '--tz',
      'Asia/Tokyo',
      '--locale',
      'ru',
      '--username',
      'new_salon_bot',
    ]);
    expect(differs.status).toBe(1);
    expect(differs.stdout).toContain(`tenant ${slug} already exists`);
    expect(differs.stderr).toBe(
      `error: tenant ${slug} keeps its stored values; these given ones differ and were not applied:\n` +
        '  --owner 43 (stored: 42)\n' +
        '  --username new_salon_bot (stored: none)\n' +
        '  --tz Asia/Tokyo (stored: Europe/Madrid)\n' +
        `change them with: pnpm tenant update ${slug} --owner 43 --username new_salon_bot --tz Asia/Tokyo\n`,
    );

    const updated = await tenant([
      'update',
      slug,
      '--owner',
      '43',
      '--tz',
      'Asia/Tokyo',
      '--username',
      'new_salon_bot',
    ]);
    expect(updated.stderr).toBe('');
    expect(updated.stdout).toBe(
      `updated tenant ${slug}: --owner 43 --username new_salon_bot --tz Asia/Tokyo\n`,
    );
    expect(updated.status).toBe(0);
    const [stored] = (
      JSON.parse((await tenant(['list', '--json'])).stdout) as Array<Record<string, unknown>>
    ).filter((t) => t.slug === slug);
    expect(stored).toMatchObject({
      ownerTelegramId: 43,
      timeZone: 'Asia/Tokyo',
      botUsername: 'new_salon_bot',
    });
    expect((await tenant(['delete', slug, '--yes'])).status).toBe(0);
  });

  it('pins and unpins a tenant, lists a refused token, and clears it with a new token', async () => {
    const t = await createTestTenant();
    const deps = await getTestTenantDeps();
    const [pinned, marked] = await Promise.all([
      tenant(['pin', t.slug]),
      markTenantTokenRejected(deps, t.slug, await getTenantBotToken(deps, t.slug)),
    ]);
    expect(pinned.stdout).toBe(
      `tenant ${t.slug} is pinned: serve it with client-bot --tenant ${t.slug}\n`,
    );
    expect(marked).toBe(true);
    const listed = await tenant(['list', '--status', 'active']);
    expect(listed.stdout).toMatch(/SCHEMA\s+PINNED\s+BOT STATUS\n/);
    expect(listed.stdout).toMatch(
      new RegExp(
        `${t.slug}\\s.*\\spinned\\s+token_rejected since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\n`,
      ),
    );
    const newToken = randomBotToken();
    const [unpinned, updated] = await Promise.all([
      tenant(['unpin', t.slug]),
      tenant(['update', t.slug, '--token-stdin'], { input: `${newToken}\n` }),
    ]);
    expect(unpinned.stdout).toBe(`tenant ${t.slug} is served by the fleet (client-bot --fleet)\n`);
    expect(updated.stdout).toBe(`updated tenant ${t.slug}: new bot token stored\n`);
    expect(updated.stdout + updated.stderr).not.toContain(newToken);
    const stored = await getTenant(deps.db, t.slug);
    expect(stored).toMatchObject({ pinned: false, botStatus: 'ok' });
    expect(await getTenantBotToken(deps, t.slug)).toBe(newToken);
    await t.dispose();
  });

  it('names the missing configuration', async () => {
    const result = await tenant(['create', randomSlug(), '--token', randomBotToken()], { env: {} });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: missing');
    expect(result.stderr).toContain('REDIS_URL: missing');
    expect(result.stderr).toContain('TOKEN_ENCRYPTION_KEY: missing');
  });
});
