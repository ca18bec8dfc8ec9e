import { getSpecialist } from '@booking/core';
import { DateTime } from 'luxon';
import type { ClientContext } from '../../../context.js';
import { formatDate, formatTime, label } from '../../../format.js';

/** Whom a time-off applies to: a specialist's name, or "Whole business". */
export async function whoLabel(ctx: ClientContext, staffId: number | null): Promise<string> {
  if (staffId === null || staffId === 0) {
    return label(ctx, 'timeoff.business');
  }
  return (await getSpecialist(ctx.scope.db, staffId)).name;
}

/** A period as people say it: `Mon, 5 January` to `Fri, 9 January`, or one day's hours. */
export function describePeriod(
  ctx: ClientContext,
  startsAt: Date,
  endsAt: Date,
  zone: string,
): string {
  const from = DateTime.fromJSDate(startsAt, { zone });
  const until = DateTime.fromJSDate(endsAt, { zone });
  const wholeDays = from.equals(from.startOf('day')) && until.equals(until.startOf('day'));
  if (wholeDays) {
    const last = until.minus({ days: 1 }).toJSDate();
    const first = formatDate(startsAt, zone, ctx.locale);
    return last.getTime() === from.toJSDate().getTime()
      ? first
      : `${first} – ${formatDate(last, zone, ctx.locale)}`;
  }
  const day = formatDate(startsAt, zone, ctx.locale);
  return `${day} ${formatTime(startsAt, zone)}–${formatTime(endsAt, zone)}`;
}

/** Hours of a day as people read them: `10:00–13:00, 14:00–18:00`, or "closed". */
export function describeHours(
  ctx: ClientContext,
  intervals: ReadonlyArray<{ start: string; end: string }>,
): string {
  return intervals.length === 0
    ? ctx.t('timeoff.closed')
    : intervals.map((interval) => `${interval.start}–${interval.end}`).join(', ');
}
