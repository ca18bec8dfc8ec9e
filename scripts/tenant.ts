/**
 * `pnpm tenant <command>`: operator commands for tenants. Run without arguments for help.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import {
  CLI_ACTOR,
  createDb,
  createRedis,
  type Database,
  deleteTenantBy,
  listTenantsForOperator,
  pinTenantBy,
  provisionTenantBy,
  replaceTenantTokenBy,
  resumeTenantBy,
  SUPPORTED_LOCALES,
  suspendTenantBy,
  type Tenant,
  type TenantChangeDeps,
  type TenantDeps,
  type TenantStatus,
  type UpdateTenantInput,
  unpinTenantBy,
  updateTenantBy,
} from '@booking/core';
import { EXIT_USAGE, fail, loadScriptConfig, reportRedisOutage, UsageError } from './lib/cli.js';

const USAGE = `Usage: pnpm tenant <command> [options]

Commands:
  create <slug> --token <token> | --token-stdin
         [--owner <telegram id>] [--username <bot username>]
         [--tz <IANA zone, default Europe/Moscow>] [--locale ${SUPPORTED_LOCALES.join('|')}] [--plan <plan>]
                          provision a tenant (repeating it is harmless; a given
                          value that differs from the stored one is named, not applied)
  update <slug> [--token <token> | --token-stdin] [--owner <telegram id>]
         [--username <bot username>] [--tz <IANA zone>]
         [--locale ${SUPPORTED_LOCALES.join('|')}] [--plan <plan>]
                          change what create stored; a new token also clears
                          a token_rejected mark, and the serving bot switches to it
  list [--status active|suspended|deleted] [--search <text>] [--expiring] [--json]
                          list tenants (PINNED, and BOT STATUS: ok or token_rejected);
                          --search: part of the slug or bot username, or an owner id;
                          --expiring: the paid period ends within 7 days
  suspend <slug>          stop the tenant's bot from taking bookings
  resume <slug>           let a suspended tenant take bookings again
  pin <slug>              serve the tenant in a container of its own
                          (client-bot --tenant <slug>); fleets stop serving it
  unpin <slug>            give the tenant back to the fleets (client-bot --fleet)
  delete <slug> --yes     drop the tenant's schema, Redis keys and queued jobs (cannot be undone)

Slugs: 3 to 41 characters, a lowercase letter first, then lowercase letters, digits or _.
Configuration comes from the environment or .env: DATABASE_URL; for create, delete
and update --token also REDIS_URL and TOKEN_ENCRYPTION_KEY; for suspend, resume, pin
and unpin also REDIS_URL (running fleets hear of the change there); for delete
QUEUE_NAMESPACE (default booking).
Exit status: 0 done, 1 the operation failed, 2 the command line was wrong.`;

/** The flag of each input field of core's tenant operations, for messages. */
const FLAGS: Record<string, string> = {
  botToken: '--token',
  botUsername: '--username',
  ownerTelegramId: '--owner',
  timeZone: '--tz',
  locale: '--locale',
  plan: '--plan',
};

/** The options create and update share: the facts of a tenant an operator may set. */
const PROFILE_OPTIONS = {
  owner: { type: 'string' },
  username: { type: 'string' },
  tz: { type: 'string' },
  locale: { type: 'string' },
  plan: { type: 'string' },
} as const;

const STATUSES: readonly TenantStatus[] = ['active', 'suspended', 'deleted'];

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'create':
      return create(rest);
    case 'update':
      return update(rest);
    case 'list':
      return list(rest);
    case 'suspend':
    case 'resume':
    case 'pin':
    case 'unpin':
      return changeState(command, rest);
    case 'delete':
      return remove(rest);
    case undefined:
      process.stderr.write(`${USAGE}\n`);
      process.exit(EXIT_USAGE);
      return;
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
  const { TOKEN_ENCRYPTION_KEY } = loadScriptConfig('tenant', [
    'DATABASE_URL',
    'REDIS_URL',
    'TOKEN_ENCRYPTION_KEY',
  ]);
  return withChangeDeps((deps) => work({ ...deps, encryptionKey: TOKEN_ENCRYPTION_KEY }));
}

