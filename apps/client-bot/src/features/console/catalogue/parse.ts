/** Typed catalogue answers read into values; `undefined` when one does not fit. */

/** The longest description or bio. */
export const TEXT_MAX = 2000;
const NAME_MAX = 200;

/** A typed name: 1 to 200 characters on one line. */
export function parseName(text: string): string | undefined {
  const name = text.trim().replace(/\s+/g, ' ');
  return name.length >= 1 && name.length <= NAME_MAX ? name : undefined;
}

/** A whole number of minutes within bounds. */
export function parseMinutes(text: string, min: number, max: number): number | undefined {
  const typed = text.trim();
  const minutes = Number(typed);
  return /^\d{1,4}$/.test(typed) && minutes >= min && minutes <= max ? minutes : undefined;
}

/** A typed price in major units (`1500`, `1500.50`, `1500,5`) as minor units. */
export function parsePrice(text: string): number | undefined {
  const typed = text.trim().replace(',', '.').replace(/\s/g, '');
  if (!/^\d{1,9}(?:\.\d{1,2})?$/.test(typed)) {
    return undefined;
  }
  return Math.round(Number(typed) * 100);
}
