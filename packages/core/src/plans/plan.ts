/** A plan an owner can buy: a paid period of a number of days for a price. */
export interface Plan {
  /** Stable code such as `standard`; orders and subscriptions refer to it. */
  code: string;
  /** Display name (the same in every language: Starter, Standard, Business, Premium). */
  name: string;
  periodDays: number;
  /** Price in kopecks (29900 is 299 ₽). */
  priceKopecks: number;
  /** ISO 4217 code, RUB. */
  currency: string;
  sortOrder: number;
  active: boolean;
}

/** Days of the free trial an owner's first bot gets. */
export const TRIAL_DAYS = 7;

/**
 * Kopecks as YooKassa writes an amount: `79900` → `'799.00'`.
 *
 * @throws Error for a negative or fractional number of kopecks (a bug, not input).
 */
export function kopecksToAmount(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks) || kopecks < 0) {
    throw new Error(`Not a whole non-negative number of kopecks: ${kopecks}`);
  }
  return `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;
}

/**
 * YooKassa's amount string as kopecks: `'799.00'` → `79900`, `'5'` → `500`.
 *
 * @throws Error when the string is no amount with at most two decimals.
 */
export function amountToKopecks(value: string): number {
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) {
    throw new Error(`Not an amount: ${JSON.stringify(value)}`);
  }
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}
