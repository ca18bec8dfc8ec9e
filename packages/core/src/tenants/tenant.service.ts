import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import {
  claimSpareSchema,
  type Database,
  LATEST_TENANT_VERSION,
  migrateTenantSchemaInTransaction,
  tenantDb,
} from '../db/index.js';
import { AppError } from '../errors/index.js';
import { deleteTenantKeys, removeTenantJobs } from '../redis/index.js';
import { updateSettingsInTransaction } from '../settings/index.js';
import { assertValidSlug, tenantSchemaName } from './slug.js';
import { type Locale, SUPPORTED_LOCALES, type Tenant, type TenantStatus } from './tenant.js';
import {
  findLiveTenantRowByTokenHash,
  findTenantRowBySlug,
  insertTenantRowIfAbsent,
  listTenantRows,
  lockTenantRowBySlug,
  markTenantRowDeleted,
  type TenantRow,
  updateTenantSchemaVersion,
  updateTenantStatus,
} from './tenant.repository.js';
import { publishTenantChange } from './tenant-changes.js';
import { BOT_TOKEN_PATTERN, decryptToken, encryptToken, hashToken } from './token-crypto.js';

/** What the operations that change a tenant's state need: the row, and Redis to announce it. */
export interface TenantChangeDeps {
  db: Database;
  /** Running fleets hear of the change here (see `publishTenantChange`). */
  redis: Redis;
}

/** What the tenant operations need. */
export interface TenantDeps {
  db: Database;
  redis: Redis;
  /** 32-byte AES-256-GCM key for bot tokens (`TOKEN_ENCRYPTION_KEY`). */
  encryptionKey: Buffer;
}

/**
 * The editable facts of a tenant, shared by provisioning and {@link updateTenant}, so
 * both accept and refuse the same values.
 */
export const TENANT_FIELDS = {
  botUsername: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, {
    message: 'must be a Telegram bot username without @',
  }),
  ownerTelegramId: z.number().int().positive({ message: 'must be a positive Telegram user id' }),
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), {
    message: 'must be an IANA time zone such as Europe/Moscow',
  }),
  locale: z.enum(SUPPORTED_LOCALES, { message: `must be one of ${SUPPORTED_LOCALES.join(', ')}` }),
  plan: z.string().min(1, { message: 'must not be empty' }),
};

/** Input of {@link provisionTenant}. */
export const ProvisionTenantInputSchema = z.object({
  slug: z.string(),
  botToken: z.string().regex(BOT_TOKEN_PATTERN, {
    message:
      'must look like a BotFather token: digits, a colon, then 30 or more letters, digits, - or _',
  }),
  botUsername: TENANT_FIELDS.botUsername.optional(),
  ownerTelegramId: TENANT_FIELDS.ownerTelegramId.optional(),
  timeZone: TENANT_FIELDS.timeZone.default('Europe/Moscow'),
  locale: TENANT_FIELDS.locale.default('ru'),
  plan: TENANT_FIELDS.plan.default('trial'),
  paidUntil: z.date().optional(),
});
/** Input of {@link provisionTenant}. */
export type ProvisionTenantInput = z.input<typeof ProvisionTenantInputSchema>;

/** Outcome of {@link provisionTenant}. */
export interface ProvisionTenantResult {
  tenant: Tenant;
  /** False when the tenant already existed and the call only made sure it is migrated. */
  created: boolean;
}

/**
 * Creates a tenant: validates the input, records it in `platform.tenants` with the bot
 * token encrypted, and gives it a schema at the latest version, all in one transaction:
 * a spare schema when one is ready (see `fillSpareSchemas`), renamed in an instant,
 * else a new schema with every tenant migration applied. Repeating the call with the same slug and token is harmless: it returns
 * the existing tenant, migrated to the latest version.
 *
 * @throws AppError `INVALID_SLUG` for a bad slug; `VALIDATION` naming each bad field
 * (never echoing the token); `CONFLICT` when the slug belongs to another bot or the
 * bot already serves another tenant; `TENANT_DELETED` when the slug was used by a
 * deleted tenant.
 */
