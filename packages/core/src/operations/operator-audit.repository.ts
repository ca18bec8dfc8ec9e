import type { Selectable, Transaction } from 'kysely';
import type { Database, OperatorAuditTable, PlatformDatabase } from '../db/index.js';

type Executor = Database | Transaction<PlatformDatabase>;

/** A row of `platform.operator_audit`. */
export type OperatorAuditRow = Selectable<OperatorAuditTable>;

/** Appends one entry to the operator audit log. */
export async function insertOperatorAudit(
  db: Executor,
  entry: { actor: string; action: string; target: string | null; details: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('platform.operator_audit')
    .values({ ...entry, details: JSON.stringify(entry.details) })
    .execute();
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
