import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';

/** A time a customer can pick. */
export interface TimeOption {
  /** What the button says, such as `09:30`. */
  label: string;
  callbackData: string;
}

/**
 * Times of one day in rows of `columns` (default 4), then `extraRows`. At most 80 times
 * fit beside a few extra rows under Telegram's 100-button limit; longer lists are cut
 * and the caller should page them.
 */
export function timeGridKeyboard(
  times: readonly TimeOption[],
  extraRows: InlineKeyboardButton[][] = [],
  columns = 4,
): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < Math.min(times.length, 80); i += columns) {
    rows.push(
      times
        .slice(i, i + columns)
        .map((time) => ({ text: time.label, callback_data: time.callbackData })),
    );
  }
  return { inline_keyboard: [...rows, ...extraRows] };
}
