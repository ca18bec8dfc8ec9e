import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { BotLocale } from '../i18n/i18n.js';

/** How bookable a calendar day is. */
export type CalendarDayStatus = 'free' | 'few' | 'full' | 'closed' | 'past';

/** One day of a month view. */
export interface CalendarDay {
  /** `YYYY-MM-DD` in the business's time zone. */
  date: string;
  status: CalendarDayStatus;
}

/** Options of {@link calendarKeyboard}. */
export interface CalendarKeyboardOptions {
  /** `YYYY-MM`. */
  month: string;
  /** Days of that month; a missing day shows as closed. */
  days: readonly CalendarDay[];
  locale: BotLocale;
  /** Months the navigation may reach (today's month and the horizon's). */
  firstMonth: string;
  lastMonth: string;
  /** Callback data builders. */
  callbacks: {
    day(date: string): string;
    month(month: string): string;
    /** For cells that do nothing when pressed (labels, past days). */
    noop(): string;
    /**
     * For a closed day, so that pressing it can be answered with a notice; without it a
     * closed day does nothing.
     */
    closed?(date: string): string;
  };
  /** Rows appended below the grid, such as Back. */
  extraRows?: InlineKeyboardButton[][];
}

// Telegram rejects a button whose text is empty or blank; U+2800 (braille blank) looks
// empty and is not whitespace.
const BLANK = '\u2800';

// Markers: a day with few free times gets a dot, a full day a cross (it can still be
// pressed to join the waiting list), a closed day a dash in place of the number (a dot
// there was taken for the "few" dot), a past day nothing.
const MARK: Record<CalendarDayStatus, (day: number) => string> = {
  free: (day) => String(day),
  few: (day) => `${day}•`,
  full: (day) => `${day}✕`,
  closed: () => '—',
  past: () => BLANK,
};

/**
 * A month grid for choosing a day: title with navigation limited to
 * [`firstMonth`, `lastMonth`], weekday labels from Monday, and one button per day.
 * Free, few and full days carry `callbacks.day`; closed days `callbacks.closed` when
 * given; past days do nothing.
 */
export function calendarKeyboard(options: CalendarKeyboardOptions): InlineKeyboardMarkup {
  const [year, month] = options.month.split('-').map(Number) as [number, number];
  const noop = options.callbacks.noop();
  const byDate = new Map(options.days.map((day) => [day.date, day.status]));
  const title = monthTitle(options.locale, year, month);
  const previous = shiftMonth(options.month, -1);
  const next = shiftMonth(options.month, 1);
  const rows: InlineKeyboardButton[][] = [
    [
      button(
        options.month > options.firstMonth ? '◀' : BLANK,
        options.month > options.firstMonth ? options.callbacks.month(previous) : noop,
      ),
      button(capitalize(title), noop),
      button(
        options.month < options.lastMonth ? '▶' : BLANK,
        options.month < options.lastMonth ? options.callbacks.month(next) : noop,
      ),
    ],
    weekdayLabels(options.locale).map((label) => button(label, noop)),
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // getUTCDay: 0 = Sunday; the grid starts on Monday.
  const leading = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
  let week: InlineKeyboardButton[] = Array.from({ length: leading }, () => button(BLANK, noop));
  for (let day = 1; day <= daysInMonth; day++) {
    const date = `${options.month}-${String(day).padStart(2, '0')}`;
    const status = byDate.get(date) ?? 'closed';
    week.push(button(MARK[status](day), dayCallback(options.callbacks, status, date, noop)));
    if (week.length === 7) {
      rows.push(week);
      week = [];
    }
  }
  if (week.length > 0) {
    rows.push([...week, ...Array.from({ length: 7 - week.length }, () => button(BLANK, noop))]);
  }
  return { inline_keyboard: [...rows, ...(options.extraRows ?? [])] };
}

function dayCallback(
  callbacks: CalendarKeyboardOptions['callbacks'],
  status: CalendarDayStatus,
  date: string,
  noop: string,
): string {
  switch (status) {
    case 'free':
    case 'few':
    case 'full':
      return callbacks.day(date);
    case 'closed':
      return callbacks.closed?.(date) ?? noop;
    case 'past':
      return noop;
  }
}

/** `YYYY-MM` moved by `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  const shifted = new Date(Date.UTC(year, index - 1 + delta, 1));
  return `${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}`;
}

// Intl formatters are costly to build and the labels never change: keep them per locale.
const weekdayCache = new Map<BotLocale, string[]>();
const titleFormats = new Map<BotLocale, Intl.DateTimeFormat>();

function monthTitle(locale: BotLocale, year: number, month: number): string {
  let format = titleFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    titleFormats.set(locale, format);
  }
  return format.format(Date.UTC(year, month - 1, 1));
}

function weekdayLabels(locale: BotLocale): string[] {
  let labels = weekdayCache.get(locale);
  if (!labels) {
    const format = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
    // 2024-01-01 was a Monday.
    labels = Array.from({ length: 7 }, (_, i) =>
      capitalize(format.format(Date.UTC(2024, 0, 1 + i)).replace('.', '')),
    );
    weekdayCache.set(locale, labels);
  }
  return labels;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function button(text: string, callbackData: string): InlineKeyboardButton {
  return { text, callback_data: callbackData };
}
