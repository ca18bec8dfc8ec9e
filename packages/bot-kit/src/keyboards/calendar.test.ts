import type { InlineKeyboardButton } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import { calendarKeyboard, shiftMonth } from './calendar.js';

const data = (b: InlineKeyboardButton) => ('callback_data' in b ? b.callback_data : undefined);

const callbacks = {
  day: (date: string) => `d:${date}`,
  month: (month: string) => `m:${month}`,
  noop: () => 'noop',
};

describe('calendarKeyboard', () => {
  it('lays out a month from Monday with a marker per day status', () => {
    const keyboard = calendarKeyboard({
      month: '2026-11',
      days: [
        { date: '2026-11-01', status: 'past' },
        { date: '2026-11-23', status: 'free' },
        { date: '2026-11-24', status: 'few' },
        { date: '2026-11-25', status: 'full' },
        { date: '2026-11-26', status: 'closed' },
      ],
      locale: 'en',
      firstMonth: '2026-11',
      lastMonth: '2026-12',
      callbacks,
    });
    const rows = keyboard.inline_keyboard;
    const title = rows[0]?.map((b) => b.text);
    expect(title).toEqual(['\u2800', 'November 2026', '▶']);
    expect(rows[1]?.map((b) => b.text)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    // 1 November 2026 is a Sunday: six empty cells, then the past day.
    expect(rows[2]?.map((b) => b.text)).toEqual(Array(7).fill('\u2800'));
    // No button is blank: Telegram rejects those.
    expect(rows.flat().every((b) => b.text.trim() !== '')).toBe(true);
    const cells = rows.slice(2).flat();
    const cell = (text: string) => cells.find((b) => b.text === text);
    expect(cell('23')).toMatchObject({ callback_data: 'd:2026-11-23' });
    expect(cell('24•')).toMatchObject({ callback_data: 'd:2026-11-24' });
    expect(cell('25✕')).toMatchObject({ callback_data: 'd:2026-11-25' });
    // A day missing from the summary is closed too; without a closed callback they do nothing.
    const closed = cells.filter((b) => b.text === '—');
    expect(closed).toHaveLength(26);
    expect(closed.every((b) => data(b) === 'noop')).toBe(true);
    // A closed day's mark cannot be taken for the "few times left" dot.
    expect(cells.some((b) => b.text.includes('·'))).toBe(false);
    expect(rows.every((row) => row.length === 3 || row.length === 7)).toBe(true);
    expect(rows.flat().length).toBeLessThanOrEqual(100);
  });

  it('gives closed days their own callback when asked to', () => {
    const keyboard = calendarKeyboard({
      month: '2026-11',
      days: [
        { date: '2026-11-23', status: 'free' },
        { date: '2026-11-24', status: 'closed' },
        { date: '2026-11-25', status: 'past' },
      ],
      locale: 'en',
      firstMonth: '2026-11',
      lastMonth: '2026-11',
      callbacks: { ...callbacks, closed: (date) => `x:${date}` },
    });
    const cells = keyboard.inline_keyboard.slice(2).flat();
    expect(cells.filter((b) => data(b) === 'x:2026-11-24')).toHaveLength(1);
    expect(cells.filter((b) => data(b)?.startsWith('x:'))).toHaveLength(28);
    expect(cells.find((b) => data(b) === 'd:2026-11-23')?.text).toBe('23');
  });

  it('limits navigation to the allowed months and speaks the locale', () => {
    const keyboard = calendarKeyboard({
      month: '2026-12',
      days: [],
      locale: 'ru',
      firstMonth: '2026-11',
      lastMonth: '2026-12',
      callbacks,
    });
    const [previous, title, next] = keyboard.inline_keyboard[0] ?? [];
    expect(previous).toMatchObject({ text: '◀', callback_data: 'm:2026-11' });
    expect(title?.text).toMatch(/^Декабрь 2026/);
    expect(next).toMatchObject({ text: '\u2800', callback_data: 'noop' });
  });

  it('shifts months across years', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2027-01', -1)).toBe('2026-12');
  });
});
