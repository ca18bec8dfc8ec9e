import type { ColumnType, Selectable } from 'kysely';

/** `platform.plans`: what an owner can buy. Seeded by the `0004-billing` migration. */
export interface PlansTable {
  code: string;
  name: string;
  period_days: number;
  /** Price in kopecks (1 ₽ = 100). */
  price_kopecks: number;
  currency: ColumnType<string, string | undefined, string>;
  sort_order: number;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date | undefined, never>;
}
/** A selected `platform.plans` row. */
export type PlanRow = Selectable<PlansTable>;
