import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@booking/core/testing';
import { describe, expect, it } from 'vitest';

const example = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8');
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const ci = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8');
const operations = readFileSync(join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');

/** The README's section under `## <title>`, up to the next `## ` heading. */
function section(title: string): string {
  const start = readme.indexOf(`## ${title}\n`);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}
const variables = new Map(
  [...example.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((match) => [match[1], match[2]] as const),
);

describe('.env.example', () => {
  it("points DATABASE_URL at a database of its own, the one pnpm dev uses, not the server's", () => {
    const database = new URL(String(variables.get('DATABASE_URL'))).pathname.slice(1);
    expect(database).not.toBe('postgres');
    expect(database).not.toMatch(/^template/);
    expect(database).toBe('booking_dev');
  });

  it('lists only variables the README documents', () => {
    for (const name of variables.keys()) {
      expect(readme, name).toContain(`| \`${name}\` |`);
    }
  });
});

describe('README', () => {
  it('sets a fresh machine up with what it lacks: services, Chromium, an emoji font, the test database', () => {
    const fresh = section('Set up a fresh machine');
    const debian = fresh.split('\n').find((line) => line.startsWith('sudo apt-get install'));
    const macos = fresh.split('\n').find((line) => line.startsWith('brew install'));
    expect(debian).toMatch(/postgresql .*redis-server .*chromium .*fonts-noto-color-emoji/);
    expect(debian).toMatch(/service postgresql start .*service redis-server start/);
    expect(macos).toMatch(
      /postgresql@15 redis .*chromium .*brew services start postgresql@15 .*brew services start redis/,
    );
    expect(fresh).toContain('pnpm test');
    expect(fresh).toContain('creates the `test` database');
  });

  it('runs the system both ways in two commands each', () => {
    const run = section('Run the system');
    const blocks = [...run.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) =>
      String(match[1]).trim().split('\n'),
    );
    expect(blocks[0]).toEqual(['pnpm install --frozen-lockfile', 'pnpm dev']);
    expect(blocks[1]).toHaveLength(2);
    expect(blocks[1]?.[0]).toMatch(/TOKEN_ENCRYPTION_KEY=.*POSTGRES_PASSWORD=/);
    expect(blocks[1]?.[1]).toBe('docker compose up -d');
  });

  it('lists every tenant command', () => {
    for (const command of ['create', 'update', 'list', 'suspend', 'delete', 'pin']) {
      expect(section('Commands')).toContain(`pnpm tenant ${command}`);
    }
  });
});

describe('adding a client', () => {
  it('the README and the operations guide say how, in the fleet and in a container of its own', () => {
    const run = section('Run the system');
    for (const text of [run, operations]) {
      expect(text).toContain('client-bot-fleet');
      expect(text).toMatch(
        /tenant\.js create <slug> --token-stdin|tenant\.js create acme --token-stdin/,
      );
      expect(text).toMatch(/tenant\.js pin (<slug>|acme)/);
      expect(text).toContain('client-bot-acme');
    }
    expect(operations).not.toContain('Not available yet: `client-bot --fleet`');
  });
});

describe('.ci/run', () => {
  it('installs the emoji font with Chromium and creates the test database when missing', () => {
    expect(ci).toMatch(/apt-get install .*chromium fonts-noto-color-emoji/);
    expect(ci).toMatch(/createdb .* test/);
  });
});
