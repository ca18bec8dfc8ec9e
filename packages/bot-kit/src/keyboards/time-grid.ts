import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';

/** A time a customer can pick. */
export interface TimeOption {
  /** What the button says, such as `09:30`. */
  label: string;
  callbackData: string;
}

/**
 * Times shown on one page: 15 rows of 4. A day cut in 30-minute steps fits on one page;
 * a 24-hour day in 5-minute steps (288 times) takes five. Telegram refuses a keyboard of
 * more than 100 buttons, and a long one is hard to scroll on a phone.
 */
export const TIMES_PER_PAGE = 60;

/** Options of {@link timeGridKeyboard}. */
export interface TimeGridOptions {
  /** The page to show, from 0; clamped to the pages there are. */
  page?: number;
  /** Buttons per row (default 4). */
  columns?: number;
  /** Times per page (default {@link TIMES_PER_PAGE}). */
  perPage?: number;
  /** Callback data builders for the navigation row (shown only when there are pages). */
  callbacks: {
    page(page: number): string;
    /** For the cells that do nothing when pressed (the page label, a missing arrow). */
    noop(): string;
  };
  /** Rows appended below the grid, such as Back. */
  extraRows?: InlineKeyboardButton[][];
}

// Telegram rejects a button whose text is blank; U+2800 looks empty and is not whitespace.
const BLANK = '\u2800';

/**
 * One page of a day's times in rows of `columns`, then, when the day does not fit on one
 * page, a row `◀ earlier · first–last · later ▶` to the neighbouring pages, then
 * `extraRows`. Every time of the day is on some page.
 */
export function timeGridKeyboard(
  times: readonly TimeOption[],
  options: TimeGridOptions,
): InlineKeyboardMarkup {
  const columns = Math.max(1, options.columns ?? 4);
  const perPage = Math.max(columns, options.perPage ?? TIMES_PER_PAGE);
  const pages = Math.max(1, Math.ceil(times.length / perPage));
  const page = clampPage(options.page ?? 0, pages);
  const shown = times.slice(page * perPage, (page + 1) * perPage);
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < shown.length; i += columns) {
    rows.push(
      shown
        .slice(i, i + columns)
        .map((time) => ({ text: time.label, callback_data: time.callbackData })),
    );
  }
  if (pages > 1) {
    const { callbacks } = options;
    const noop = callbacks.noop();
    const range = `${shown[0]?.label ?? ''}–${shown.at(-1)?.label ?? ''}`;
    rows.push([
      page > 0
        ? { text: '◀', callback_data: callbacks.page(page - 1) }
        : { text: BLANK, callback_data: noop },
      { text: range, callback_data: noop },
      page < pages - 1
        ? { text: '▶', callback_data: callbacks.page(page + 1) }
        : { text: BLANK, callback_data: noop },
    ]);
  }
  return { inline_keyboard: [...rows, ...(options.extraRows ?? [])] };
}

function clampPage(page: number, pages: number): number {
  if (!Number.isInteger(page) || page < 0) {
    return 0;
  }
  return Math.min(page, pages - 1);
}
