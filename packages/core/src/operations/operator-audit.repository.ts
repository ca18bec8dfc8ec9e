import { type Selectable, sql, type Transaction } from 'kysely';
import type { Database, OperatorAuditTable, PlatformDatabase } from '../db/index.js';

type Executor = Database | Transaction<PlatformDatabase>;

/** A row of `platform.operator_audit`. */
export type OperatorAuditRow = Selectable<OperatorAuditTable>;

/** Appends one entry to the operator audit log; returns its id. */
export async function insertOperatorAudit(
  db: Executor,
  entry: { actor: string; action: string; target: string | null; details: Record<string, unknown> },
): Promise<number> {
  const row = await db
    .insertInto('platform.operator_audit')
    .values({ ...entry, details: JSON.stringify(entry.details) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Entries of `startAction` made since `since`, oldest first, that no entry of `endAction`
 * names as its target (`<targetPrefix><id>`): work begun and not finished.
 */
export async function findUnfinishedAuditRows(
  db: Executor,
  options: { startAction: string; endAction: string; targetPrefix: string; since: Date },
): Promise<OperatorAuditRow[]> {
  return db
    .selectFrom('platform.operator_audit as started')
    .selectAll('started')
    .where('started.action', '=', options.startAction)
    .where('started.created_at', '>=', options.since)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('platform.operator_audit as ended')
            .select('ended.id')
            .where('ended.action', '=', options.endAction)
            .where('ended.target', '=', sql<string>`${options.targetPrefix} || started.id::text`),
        ),
      ),
    )
    .orderBy('started.id')
    .execute();
}

/** The entry of `action` whose target is `target`, if there is one. */
export async function findAuditRowByTarget(
  db: Executor,
  action: string,
  target: string,
): Promise<OperatorAuditRow | undefined> {
  return db
    .selectFrom('platform.operator_audit')
    .selectAll()
    .where('action', '=', action)
    .where('target', '=', target)
    .executeTakeFirst();
}

/** The newest entries first, optionally of one target or action. */
export async function listOperatorAuditRows(
  db: Executor,
  options: { target?: string; action?: string; limit: number },
): Promise<OperatorAuditRow[]> {
  let query = db.selectFrom('platform.operator_audit').selectAll();
  if (options.target !== undefined) {
    query = query.where('target', '=', options.target);
  }
  if (options.action !== undefined) {
    query = query.where('action', '=', options.action);
  }
  return query.orderBy('id', 'desc').limit(options.limit).execute();
}