export async function provisionTenant(
  deps: TenantDeps,
  input: ProvisionTenantInput,
): Promise<ProvisionTenantResult> {
  assertValidSlug(input.slug);
  const parsed = ProvisionTenantInputSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidTenant(parsed.error.issues);
  }
  const data = parsed.data;
  const schema = tenantSchemaName(data.slug);
  const tokenHash = hashToken(data.botToken, deps.encryptionKey);

  const result = await deps.db.transaction().execute(async (trx) => {
    const owner = await findLiveTenantRowByTokenHash(trx, tokenHash);
    if (owner && owner.slug !== data.slug) {
      throw new AppError('CONFLICT', {
        message: `This bot already serves tenant ${owner.slug}`,
        details: { slug: owner.slug },
      });
    }
    const inserted = await insertTenantRowIfAbsent(trx, {
      slug: data.slug,
      schema_name: schema,
      bot_token_encrypted: encryptToken(data.botToken, deps.encryptionKey),
      bot_token_hash: tokenHash,
      bot_username: data.botUsername ?? null,
      owner_telegram_id: data.ownerTelegramId ?? null,
      time_zone: data.timeZone,
      locale: data.locale,
      plan: data.plan,
      paid_until: data.paidUntil ?? null,
    });
    const row = inserted ?? (await lockTenantRowBySlug(trx, data.slug));
    if (!row) {
      throw new Error(`Tenant ${data.slug} vanished while being provisioned`);
    }
    if (!inserted) {
      if (row.status === 'deleted') {
        throw new AppError('TENANT_DELETED', {
          message: `Slug ${data.slug} belonged to a deleted tenant; choose another slug`,
        });
      }
      if (row.bot_token_hash !== tokenHash) {
        throw new AppError('CONFLICT', {
          message: `Tenant ${data.slug} exists with another bot`,
          details: { slug: data.slug },
        });
      }
    }
    // A spare schema, migrated ahead of time, spares the new tenant every migration.
    if (inserted && (await claimSpareSchema(trx, schema, LATEST_TENANT_VERSION))) {
      await updateTenantSchemaVersion(trx, row.id, LATEST_TENANT_VERSION);
    }
    await migrateTenantSchemaInTransaction(trx, row);
    if (inserted) {
      // Availability and texts read the zone and language from the tenant's settings.
      await updateSettingsInTransaction(tenantDb(trx as unknown as Database, schema), {
        timeZone: data.timeZone,
        defaultLocale: data.locale,
      });
    }
    const current = await findTenantRowBySlug(trx, data.slug);
    return { tenant: toTenant(current ?? row), created: inserted !== undefined };
  });
  if (result.created) {
    await publishTenantChange(deps.redis, data.slug, 'provisioned');
  }
  return result;
}

/**
 * The tenant with this slug, whatever its status.
 *
 * @throws AppError `INVALID_SLUG` or `NOT_FOUND`.
 */
export async function getTenant(db: Database, slug: string): Promise<Tenant> {
  assertValidSlug(slug);
  const row = await findTenantRowBySlug(db, slug);
  if (!row) {
    throw notFound(slug);
  }
  return toTenant(row);
}

/** Options of {@link listTenants}. */
export interface ListTenantsOptions {
  /** Only these statuses. Default: every status. */
  statuses?: readonly TenantStatus[];
  /** Keyset paging: tenants with an id greater than this. */
  afterId?: number;
  /** Page size, 1 to 1000. Default 100. */
  limit?: number;
}

/** A page of tenants ordered by id. */
export async function listTenants(
  db: Database,
  options: ListTenantsOptions = {},
): Promise<Tenant[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  const rows = await listTenantRows(db, { ...options, limit });
  return rows.map(toTenant);
}

/**
 * Stops a tenant's bot from taking bookings (it tells customers so) and announces it.
 * Suspending a suspended tenant is harmless.
 *
 * @throws AppError `NOT_FOUND`, `TENANT_DELETED`.
 */
export async function suspendTenant(deps: TenantChangeDeps, slug: string): Promise<Tenant> {
  return setStatus(deps, slug, 'suspended');
}

/**
 * Lets a suspended tenant take bookings again and announces it. Resuming an active
 * tenant is harmless.
 *
 * @throws AppError `NOT_FOUND`, `TENANT_DELETED`.
 */
export async function resumeTenant(deps: TenantChangeDeps, slug: string): Promise<Tenant> {
  return setStatus(deps, slug, 'active');
}

async function setStatus(
  deps: TenantChangeDeps,
  slug: string,
  status: 'active' | 'suspended',
): Promise<Tenant> {
  assertValidSlug(slug);
  const { tenant, changed } = await deps.db.transaction().execute(async (trx) => {
    const row = await lockLiveTenantRow(trx, slug);
    return row.status === status
      ? { tenant: toTenant(row), changed: false }
      : { tenant: toTenant(await updateTenantStatus(trx, row.id, status)), changed: true };
  });
  if (changed) {
    await publishTenantChange(deps.redis, slug, status === 'active' ? 'resumed' : 'suspended');
  }
  return tenant;
}

/** Outcome of {@link deleteTenant}. */
export interface DeleteTenantResult {
  tenant: Tenant;
  /** Redis keys removed under the tenant's prefix. */
  redisKeysDeleted: number;
  /** Pending jobs removed from the shared queues (0 when no namespace was given). */
  queuedJobsRemoved: number;
}

