import type { Database } from '../db/index.js';
import { insertOperatorAudit, listOperatorAuditRows } from './operator-audit.repository.js';

/**
 * Who acts on the platform: an operator in the master bot (`operator:<telegram id>`), an
 * operator API key (`api:<key name>`), the command line (`cli`), or someone refused
 * (`telegram:<id>`). Built with {@link operatorActor}, {@link apiActor}, {@link CLI_ACTOR}.
 */
export type OperatorActor = string;

/** The actor of an operator in the master bot. */
export function operatorActor(telegramId: number): OperatorActor {
  return `operator:${telegramId}`;
}

/** The actor of a request signed with an operator API key. */
export function apiActor(keyName: string): OperatorActor {
  return `api:${keyName}`;
}

/** The actor of `pnpm tenant`. */
export const CLI_ACTOR: OperatorActor = 'cli';

/** One entry of the operator audit log. */
export interface OperatorAuditEntry {
  id: number;
  actor: OperatorActor;
  /** Dotted, e.g. `tenant.suspended`, `callback.refused`. */
  action: string;
  /**
   * The tenant's slug, what else the action is about (`broadcast:<id>`), or `null` for
   * platform-wide actions.
   */
  target: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

/**
 * Records an operator action (or a refused attempt); returns the entry's id. The one
 * writer of `platform.operator_audit`: every operation of this domain calls it after its
 * change committed.
 */
export async function recordOperatorAction(
  db: Database,
  actor: OperatorActor,
  action: string,
  target: string | null,
  details: Record<string, unknown> = {},
): Promise<number> {
  return insertOperatorAudit(db, { actor, action, target, details });
}

/** The newest operator audit entries first (default 50, at most 1000). */
export async function listOperatorAudit(
  db: Database,
  options: { target?: string; action?: string; limit?: number } = {},
): Promise<OperatorAuditEntry[]> {
  const rows = await listOperatorAuditRows(db, {
    ...options,
    limit: Math.min(Math.max(options.limit ?? 50, 1), 1000),
  });
  return rows.map((row) => ({
    id: Number(row.id),
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
    createdAt: row.created_at,
  }));
}
