import type { Transaction } from 'kysely';
import type { Database, PlatformDatabase } from '../db/index.js';
import { AppError } from '../errors/index.js';
import type { Plan } from './plan.js';
import { findPlanRow, listPlanRows } from './plans.repository.js';
import type { PlanRow } from './plans.table.js';

/** The plans on sale, in the order the storefront shows them (cheapest first). */
export async function listPlans(
  db: Database | Transaction<PlatformDatabase>,
  options: { includeInactive?: boolean } = {},
): Promise<Plan[]> {
  return (await listPlanRows(db, !options.includeInactive)).map(toPlan);
}

/**
 * The plan with this code, on sale or not (an old order may name a retired plan).
 *
 * @throws AppError `NOT_FOUND`.
 */
export async function getPlan(
  db: Database | Transaction<PlatformDatabase>,
  code: string,
): Promise<Plan> {
  const row = await findPlanRow(db, code);
  if (!row) {
    throw new AppError('NOT_FOUND', {
      message: `No plan ${code}`,
      details: { what: 'plan', id: code },
    });
  }
  return toPlan(row);
}

function toPlan(row: PlanRow): Plan {
  return {
    code: row.code,
    name: row.name,
    periodDays: row.period_days,
    priceKopecks: row.price_kopecks,
    currency: row.currency,
    sortOrder: row.sort_order,
    active: row.active,
  };
}