/** Options of {@link deleteTenant}. */
export interface DeleteTenantOptions {
  /**
   * Namespace of the deployment's shared BullMQ queues (`QUEUE_NAMESPACE`): the
   * tenant's pending reminders, notices and waitlist passes are removed from them.
   * Left out, the queues are not read (the workers skip a deleted tenant's jobs).
   */
  queueNamespace?: string;
}

/**
 * Deletes a tenant: marks it deleted and forgets its bot token, drops its schema with
 * every booking in it, then removes every Redis key under its prefix (SCAN, never
 * KEYS; other tenants' keys stay) and, given the queue namespace, its pending jobs.
 * The `platform.tenants` row stays as a record. Repeating the call finishes a deletion
 * that was interrupted.
 *
 * @throws AppError `INVALID_SLUG`, `NOT_FOUND`.
 */
export async function deleteTenant(
  deps: TenantDeps,
  slug: string,
  options: DeleteTenantOptions = {},
): Promise<DeleteTenantResult> {
  assertValidSlug(slug);
  const row = await deps.db.transaction().execute(async (trx) => {
    const locked = await lockTenantRowBySlug(trx, slug);
    if (!locked) {
      throw notFound(slug);
    }
    await markTenantRowDeleted(trx, locked.id);
    await sql`DROP SCHEMA IF EXISTS ${sql.id(locked.schema_name)} CASCADE`.execute(trx);
    return locked;
  });
  // Before the keys go: a fleet stops polling first, so it does not write them again.
  await publishTenantChange(deps.redis, slug, 'deleted');
  const redisKeysDeleted = await deleteTenantKeys(deps.redis, slug);
  const queuedJobsRemoved =
    options.queueNamespace === undefined
      ? 0
      : await removeTenantJobs(deps.redis, slug, options.queueNamespace);
  const deleted = await findTenantRowBySlug(deps.db, slug);
  return { tenant: toTenant(deleted ?? row), redisKeysDeleted, queuedJobsRemoved };
}

/**
 * Decrypts the tenant's bot token. Only the code that talks to Telegram calls this;
 * the token is never logged.
 *
 * @throws AppError `NOT_FOUND`, `TENANT_DELETED`.
 */
export async function getTenantBotToken(
  deps: Omit<TenantDeps, 'redis'>,
  slug: string,
): Promise<string> {
  assertValidSlug(slug);
  const row = await findTenantRowBySlug(deps.db, slug);
  if (!row) {
    throw notFound(slug);
  }
  if (row.status === 'deleted') {
    throw new AppError('TENANT_DELETED', { message: `Tenant ${slug} is deleted` });
  }
  return decryptToken(row.bot_token_encrypted, deps.encryptionKey);
}

/**
 * The `VALIDATION` error of a tenant input: `details.fields` names each bad field and
 * `details.issues` pairs it with what is wrong, so a command line can name its flag.
 */
export function invalidTenant(issues: readonly z.core.$ZodIssue[]): AppError {
  const named = issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
  return new AppError('VALIDATION', {
    message: `Invalid tenant: ${named.map(({ field, message }) => `${field} ${message}`).join('; ')}`,
    details: { fields: named.map(({ field }) => field), issues: named },
  });
}

/**
 * Locks the row of a tenant that exists and is not deleted, for a change of it.
 *
 * @throws AppError `NOT_FOUND` for an unknown slug, `TENANT_DELETED` for a deleted one.
 */
export async function lockLiveTenantRow(
  trx: Parameters<typeof lockTenantRowBySlug>[0],
  slug: string,
): Promise<TenantRow> {
  const row = await lockTenantRowBySlug(trx, slug);
  if (!row) {
    throw notFound(slug);
  }
  if (row.status === 'deleted') {
    throw new AppError('TENANT_DELETED', { message: `Tenant ${slug} is deleted` });
  }
  return row;
}

/** The `NOT_FOUND` error of a slug no tenant has. */
export function notFound(slug: string): AppError {
  return new AppError('NOT_FOUND', { message: `No tenant ${slug}`, details: { slug } });
}

/** A stored row as the rest of the platform sees it. */
export function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    schema: row.schema_name,
    status: row.status,
    botUsername: row.bot_username,
    ownerTelegramId: row.owner_telegram_id,
    timeZone: row.time_zone,
    locale: row.locale as Locale,
    plan: row.plan,
    paidUntil: row.paid_until,
    schemaVersion: row.schema_version,
    pinned: row.pinned,
    botStatus: row.bot_status,
    botStatusAt: row.bot_status_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
