import {
  getTestRedis,
  randomBotToken,
  randomSlug,
  runTs,
  TEST_DATABASE_URL,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import { describe, expect, it } from 'vitest';

const env = {
  DATABASE_URL: TEST_DATABASE_URL,
  REDIS_URL: TEST_REDIS_URL,
  TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY.toString('hex'),
};

const tenant = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
  runTs('scripts/tenant.ts', { args, env: options.env ?? env, input: options.input });

describe('pnpm tenant', () => {
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
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('repeat with --yes to confirm');
    const deleted = await tenant(['delete', slug, '--yes']);
    expect(deleted.stdout).toBe(
      `deleted tenant ${slug}: schema tenant_${slug} dropped, 1 Redis key(s) removed\n`,
    );
    const json = JSON.parse(
      (await tenant(['list', '--json', '--status', 'deleted'])).stdout,
    ) as Array<{ slug: string }>;
    expect(json.map((t) => t.slug)).toContain(slug);
  });

  it('answers every bad argument with a clear message and exit 1, without echoing the token', async () => {
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
        /locale must be one of ru, en, es/,
      ],
      [
        ['create', randomSlug(), '--token', token, '--owner', 'bob'],
        /--owner must be a numeric Telegram user id/,
      ],
      [
        ['create', randomSlug(), '--token', 'not-a-token'],
        /botToken must look like a BotFather token/,
      ],
      [['create', randomSlug(), '--token', token, '--colour', 'red'], /Unknown option '--colour'/],
      [['list', '--status', 'gone'], /--status must be one of active, suspended, deleted/],
      [['suspend', randomSlug()], /No tenant t_/],
      [['resume'], /expected exactly one tenant slug, got 0/],
    ];
    const results = await Promise.all(cases.map(([args]) => tenant(args)));
    results.forEach((result, i) => {
      const [args, pattern] = cases[i] as [string[], RegExp];
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toMatch(pattern);
      expect(result.stderr).not.toContain(token);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  });

  it('names the missing configuration', async () => {
    const result = await tenant(['create', randomSlug(), '--token', randomBotToken()], { env: {} });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: missing');
    expect(result.stderr).toContain('REDIS_URL: missing');
    expect(result.stderr).toContain('TOKEN_ENCRYPTION_KEY: missing');
  });
});
