import { IANAZone } from 'luxon';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 15 * MINUTE_MS;
const OFFSETS_LIMIT = 100_000;

/**
 * Memo of zone offsets by UTC quarter hour (`zone|quarter` → offset ms). Asking the
 * platform's time-zone data for an offset is slow (`Intl` formatting), and every
 * availability request, booking and bot message needs a few local dates and times.
 * Offsets change only at transitions, which fall on quarter hours in every zone in
 * use, and a quarter hour that holds one is never memoized anyway. Bounded by
 * clearing when it grows past the limit.
 */
const OFFSETS = new Map<string, number>();

/** The offset of `zone` from UTC at `instant`, in milliseconds. */
function zoneOffset(zone: string, instant: number): number {
  const quarter = Math.floor(instant / QUARTER_HOUR_MS);
  const key = `${zone}|${quarter}`;
  const cached = OFFSETS.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const ianaZone = IANAZone.create(zone);
  const start = quarter * QUARTER_HOUR_MS;
  const offset = ianaZone.offset(start) * MINUTE_MS;
  if (offset !== ianaZone.offset(start + QUARTER_HOUR_MS - 1) * MINUTE_MS) {
    return ianaZone.offset(instant) * MINUTE_MS;
  }
  if (OFFSETS.size >= OFFSETS_LIMIT) {
    OFFSETS.clear();
  }
  OFFSETS.set(key, offset);
  return offset;
}

/** `instant` shifted by the zone's offset, so that its UTC fields read as local ones. */
function asLocal(zone: string, instant: number): string {
  return new Date(instant + zoneOffset(zone, instant)).toISOString();
}

/** The local calendar date (`yyyy-MM-dd`) of `instant` in `zone`. */
export function localDateIn(zone: string, instant: number): string {
  return asLocal(zone, instant).slice(0, 10);
}

/** The local wall-clock time (`HH:mm`) of `instant` in `zone`. */
export function localTimeIn(zone: string, instant: number): string {
  return asLocal(zone, instant).slice(11, 16);
}

/** The calendar date `days` after `date` (`yyyy-MM-dd`). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
