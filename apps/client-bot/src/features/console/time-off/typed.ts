import {
  type DateOverride,
  isAppError,
  listBookingsInPeriod,
  minutesOfDay,
  setSpecialHours,
} from '@booking/core';
import { DateTime } from 'luxon';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { formatDate, formatTime } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { showScreen } from '../../../screen.js';
import { consoleText } from '../index.js';
import { consoleHomeRow } from '../menu.js';
import { showPreview } from './confirm.js';
import { whoLabel } from './describe.js';
import { parsePeriod, parseSpecialHours } from './period.js';
import { TIME_OFF_AREA, TIME_OFF_CB, timeOffState } from './state.js';
import { stepRow } from './who.js';

const REASON_MAX_LENGTH = 200;

/**
 * The bookings of a date with special hours that fall outside them (kept: the admin
 * sees them and acts in the agenda), one line each.
 */
async function bookingsOutside(
  ctx: ClientContext,
  override: DateOverride,
  timeZone: string,
): Promise<string[]> {
  const day = DateTime.fromISO(override.date, { zone: timeZone });
  const bookings = await listBookingsInPeriod(ctx.scope.db, {
    staffId: override.staffId,
    from: day.toJSDate(),
    until: day.plus({ days: 1 }).toJSDate(),
  });
  const minutes = (instant: Date) => {
    const local = DateTime.fromJSDate(instant, { zone: timeZone });
    return local.hasSame(day, 'day') ? local.hour * 60 + local.minute : 24 * 60;
  };
  return bookings
    .filter(
      (booking) =>
        !override.intervals.some(
          (interval) =>
            minutesOfDay(interval.start) <= minutes(booking.startsAt) &&
            minutes(booking.endsAt) <= minutesOfDay(interval.end),
        ),
    )
    .map(
      (booking) =>
        `• ${formatTime(booking.startsAt, timeZone)} · ${booking.clientName} · ${booking.serviceName} · ${booking.staffName}`,
    );
}

/** The typed answers of the wizard: the period, its reason, special hours. */
export function typedFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  composer.use(
    consoleText(services, TIME_OFF_AREA, 'staff', async (ctx, admin, step, text) => {
      const state = timeOffState(ctx);
      const console = ctx.session.console;
      if (!state || !console) {
        return;
      }
      const { timeZone } = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
      const retry = { inline_keyboard: [stepRow(ctx, services)] };
      switch (step) {
        case 'period': {
          const period = parsePeriod(text, timeZone, services.now());
          if (!period) {
            await showScreen(ctx, ctx.t('timeoff.bad_period'), retry);
            return;
          }
          state.startsAt = period.startsAt.toISOString();
          state.endsAt = period.endsAt.toISOString();
          console.input = { area: TIME_OFF_AREA, step: 'reason' };
          await showScreen(ctx, ctx.t('timeoff.ask_reason'), retry);
          return;
        }
        case 'reason': {
          const reason = text.trim().replace(/\s+/g, ' ');
          if (reason.length === 0 || reason.length > REASON_MAX_LENGTH) {
            await showScreen(ctx, ctx.t('timeoff.bad_reason'), retry);
            return;
          }
          state.reason = reason;
          console.input = undefined;
          await showPreview(ctx, services, state, timeZone);
          return;
        }
        case 'hours': {
          const hours = parseSpecialHours(text, timeZone, services.now());
          const saved =
            hours &&
            (await setSpecialHours(
              ctx.scope.db,
              { staffId: state.staffId === 0 ? null : state.staffId, ...hours, adminId: admin.id },
              services.now(),
            ).catch((error: unknown) => {
              if (isAppError(error, 'VALIDATION')) {
                return undefined;
              }
              throw error;
            }));
          if (!saved) {
            await showScreen(ctx, ctx.t('timeoff.bad_hours'), retry);
            return;
          }
          console.input = undefined;
          console.timeOff = undefined;
          const outside = await bookingsOutside(ctx, saved, timeZone);
          await showScreen(
            ctx,
            [
              ctx.t('timeoff.hours_done', {
                who: await whoLabel(ctx, saved.staffId),
                date: formatDate(saved.date, timeZone, ctx.locale),
                hours:
                  saved.intervals.length === 0
                    ? ctx.t('timeoff.closed')
                    : saved.intervals
                        .map((interval) => `${interval.start}–${interval.end}`)
                        .join(', '),
              }),
              ...(outside.length > 0
                ? [ctx.t('timeoff.outside_kept', { list: outside.join('\n') })]
                : []),
            ].join('\n\n'),
            {
              inline_keyboard: [
                [button(ctx, services.codec, 'timeoff.section', TIME_OFF_CB.home)],
                consoleHomeRow(ctx, services),
              ],
            },
          );
          return;
        }
      }
    }),
  );
  return composer;
}
