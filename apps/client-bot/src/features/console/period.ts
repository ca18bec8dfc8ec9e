import type { CallbackCodec } from '@booking/bot-kit';
import { DateTime } from 'luxon';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { Speaker } from '../../format.js';
import { button } from '../../keyboards.js';

/** A report's period: local dates, both included. */
export interface Period {
  from: string;
  to: string;
}

/** The periods offered as buttons, by their callback argument. */
export const PERIOD_PRESETS = ['week', 'month', 'prev', 'd30'] as const;
/** One of {@link PERIOD_PRESETS}. */
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** The dates of `preset` around `now` in the business's zone. */
export function presetPeriod(preset: PeriodPreset, now: Date, timeZone: string): Period {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const span = (from: DateTime, to: DateTime): Period => ({
    from: from.toFormat('yyyy-MM-dd'),
    to: to.toFormat('yyyy-MM-dd'),
  });
  switch (preset) {
    case 'week':
      return span(today.startOf('week'), today.endOf('week'));
    case 'month':
      return span(today.startOf('month'), today.endOf('month'));
    case 'prev': {
      const previous = today.minus({ months: 1 });
      return span(previous.startOf('month'), previous.endOf('month'));
    }
    case 'd30':
      return span(today.minus({ days: 29 }), today);
  }
}

/** Whether `value` names a preset. */
export function isPeriodPreset(value: string | undefined): value is PeriodPreset {
  return (PERIOD_PRESETS as readonly string[]).includes(value ?? '');
}

/**
 * A period typed as two dates, `2030-04-01 2030-04-30` or `01.04.2030 30.04.2030` (a
 * dash or a space between them); one date is a one-day period. Undefined when it is
 * not that (the range's own limits are core's to check).
 */
export function parseTypedPeriod(text: string): Period | undefined {
  const parts = text
    .trim()
    .split(/\s*(?:\s|–|—|-(?=\s)|\s-)\s*/)
    .filter(Boolean);
  if (parts.length < 1 || parts.length > 2) {
    return undefined;
  }
  const dates = parts.map((part) => {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(part)
      ? DateTime.fromISO(part, { zone: 'utc' })
      : DateTime.fromFormat(part, 'd.M.yyyy', { zone: 'utc' });
    return date.isValid ? date.toFormat('yyyy-MM-dd') : undefined;
  });
  const [from, to = from] = dates;
  return from && to ? { from, to } : undefined;
}

/** The preset buttons, two per row, each pressing `action` with its preset. */
export function periodRows(
  ctx: Speaker,
  codec: CallbackCodec,
  action: string,
): InlineKeyboardButton[][] {
  return [
    [
      button(ctx, codec, 'console.period.week', action, 'week'),
      button(ctx, codec, 'console.period.month', action, 'month'),
    ],
    [
      button(ctx, codec, 'console.period.prev', action, 'prev'),
      button(ctx, codec, 'console.period.d30', action, 'd30'),
    ],
  ];
}
