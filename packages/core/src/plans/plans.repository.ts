import type { Transaction } from 'kysely';
import type { Database, PlatformDatabase } from '../db/index.js';
import type { PlanRow } from './plans.table.js';

type Executor = Database | Transaction<PlatformDatabase>;

/** Every plan row, cheapest first (by `sort_order`). */
export async function listPlanRows(db: Executor, onlyActive: boolean): Promise<PlanRow[]> {
  let query = db.selectFrom('platform.plans').selectAll().orderBy('sort_order').orderBy('code');
  if (onlyActive) {
    query = query.where('active', '=', true);
  }
  return query.execute();
}

/** The plan row with this code, or `undefined`. */
export async function findPlanRow(db: Executor, code: string): Promise<PlanRow | undefined> {
  return db.selectFrom('platform.plans').selectAll().where('code', '=', code).executeTakeFirst();
}