/** Runs `work` with the database and Redis (a change is announced there), closing them afterwards. */
async function withChangeDeps<T>(work: (deps: TenantChangeDeps) => Promise<T>): Promise<T> {
  const config = loadScriptConfig('tenant', ['DATABASE_URL', 'REDIS_URL']);
  const db = createDb({
    connectionString: config.DATABASE_URL,
    maxConnections: 2,
    applicationName: 'tenant-cli',
  });
  const redis = createRedis(config.REDIS_URL, { connectionName: 'tenant-cli' });
  reportRedisOutage(redis, config.REDIS_URL);
  try {
    return await work({ db, redis });
  } finally {
    await db.destroy();
    if (redis.status === 'ready') {
      await redis.quit();
    } else {
      redis.disconnect();
    }
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
    { token: { type: 'string' }, 'token-stdin': { type: 'boolean' }, ...PROFILE_OPTIONS },
    1,
  );
  if ((values.token === undefined) === (values['token-stdin'] !== true)) {
    throw new UsageError('create: give the bot token with either --token <token> or --token-stdin');
  }
  const botToken = values['token-stdin'] ? await readStdin() : String(values.token);
  const profile = profileOf('create', values);
  await withTenantDeps(async (deps) => {
    const { tenant, created } = await provisionTenantBy(deps, CLI_ACTOR, {
      slug: String(positionals[0]),
      botToken,
      ...profile,
    });
    if (created) {
      process.stdout.write(
        `created tenant ${tenant.slug} (schema ${tenant.schema}, version ${tenant.schemaVersion})\n`,
      );
      return;
    }
    process.stdout.write(
      `tenant ${tenant.slug} already exists; schema ${tenant.schema} is at version ${tenant.schemaVersion}\n`,
    );
    const differences = differencesFrom(tenant, profile);
    if (differences.length > 0) {
      const lines = [
        `error: tenant ${tenant.slug} keeps its stored values; these given ones differ and were not applied:`,
        ...differences.map(
          ({ flag, value, stored }) => `  ${flag} ${value} (stored: ${stored ?? 'none'})`,
        ),
        `change them with: pnpm tenant update ${tenant.slug} ${differences.map(({ flag, value }) => `${flag} ${value}`).join(' ')}`,
      ];
      process.stderr.write(`${lines.join('\n')}\n`);
      process.exitCode = 1;
    }
  });
}

/** The profile flags given on the command line, as core's input fields. */
function profileOf(
  command: string,
  values: Record<string, string | boolean | undefined>,
): UpdateTenantInput {
  const profile: UpdateTenantInput = {};
  if (values.owner !== undefined) {
    if (!/^\d{1,15}$/.test(String(values.owner))) {
      throw new UsageError(
        `${command}: --owner must be a numeric Telegram user id, got "${values.owner}"`,
      );
    }
    profile.ownerTelegramId = Number(values.owner);
  }
  if (values.username !== undefined) {
    profile.botUsername = String(values.username);
  }
  if (values.tz !== undefined) {
    profile.timeZone = String(values.tz);
  }
  if (values.locale !== undefined) {
    profile.locale = String(values.locale) as UpdateTenantInput['locale'];
  }
  if (values.plan !== undefined) {
    profile.plan = String(values.plan);
  }
  return profile;
}

/** Each given value the stored tenant does not have, with its flag and the stored value. */
function differencesFrom(
  tenant: Tenant,
  profile: UpdateTenantInput,
): Array<{ flag: string; value: string | number; stored: string | number | null }> {
  const stored: Record<keyof UpdateTenantInput, string | number | null> = {
    ownerTelegramId: tenant.ownerTelegramId,
    botUsername: tenant.botUsername,
    timeZone: tenant.timeZone,
    locale: tenant.locale,
    plan: tenant.plan,
  };
  return (Object.keys(stored) as Array<keyof UpdateTenantInput>).flatMap((field) => {
    const value = profile[field];
    return value === undefined || value === stored[field]
      ? []
      : [{ flag: FLAGS[field] ?? field, value, stored: stored[field] }];
  });
}

