import { inTransaction, type TenantExecutor } from '../db/index.js';

/** One audit entry: who did what to which object, and the facts worth keeping. */
export interface AuditEntry {
  /** Who acted, e.g. `admin:12`, `client:7`, `system`. */
  actor: string;
  /** What happened, dotted, e.g. `booking.cancelled`, `admin.role_changed`. */
  action: string;
  /** The object acted on, e.g. `booking:42`. */
  target: string | null;
  details: Record<string, unknown>;
}

/** A stored {@link AuditEntry}. */
export interface AuditRecord extends AuditEntry {
  id: number;
  createdAt: Date;
}

/**
 * Appends an entry to the tenant's audit log. Pass the transaction of the change
 * itself, so the entry exists exactly when the change does.
 */
export async function recordAudit(db: TenantExecutor, entry: AuditEntry, now: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      details: JSON.stringify(entry.details),
      created_at: now,
    })
    .execute();
}

/** The newest audit entries first, optionally of one target (default 100). */
export async function listAuditLog(
  db: TenantExecutor,
  options: { target?: string; limit?: number } = {},
): Promise<AuditRecord[]> {
  let query = newestFirst(db);
  if (options.target !== undefined) {
    query = query.where('target', '=', options.target);
  }
  const rows = await query.limit(Math.min(Math.max(options.limit ?? 100, 1), 1000)).execute();
  return rows.map((row) => ({
    id: row.id,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
    createdAt: row.created_at,
  }));
}

/** One page of the audit log, newest first. */
export interface AuditPage {
  entries: AuditRecord[];
  /** Pass as `beforeId` for the next (older) page; undefined on the last page. */
  olderThanId: number | undefined;
}

/**
 * Entries newest first: by time, then id. Ids alone are not in time order on Citus,
 * where each node numbers rows from its own range: a tenant whose schema moved to
 * another node, or written to through the coordinator, gets smaller ids after larger.
 */
function newestFirst(db: TenantExecutor) {
  return db.selectFrom('audit_log').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
}

/**
 * A page of the audit log for a viewer, newest first: `limit` entries (1 to 50, default
 * 10) older than entry `beforeId` (from the newest when absent). Keyset-paged on the
 * time and id of that entry, so entries written meanwhile never shift a page.
 */
export async function pageAuditLog(
  db: TenantExecutor,
  options: { beforeId?: number; limit?: number } = {},
): Promise<AuditPage> {
  const limit = Math.min(Math.max(options.limit ?? 10, 1), 50);
  let query = newestFirst(db);
  if (options.beforeId !== undefined) {
    const before = await db
      .selectFrom('audit_log')
      .select(['created_at', 'id'])
      .where('id', '=', options.beforeId)
      .executeTakeFirst();
    if (before === undefined) {
      return { entries: [], olderThanId: undefined };
    }
    query = query.where((eb) =>
      eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(before.created_at, before.id)),
    );
  }
  const rows = await query.limit(limit + 1).execute();
  const entries = rows.slice(0, limit).map((row) => ({
    id: row.id,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
    createdAt: row.created_at,
  }));
  return {
    entries,
    olderThanId: rows.length > limit ? entries.at(-1)?.id : undefined,
  };
}

/**
 * Makes a change and writes its audit entry in one transaction (the caller's, when `db`
 * already is one), so the entry exists exactly when the change does. For changes whose
 * service does not audit itself (catalogue, settings, texts): the console's one path.
 *
 * @param entry builds the entry from the change's result (its id, its new values).
 */
export async function auditedChange<T>(
  db: TenantExecutor,
  change: (trx: TenantExecutor) => Promise<T>,
  entry: (result: T) => AuditEntry,
  now: Date = new Date(),
): Promise<T> {
  return inTransaction(db, async (trx) => {
    const result = await change(trx);
    await recordAudit(trx, entry(result), now);
    return result;
  });
}
