/**
 * `pnpm tenant <command>`: operator commands for tenants. Run without arguments for help.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import {
  createDb,
  createRedis,
  type Database,
  deleteTenant,
  listTenants,
  provisionTenant,
  resumeTenant,
  SUPPORTED_LOCALES,
  suspendTenant,
  type Tenant,
  type TenantDeps,
  type TenantStatus,
} from '@booking/core';
import { fail, loadScriptConfig, reportRedisOutage, UsageError } from './lib/cli.js';

const USAGE = `Usage: pnpm tenant <command> [options]

Commands:
  create <slug> --token <token> | --token-stdin
         [--owner <telegram id>] [--username <bot username>]
         [--tz <IANA zone, default Europe/Moscow>] [--locale ${SUPPORTED_LOCALES.join('|')}] [--plan <plan>]
                          provision a tenant (repeating it is harmless)
  list [--status active|suspended|deleted] [--json]
                          list tenants
  suspend <slug>          stop the tenant's bot from taking bookings
  resume <slug>           let a suspended tenant take bookings again
  delete <slug> --yes     drop the tenant's schema and Redis keys (cannot be undone)

Slugs: 3 to 41 characters, a lowercase letter first, then lowercase letters, digits or _.
Configuration comes from the environment or .env: DATABASE_URL, and for create and
delete also REDIS_URL and TOKEN_ENCRYPTION_KEY.`;

const STATUSES: readonly TenantStatus[] = ['active', 'suspended', 'deleted'];

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'create':
      return create(rest);
    case 'list':
      return list(rest);
    case 'suspend':
    case 'resume':
      return changeStatus(command, rest);
    case 'delete':
      return remove(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

function parse(
  command: string,
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  positionals: number,
) {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}\n\n${USAGE}`);
  }
  if (parsed.positionals.length !== positionals) {
    throw new UsageError(
      positionals === 1
        ? `${command}: expected exactly one tenant slug, got ${parsed.positionals.length}\n\n${USAGE}`
        : `${command}: unexpected argument "${parsed.positionals[0]}"\n\n${USAGE}`,
    );
  }
  return parsed;
}

/** Runs `work` with a database handle, closing it afterwards. */
async function withDb<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const config = loadScriptConfig('tenant', ['DATABASE_URL']);
  const db = createDb({
    connectionString: config.DATABASE_URL,
    maxConnections: 2,
    applicationName: 'tenant-cli',
  });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** Runs `work` with what provisioning and deletion need (database, Redis, key), closing them afterwards. */
async function withTenantDeps<T>(work: (deps: TenantDeps) => Promise<T>): Promise<T> {
  const config = loadScriptConfig('tenant', ['DATABASE_URL', 'REDIS_URL', 'TOKEN_ENCRYPTION_KEY']);
  const db = createDb({
    connectionString: config.DATABASE_URL,
    maxConnections: 2,
    applicationName: 'tenant-cli',
  });
  const redis = createRedis(config.REDIS_URL, { connectionName: 'tenant-cli' });
  reportRedisOutage(redis, config.REDIS_URL);
  try {
    return await work({ db, redis, encryptionKey: config.TOKEN_ENCRYPTION_KEY });
  } finally {
    await Promise.all([db.destroy(), redis.quit()]);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8').trim();
}

async function create(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'create',
    args,
    {
      token: { type: 'string' },
      'token-stdin': { type: 'boolean' },
      owner: { type: 'string' },
      username: { type: 'string' },
      tz: { type: 'string' },
      locale: { type: 'string' },
      plan: { type: 'string' },
    },
    1,
  );
  if ((values.token === undefined) === (values['token-stdin'] !== true)) {
    throw new UsageError('create: give the bot token with either --token <token> or --token-stdin');
  }
  const botToken = values['token-stdin'] ? await readStdin() : String(values.token);
  let ownerTelegramId: number | undefined;
  if (values.owner !== undefined) {
    ownerTelegramId = Number(values.owner);
    if (!/^\d{1,15}$/.test(String(values.owner))) {
      throw new UsageError(
        `create: --owner must be a numeric Telegram user id, got "${values.owner}"`,
      );
    }
  }
  await withTenantDeps(async (deps) => {
    const { tenant, created } = await provisionTenant(deps, {
      slug: String(positionals[0]),
      botToken,
      ownerTelegramId,
      botUsername: values.username as string | undefined,
      timeZone: values.tz as string | undefined,
      locale: values.locale as (typeof SUPPORTED_LOCALES)[number] | undefined,
      plan: values.plan as string | undefined,
    });
    process.stdout.write(
      created
        ? `created tenant ${tenant.slug} (schema ${tenant.schema}, version ${tenant.schemaVersion})\n`
        : `tenant ${tenant.slug} already exists; schema ${tenant.schema} is at version ${tenant.schemaVersion}\n`,
    );
  });
}

