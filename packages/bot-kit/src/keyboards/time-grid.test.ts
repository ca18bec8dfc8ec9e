import { describe, expect, it } from 'vitest';
import { TIMES_PER_PAGE, type TimeOption, timeGridKeyboard } from './time-grid.js';

/** Every start of a 24-hour day at a `step`-minute grid, labelled `HH:mm`. */
function day(step: number): TimeOption[] {
  return Array.from({ length: (24 * 60) / step }, (_, index) => {
    const minutes = index * step;
    const label = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    return { label, callbackData: `t|${label}` };
  });
}

const callbacks = { page: (page: number) => `page|${page}`, noop: () => 'noop' };
const back = [{ text: 'Back', callback_data: 'back' }];

/** The keyboard's rows as text and callback data (every button here has data). */
function page(times: TimeOption[], number?: number) {
  return timeGridKeyboard(times, {
    page: number,
    callbacks,
    extraRows: [back],
  }).inline_keyboard.map((row) =>
    row.map((button) => ({
      text: button.text,
      callback_data: 'callback_data' in button ? button.callback_data : '',
    })),
  );
}

describe('timeGridKeyboard', () => {
  it('reaches 23:55 of a 24-hour day in 5-minute steps by pressing ▶, each time once', () => {
    const times = day(5);
    const seen: string[] = [];
    let current = 0;
    for (let presses = 0; presses < 10; presses++) {
      const rows = page(times, current);
      expect(rows.flat().length).toBeLessThanOrEqual(100);
      seen.push(
        ...rows
          .flat()
          .filter((button) => button.callback_data.startsWith('t|'))
          .map((button) => button.text),
      );
      const next = rows.flat().find((button) => button.text === '▶');
      if (!next) {
        break;
      }
      current = Number(next.callback_data.split('|')[1]);
    }
    expect(seen).toEqual(times.map((time) => time.label));
    expect(seen).toContain('23:55');
  });

  it('shows arrows only towards pages that exist, with the range in between', () => {
    const times = day(5);
    const first = page(times, 0);
    const nav = first.at(-2)?.map((button) => button.text);
    expect(nav).toEqual(['\u2800', `00:00–${times[TIMES_PER_PAGE - 1]?.label}`, '▶']);
    const last = page(times, 99);
    expect(last.at(-2)?.map((button) => button.text)).toEqual(['◀', '20:00–23:55', '\u2800']);
    expect(last.at(-1)).toEqual(back);
  });

  it('keeps a day that fits on one page without a navigation row', () => {
    const times = day(30);
    const rows = page(times);
    expect(rows).toHaveLength(48 / 4 + 1);
    expect(rows.flat().map((button) => button.text)).not.toContain('▶');
  });

  it('opens the first page for a page number that is not one', () => {
    const times = day(5);
    expect(page(times, Number.NaN)).toEqual(page(times, 0));
    expect(page(times, -3)).toEqual(page(times, 0));
  });
});
