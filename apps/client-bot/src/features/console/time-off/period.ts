import { DateTime } from 'luxon';

/** A typed period of time off: whole days, or hours on one day. */
export interface TypedPeriod {
  startsAt: Date;
  endsAt: Date;
}

/** Typed special hours: a local date and its intervals (none: closed). */
export interface TypedHours {
  date: string;
  intervals: Array<{ start: string; end: string }>;
}

const DATE = String.raw`(\d{1,2}\.\d{1,2}(?:\.\d{4})?|\d{4}-\d{2}-\d{2})`;
const TIME = String.raw`(\d{1,2}:\d{2})`;
const DAYS = new RegExp(String.raw`^${DATE}(?:\s*-\s*${DATE})?$`);
const HOURS_OF_DAY = new RegExp(String.raw`^${DATE}\s+${TIME}\s*-\s*${TIME}$`);
const SPECIAL = new RegExp(String.raw`^${DATE}\s+(.+)$`);
const INTERVAL = new RegExp(String.raw`^${TIME}\s*-\s*${TIME}$`);
const CLOSED_WORDS = new Set(['off', 'closed', 'выходной', 'закрыто', 'cerrado', 'libre']);

function normalize(text: string): string {
  return text.trim().toLowerCase().replace(/[–—]/g, '-').replace(/\s+/g, ' ');
}

/**
 * A typed local date: `25.12`, `25.12.2030` or `2030-12-25`. Without a year, the next
 * such date from `today` on (a date already past this year is next year's).
 */
export function parseLocalDate(text: string, today: DateTime): DateTime | undefined {
  let date: DateTime;
  if (text.includes('-')) {
    date = DateTime.fromISO(text, { zone: today.zone });
  } else {
    const [day, month, year] = text.split('.').map(Number);
    date = DateTime.fromObject({ year: year ?? today.year, month, day }, { zone: today.zone });
    if (date.isValid && year === undefined && date < today.startOf('day')) {
      date = date.plus({ years: 1 });
    }
  }
  return date.isValid ? date.startOf('day') : undefined;
}

function timeOn(day: DateTime, time: string): DateTime | undefined {
  const [hour, minute] = time.split(':').map(Number);
  if (hour === undefined || minute === undefined || hour > 24 || minute > 59) {
    return undefined;
  }
  if (hour === 24) {
    return minute === 0 ? day.plus({ days: 1 }) : undefined;
  }
  return day.set({ hour, minute });
}

/**
 * Reads a typed period in the tenant's zone: `25.12` (a whole day), `25.12-05.01`
 * (whole days, inclusive) or `25.12 14:00-18:00` (hours of one day). The period must
 * end after `now` and last at most a year. `undefined` when the text is none of these.
 */
export function parsePeriod(text: string, zone: string, now: Date): TypedPeriod | undefined {
  const typed = normalize(text);
  const today = DateTime.fromJSDate(now, { zone });
  let from: DateTime | undefined;
  let until: DateTime | undefined;
  const hours = HOURS_OF_DAY.exec(typed);
  const days = DAYS.exec(typed);
  if (hours) {
    const day = parseLocalDate(hours[1] as string, today);
    from = day && timeOn(day, hours[2] as string);
    until = day && timeOn(day, hours[3] as string);
  } else if (days) {
    from = parseLocalDate(days[1] as string, today);
    const last = days[2] === undefined ? from : parseLocalDate(days[2], from ?? today);
    until = last?.plus({ days: 1 });
  }
  if (!from || !until || from >= until || until.toJSDate() <= now) {
    return undefined;
  }
  if (until.diff(from, 'days').days > 366) {
    return undefined;
  }
  return { startsAt: from.toJSDate(), endsAt: until.toJSDate() };
}

/**
 * Reads typed special hours: `25.12 10:00-14:00, 15:00-18:00`, or `25.12 off` (also
 * closed, выходной, cerrado) for a closed day. `undefined` when it is neither; the
 * intervals' order and overlaps are core's to check.
 */
export function parseSpecialHours(text: string, zone: string, now: Date): TypedHours | undefined {
  const match = SPECIAL.exec(normalize(text));
  if (!match) {
    return undefined;
  }
  const today = DateTime.fromJSDate(now, { zone });
  const date = parseLocalDate(match[1] as string, today);
  if (!date || date < today.startOf('day')) {
    return undefined;
  }
  const intervals = parseIntervals(match[2] as string);
  return intervals && { date: date.toISODate() as string, intervals };
}

/**
 * Reads typed hours of a day: `09:00-13:00, 14:00-18:00` (breaks as several intervals),
 * or `off` (also closed, выходной, cerrado, libre) for none. `undefined` when it is
 * neither; order and overlaps are core's to check.
 */
export function parseIntervals(text: string): TypedHours['intervals'] | undefined {
  const typed = normalize(text);
  if (CLOSED_WORDS.has(typed)) {
    return [];
  }
  const intervals: TypedHours['intervals'] = [];
  for (const part of typed.split(/\s*[,;]\s*/)) {
    const interval = INTERVAL.exec(part);
    if (!interval) {
      return undefined;
    }
    intervals.push({ start: pad(interval[1] as string), end: pad(interval[2] as string) });
  }
  return intervals;
}

function pad(time: string): string {
  return time.length === 4 ? `0${time}` : time;
}
