import type { Settings, WeeklyHours } from '@booking/core';
import { parseIntervals } from '../time-off/period.js';

/** How a setting is typed in and shown. */
export type FieldKind =
  | 'int'
  | 'list'
  | 'text'
  | 'zone'
  | 'locale'
  | 'currency'
  | 'region'
  | 'week';

/** An editable engine setting: its kind and the bounds the hint names. */
export interface SettingField {
  key: keyof Settings;
  kind: FieldKind;
  min?: number;
  max?: number;
}

/**
 * Every engine setting, in screen order (a test holds it to core's `SettingsSchema`);
 * core remains the judge of a value.
 */
export const SETTING_FIELDS: readonly SettingField[] = [
  { key: 'businessName', kind: 'text', max: 200 },
  { key: 'businessAddress', kind: 'text', max: 500 },
  { key: 'businessPhone', kind: 'text', max: 50 },
  { key: 'timeZone', kind: 'zone' },
  { key: 'slotStepMinutes', kind: 'int', min: 5, max: 240 },
  { key: 'minNoticeMinutes', kind: 'int', min: 0, max: 43_200 },
  { key: 'bookingHorizonDays', kind: 'int', min: 1, max: 366 },
  { key: 'maxActiveBookingsPerClient', kind: 'int', min: 1, max: 100 },
  { key: 'cancellationWindowHours', kind: 'int', min: 0, max: 336 },
  { key: 'reminderOffsetsMinutes', kind: 'list', min: 5, max: 20_160 },
  { key: 'feedbackDelayMinutes', kind: 'int', min: 0, max: 20_160 },
  { key: 'waitlistOfferMinutes', kind: 'int', min: 1, max: 1_440 },
  { key: 'defaultLocale', kind: 'locale' },
  { key: 'currency', kind: 'currency' },
  { key: 'phoneRegion', kind: 'region' },
  { key: 'defaultWorkingHours', kind: 'week' },
];

/**
 * Reads a typed value of `field`; `undefined` when it is not of the field's form. The
 * range and the rest are core's to check (`updateSettings`).
 */
export function parseFieldValue(field: SettingField, text: string): unknown {
  const typed = text.trim();
  switch (field.kind) {
    case 'int':
      return /^-?\d{1,9}$/.test(typed) ? Number(typed) : undefined;
    case 'list': {
      const parts = typed.split(/[\s,;]+/).filter((part) => part !== '');
      return parts.length > 0 && parts.every((part) => /^\d{1,9}$/.test(part))
        ? parts.map(Number)
        : undefined;
    }
    case 'text':
      return typed === '-' ? '' : typed.replace(/\s+/g, ' ');
    case 'zone':
      return typed;
    case 'locale':
      return ['ru', 'en', 'es'].includes(typed.toLowerCase()) ? typed.toLowerCase() : undefined;
    case 'currency':
      return typed.toUpperCase();
    case 'region':
      return typed === '-' ? '' : typed.toUpperCase();
    case 'week':
      return parseWeek(typed);
  }
}

// A new line, or a `;` before the next day's number: `;` inside a day parts intervals.
const WEEK_LINE = /\n|;(?=\s*[1-7](?:\s*[-–—]\s*[1-7])?\s)/;
const WEEK_DAYS = /^([1-7])(?:\s*[-–—]\s*([1-7]))?\s+(.+)$/;

/**
 * Reads weekly hours typed one line per day or range of days (1 is Monday, 7 Sunday):
 * `1-5 09:00-13:00, 14:00-18:00` (breaks as several intervals), `6 off`. Days not named
 * are days off; a day named twice gets both lines' intervals. `undefined` when a line is
 * not of that form; order and overlaps are core's to check.
 */
export function parseWeek(text: string): WeeklyHours | undefined {
  const week: Record<string, Array<{ start: string; end: string }>> = {};
  const lines = text
    .split(WEEK_LINE)
    .map((line) => line.trim())
    .filter(Boolean);
  for (const line of lines) {
    const match = WEEK_DAYS.exec(line);
    const intervals = match && parseIntervals(match[3] as string);
    const from = Number(match?.[1]);
    const to = Number(match?.[2] ?? match?.[1]);
    if (!intervals || to < from) {
      return undefined;
    }
    for (let day = from; day <= to; day++) {
      week[String(day)] = [...(week[String(day)] ?? []), ...intervals];
    }
  }
  return lines.length > 0 ? week : undefined;
}

/**
 * Weekly hours as one line, consecutive days with the same hours together:
 * `Mon–Fri 09:00–18:00; Sat 10:00–14:00`. Empty when every day is off.
 */
export function showWeek(week: WeeklyHours, dayName: (day: number) => string): string {
  const hoursOf = (day: number) =>
    (week[String(day) as keyof WeeklyHours] ?? [])
      .map((interval) => `${interval.start}–${interval.end}`)
      .join(', ');
  const groups: Array<{ from: number; to: number; hours: string }> = [];
  for (let day = 1; day <= 7; day++) {
    const hours = hoursOf(day);
    const last = groups.at(-1);
    if (hours === '') {
      continue;
    }
    if (last && last.to === day - 1 && last.hours === hours) {
      last.to = day;
    } else {
      groups.push({ from: day, to: day, hours });
    }
  }
  return groups
    .map(({ from, to, hours }) =>
      from === to ? `${dayName(from)} ${hours}` : `${dayName(from)}–${dayName(to)} ${hours}`,
    )
    .join('; ');
}

/** A setting's value as the console shows it; `dayName` names weekdays (1 is Monday). */
export function showFieldValue(
  field: SettingField,
  value: unknown,
  dayName: (day: number) => string,
): string {
  if (field.kind === 'week') {
    return showWeek(value as WeeklyHours, dayName);
  }
  return Array.isArray(value) ? value.join(', ') : String(value ?? '');
}