async function update(args: string[]): Promise<void> {
  const { values, positionals } = parse(
    'update',
    args,
    { token: { type: 'string' }, 'token-stdin': { type: 'boolean' }, ...PROFILE_OPTIONS },
    1,
  );
  const profile = profileOf('update', values);
  const newToken = values.token !== undefined || values['token-stdin'] === true;
  if (values.token !== undefined && values['token-stdin'] === true) {
    throw new UsageError('update: give the new bot token with either --token or --token-stdin');
  }
  if (Object.keys(profile).length === 0 && !newToken) {
    throw new UsageError(
      'update: give at least one of --token, --token-stdin, --owner, --username, --tz, --locale, --plan',
    );
  }
  const slug = String(positionals[0]);
  if (newToken) {
    const botToken = values['token-stdin'] ? await readStdin() : String(values.token);
    await withTenantDeps(async (deps) => {
      await replaceTenantTokenBy(deps, CLI_ACTOR, slug, botToken);
      process.stdout.write(`updated tenant ${slug}: new bot token stored\n`);
    });
  }
  if (Object.keys(profile).length === 0) {
    return;
  }
  await withDb(async (db) => {
    const tenant = await updateTenantBy({ db }, CLI_ACTOR, slug, profile);
    process.stdout.write(
      `updated tenant ${tenant.slug}: ${Object.keys(profile)
        .map((field) => `${FLAGS[field]} ${profile[field as keyof UpdateTenantInput]}`)
        .join(' ')}\n`,
    );
  });
}

async function list(args: string[]): Promise<void> {
  const { values } = parse(
    'list',
    args,
    {
      status: { type: 'string' },
      search: { type: 'string' },
      expiring: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    0,
  );
  const status = values.status as TenantStatus | undefined;
  if (status !== undefined && !STATUSES.includes(status)) {
    throw new UsageError(`list: --status must be one of ${STATUSES.join(', ')}, got "${status}"`);
  }
  const search = values.search === undefined ? undefined : String(values.search);
  await withDb(async (db) => {
    const tenants: Tenant[] = [];
    const filter = {
      search,
      statuses: status ? [status] : undefined,
      expiringSoon: values.expiring === true,
    };
    for (let page = 1; ; page++) {
      const found = await listTenantsForOperator(db, filter, { page, pageSize: 100 });
      tenants.push(...found.tenants);
      if (page >= found.pages) {
        break;
      }
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
      t.pinned ? 'pinned' : '-',
      t.botStatus === 'ok'
        ? 'ok'
        : `${t.botStatus}${t.botStatusAt ? ` since ${t.botStatusAt.toISOString().slice(0, 16).replace('T', ' ')}` : ''}`,
    ]);
    const header = [
      'SLUG',
      'STATUS',
      'BOT',
      'PLAN',
      'PAID UNTIL',
      'TIME ZONE',
      'LOCALE',
      'SCHEMA',
      'PINNED',
      'BOT STATUS',
    ];
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

const STATE_CHANGES = {
  suspend: suspendTenantBy,
  resume: resumeTenantBy,
  pin: pinTenantBy,
  unpin: unpinTenantBy,
} as const;

async function changeState(command: keyof typeof STATE_CHANGES, args: string[]): Promise<void> {
  const { positionals } = parse(command, args, {}, 1);
  await withChangeDeps(async (deps) => {
    const tenant = await STATE_CHANGES[command](deps, CLI_ACTOR, String(positionals[0]));
    const state =
      command === 'pin' || command === 'unpin'
        ? tenant.pinned
          ? `pinned: serve it with client-bot --tenant ${tenant.slug}`
          : 'served by the fleet (client-bot --fleet)'
        : tenant.status;
    process.stdout.write(`tenant ${tenant.slug} is ${state}\n`);
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
  const { QUEUE_NAMESPACE } = loadScriptConfig('tenant', ['QUEUE_NAMESPACE']);
  await withTenantDeps(async (deps) => {
    const result = await deleteTenantBy(
      { ...deps, queueNamespace: QUEUE_NAMESPACE },
      CLI_ACTOR,
      slug,
      slug,
    );
    process.stdout.write(
      `deleted tenant ${slug}: schema ${result.tenant.schema} dropped, ${result.redisKeysDeleted} Redis key(s) and ${result.queuedJobsRemoved} queued job(s) removed\n`,
    );
  });
}

main(process.argv.slice(2)).catch((error: unknown) => fail(error, FLAGS));
