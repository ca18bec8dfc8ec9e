import { IANAZone } from 'luxon';
import { BoundedMemo } from '../memo/index.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 15 * MINUTE_MS;

/**
 * Memo of zone offsets by UTC quarter hour (`zone|quarter` → offset ms). Asking the
 * platform's time-zone data for an offset is slow (`Intl` formatting), and every
 * availability request, booking and bot message needs a few local dates and times.
 * Offsets change only at transitions, which fall on quarter hours in every zone in
 * use; a quarter hour that holds one is memoized as such (`null`) and its instants
 * are asked for exactly.
 */
const OFFSETS = new BoundedMemo<string, number | null>(100_000);

/** The offset of `zone` from UTC at `instant`, in milliseconds. */
function zoneOffset(zone: string, instant: number): number {
  const quarter = Math.floor(instant / QUARTER_HOUR_MS);
  const steady = OFFSETS.get(`${zone}|${quarter}`, () => {
    const ianaZone = IANAZone.create(zone);
    const start = quarter * QUARTER_HOUR_MS;
    const offset = ianaZone.offset(start);
    return offset === ianaZone.offset(start + QUARTER_HOUR_MS - 1) ? offset * MINUTE_MS : null;
  });
  return steady ?? IANAZone.create(zone).offset(instant) * MINUTE_MS;
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
