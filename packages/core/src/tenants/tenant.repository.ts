import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Database, PlatformDatabase, TenantStatus, TenantsTable } from '../db/index.js';

/** A row of `platform.tenants`. */
export type TenantRow = Selectable<TenantsTable>;
type Executor = Database | Transaction<PlatformDatabase>;

/** The tenant row with this slug, or `undefined`. */
export async function findTenantRowBySlug(
  db: Executor,
  slug: string,
): Promise<TenantRow | undefined> {
  return db.selectFrom('platform.tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** The tenant row with this slug, locked `FOR UPDATE` until the transaction ends. */
export async function lockTenantRowBySlug(
  trx: Transaction<PlatformDatabase>,
  slug: string,
): Promise<TenantRow | undefined> {
  return trx
    .selectFrom('platform.tenants')
    .selectAll()
    .where('slug', '=', slug)
    .forUpdate()
    .executeTakeFirst();
}

/** The live (not deleted) tenant row whose bot token has this hash, or `undefined`. */
export async function findLiveTenantRowByTokenHash(
  db: Executor,
  tokenHash: string,
): Promise<TenantRow | undefined> {
  return db
    .selectFrom('platform.tenants')
    .selectAll()
    .where('bot_token_hash', '=', tokenHash)
    .where('status', '<>', 'deleted')
    .executeTakeFirst();
}

/**
 * Inserts a tenant row unless one with the slug exists (then waits for a concurrent
 * insert of the same slug to commit and returns `undefined`).
 */
export async function insertTenantRowIfAbsent(
  trx: Transaction<PlatformDatabase>,
  values: Insertable<TenantsTable>,
): Promise<TenantRow | undefined> {
  return trx
    .insertInto('platform.tenants')
    .values(values)
    .onConflict((conflict) => conflict.column('slug').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Sets a tenant's status; returns the updated row. */
export async function updateTenantStatus(
  db: Executor,
  id: number,
  status: TenantStatus,
): Promise<TenantRow> {
  return db
    .updateTable('platform.tenants')
    .set({ status, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Marks a tenant deleted and forgets its bot token, so the same bot can later serve a
 * new tenant and the token no longer sits in the database.
 */
export async function markTenantRowDeleted(db: Executor, id: number): Promise<void> {
  await db
    .updateTable('platform.tenants')
    .set({
      status: 'deleted',
      bot_token_encrypted: '',
      bot_token_hash: `deleted:${id}`,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** Options of {@link listTenantRows}. */
export interface ListTenantRowsOptions {
  statuses?: readonly TenantStatus[];
  /** Return rows with `id` greater than this (keyset paging). */
  afterId?: number;
  limit: number;
}

/** A page of tenant rows ordered by id. */
export async function listTenantRows(
  db: Executor,
  options: ListTenantRowsOptions,
): Promise<TenantRow[]> {
  let query = db.selectFrom('platform.tenants').selectAll().orderBy('id').limit(options.limit);
  if (options.statuses && options.statuses.length > 0) {
    query = query.where('status', 'in', options.statuses);
  }
  if (options.afterId !== undefined) {
    query = query.where('id', '>', options.afterId);
  }
  return query.execute();
}

/** Records that a tenant's schema is at `version` (it took a spare schema already migrated). */
export async function updateTenantSchemaVersion(
  db: Executor,
  id: number,
  version: number,
): Promise<void> {
  await db
    .updateTable('platform.tenants')
    .set({ schema_version: version, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** The facts of a tenant an operator may change after provisioning. */
export type TenantProfileValues = Partial<
  Pick<TenantsTable, 'bot_username' | 'owner_telegram_id' | 'time_zone' | 'locale' | 'plan'>
>;

/** Changes a tenant's profile; returns the updated row. */
export async function updateTenantProfile(
  db: Executor,
  id: number,
  values: TenantProfileValues,
): Promise<TenantRow> {
  return db
    .updateTable('platform.tenants')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Pins a tenant to a container of its own, or gives it back to the fleet; returns the row. */
export async function updateTenantPinned(
  db: Executor,
  id: number,
  pinned: boolean,
): Promise<TenantRow> {
  return db
    .updateTable('platform.tenants')
    .set({ pinned, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Stores a new bot token and forgets that Telegram refused the old one; returns the row. */
export async function updateTenantBotToken(
  db: Executor,
  id: number,
  values: { bot_token_encrypted: string; bot_token_hash: string },
): Promise<TenantRow> {
  const now = new Date();
  return db
    .updateTable('platform.tenants')
    .set({ ...values, bot_status: 'ok', bot_status_at: now, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Marks the bot token with this hash as refused by Telegram, unless the tenant has
 * another token by now or is already marked.
 *
 * @returns whether the row changed.
 */
export async function markTenantRowTokenRejected(
  db: Executor,
  slug: string,
  tokenHash: string,
): Promise<boolean> {
  const now = new Date();
  const result = await db
    .updateTable('platform.tenants')
    .set({ bot_status: 'token_rejected', bot_status_at: now, updated_at: now })
    .where('slug', '=', slug)
    .where('bot_token_hash', '=', tokenHash)
    .where('bot_status', '<>', 'token_rejected')
    .where('status', '<>', 'deleted')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A page of the live (not deleted), unpinned tenant rows, ordered by id. */
export async function listFleetTenantRows(
  db: Executor,
  options: { afterId?: number; limit: number },
): Promise<TenantRow[]> {
  let query = db
    .selectFrom('platform.tenants')
    .selectAll()
    .where('status', '<>', 'deleted')
    .where('pinned', '=', false)
    .orderBy('id')
    .limit(options.limit);
  if (options.afterId !== undefined) {
    query = query.where('id', '>', options.afterId);
  }
  return query.execute();
}