async function list(args: string[]): Promise<void> {
  const { values } = parse(
    'list',
    args,
    { status: { type: 'string' }, json: { type: 'boolean' } },
    0,
  );
  const status = values.status as TenantStatus | undefined;
  if (status !== undefined && !STATUSES.includes(status)) {
    throw new UsageError(`list: --status must be one of ${STATUSES.join(', ')}, got "${status}"`);
  }
  await withDb(async (db) => {
    const tenants: Tenant[] = [];
    for (
      let page = await listTenants(db, { statuses: status ? [status] : undefined, limit: 1000 });
      ;
    ) {
      tenants.push(...page);
      const last = page.at(-1);
      if (page.length < 1000 || last === undefined) {
        break;
      }
      page = await listTenants(db, {
        statuses: status ? [status] : undefined,
        limit: 1000,
        afterId: last.id,
      });
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify(tenants, null, 2)}\n`);
      return;
    }
    if (tenants.length === 0) {
      process.stdout.write('no tenants\n');
      return;
    }
    const rows = tenants.map((t) => [
      t.slug,
      t.status,
      t.botUsername ? `@${t.botUsername}` : '-',
      t.plan,
      t.paidUntil ? t.paidUntil.toISOString().slice(0, 10) : '-',
      t.timeZone,
      t.locale,
      String(t.schemaVersion),
    ]);
    const header = ['SLUG', 'STATUS', 'BOT', 'PLAN', 'PAID UNTIL', 'TIME ZONE', 'LOCALE', 'SCHEMA'];
    const widths = header.map((title, i) =>
      Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)),
    );
    for (const row of [header, ...rows]) {
      process.stdout.write(
        `${row
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd()}\n`,
      );
    }
    process.stdout.write(`${tenants.length} tenant(s)\n`);
  });
}

async function changeStatus(command: 'suspend' | 'resume', args: string[]): Promise<void> {
  const { positionals } = parse(command, args, {}, 1);
  await withDb(async (db) => {
    const slug = String(positionals[0]);
    const tenant =
      command === 'suspend' ? await suspendTenant(db, slug) : await resumeTenant(db, slug);
    process.stdout.write(`tenant ${tenant.slug} is ${tenant.status}\n`);
  });
}

async function remove(args: string[]): Promise<void> {
  const { values, positionals } = parse('delete', args, { yes: { type: 'boolean' } }, 1);
  const slug = String(positionals[0]);
  if (values.yes !== true) {
    throw new UsageError(
      `delete: this drops every booking of ${slug} and cannot be undone; repeat with --yes to confirm`,
    );
  }
  await withTenantDeps(async (deps) => {
    const result = await deleteTenant(deps, slug);
    process.stdout.write(
      `deleted tenant ${slug}: schema ${result.tenant.schema} dropped, ${result.redisKeysDeleted} Redis key(s) removed\n`,
    );
  });
}

main(process.argv.slice(2)).catch(fail);
