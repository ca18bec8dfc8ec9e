import {
  type AffectedBookings,
  type Booking,
  blockTimeOff,
  listBookingsInPeriod,
  listBookingsOutsideHours,
  type SettledBookings,
  setSpecialHours,
} from '@booking/core';
import { Composer } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { formatDate, formatTime } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import { consoleAction, requireConsoleRole, requireOwnSchedule } from '../access.js';
import { announceConsoleChange } from '../booking-effects.js';
import { consoleHomeRow } from '../menu.js';
import { describeHours, describePeriod, whoLabel } from './describe.js';
import { TIME_OFF_CB, type TimeOffState, timeOffState } from './state.js';
import { stepRow } from './who.js';

/** Bookings listed on the preview; the rest are counted. */
const LISTED = 15;

/** A typed change of time, complete: what it is, for whom, and when. */
type TypedChange =
  | { mode: 'block'; staffId: number | null; startsAt: Date; endsAt: Date }
  | {
      mode: 'hours';
      staffId: number | null;
      date: string;
      intervals: NonNullable<TimeOffState['intervals']>;
    };

/** The wizard's change, once its period or hours are typed; `undefined` before. */
export function typedChange(state: TimeOffState): TypedChange | undefined {
  const staffId = state.staffId === 0 ? null : state.staffId;
  if (state.mode === 'hours') {
    return state.date && state.intervals
      ? { mode: 'hours', staffId, date: state.date, intervals: state.intervals }
      : undefined;
  }
  return state.startsAt && state.endsAt
    ? {
        mode: 'block',
        staffId,
        startsAt: new Date(state.startsAt),
        endsAt: new Date(state.endsAt),
      }
    : undefined;
}

/**
 * The bookings the change leaves out: inside a blocked period, or outside special hours.
 *
 * @throws AppError `VALIDATION` (special hours that overlap or are out of order).
 */
export function affectedBookings(ctx: ClientContext, change: TypedChange): Promise<Booking[]> {
  return change.mode === 'block'
    ? listBookingsInPeriod(ctx.scope.db, {
        staffId: change.staffId,
        from: change.startsAt,
        until: change.endsAt,
      })
    : listBookingsOutsideHours(ctx.scope.db, change);
}

/** When the change applies, as people say it. */
function describeChange(ctx: ClientContext, change: TypedChange, timeZone: string): string {
  return change.mode === 'block'
    ? describePeriod(ctx, change.startsAt, change.endsAt, timeZone)
    : `${formatDate(change.date, timeZone, ctx.locale)}: ${describeHours(ctx, change.intervals)}`;
}

/**
 * What the typed change means: the bookings it leaves out first, then the choice to
 * cancel them (each client told the reason) or keep them.
 */
export async function showPreview(
  ctx: ClientContext,
  services: ClientBotServices,
  state: TimeOffState,
  timeZone: string,
): Promise<void> {
  const { codec } = services;
  const change = typedChange(state);
  if (!change) {
    return;
  }
  const affected = await affectedBookings(ctx, change);
  const facts = {
    who: await whoLabel(ctx, state.staffId),
    period: describeChange(ctx, change, timeZone),
    reason: state.reason ?? '',
  };
  const rows: InlineKeyboardButton[][] = [];
  let text: string;
  if (affected.length === 0) {
    text = ctx.t('timeoff.preview_none', facts);
    const save = change.mode === 'block' ? 'timeoff.confirm' : 'timeoff.confirm_hours';
    rows.push([button(ctx, codec, save, TIME_OFF_CB.confirm, 'keep')]);
  } else {
    const lines = affected
      .slice(0, LISTED)
      .map(
        (booking) =>
          `• ${formatDate(booking.startsAt, timeZone, ctx.locale)} ${formatTime(booking.startsAt, timeZone)} · ${booking.clientName} · ${booking.serviceName} · ${booking.staffName}`,
      );
    if (affected.length > LISTED) {
      lines.push(`… +${affected.length - LISTED}`);
    }
    const key = change.mode === 'block' ? 'timeoff.preview' : 'timeoff.preview_hours';
    text = ctx.t(key, { ...facts, count: affected.length, list: lines.join('\n') });
    rows.push([button(ctx, codec, 'timeoff.cancel_them', TIME_OFF_CB.confirm, 'cancel')]);
    rows.push([button(ctx, codec, 'timeoff.keep_them', TIME_OFF_CB.confirm, 'keep')]);
  }
  rows.push(stepRow(ctx, services, state, 'answer'));
  await showScreen(ctx, text, { inline_keyboard: rows });
}

/**
 * Saves the change (the period blocked, or the special hours set) and settles the
 * bookings it leaves out through core's one path: cancelled, each client told the
 * reason through the deliveries queue, or kept. Ends the wizard with what was done.
 */
export async function saveChange(
  ctx: ClientContext,
  services: ClientBotServices,
  adminId: number,
  state: TimeOffState,
  choice: AffectedBookings,
): Promise<void> {
  const change = typedChange(state);
  if (!change) {
    return;
  }
  const { tenant, db } = ctx.scope;
  const { timeZone } = await services.reads.settings(tenant.slug, db);
  const now = services.now();
  const reason = state.reason ?? '';
  let headline: string;
  let settled: SettledBookings;
  if (change.mode === 'block') {
    const result = await blockTimeOff(db, {
      staffId: change.staffId,
      startsAt: change.startsAt,
      endsAt: change.endsAt,
      reason,
      adminId,
      bookings: choice,
      now,
    });
    settled = result;
    headline = ctx.t('timeoff.done', {
      who: await whoLabel(ctx, result.period.staffId),
      period: describePeriod(ctx, result.period.startsAt, result.period.endsAt, timeZone),
    });
  } else {
    const result = await setSpecialHours(
      db,
      {
        staffId: change.staffId,
        date: change.date,
        intervals: change.intervals,
        adminId,
        bookings: choice,
        reason,
      },
      now,
    );
    settled = result;
    headline = ctx.t('timeoff.hours_done', {
      who: await whoLabel(ctx, result.override.staffId),
      date: formatDate(result.override.date, timeZone, ctx.locale),
      hours: describeHours(ctx, result.override.intervals),
    });
  }
  if (ctx.session.console) {
    ctx.session.console.timeOff = undefined;
    ctx.session.console.input = undefined;
  }
  // Each cancelled booking is followed up as any console cancellation: reminders
  // forgotten, the client told the reason through the deliveries queue.
  await Promise.all(
    settled.cancelled.map((booking, index) =>
      announceConsoleChange(ctx, services, {
        kind: 'cancelled',
        booking,
        slotReleased: settled.slotReleased && index === 0,
      }),
    ),
  );
  const lines = [headline];
  if (settled.cancelled.length > 0) {
    lines.push(ctx.t('timeoff.done_cancelled', { count: settled.cancelled.length }));
  }
  if (settled.kept.length > 0) {
    lines.push(ctx.t('timeoff.done_kept', { count: settled.kept.length }));
  }
  await showScreen(ctx, lines.join('\n'), {
    inline_keyboard: [
      [button(ctx, services.codec, 'timeoff.section', TIME_OFF_CB.home)],
      consoleHomeRow(ctx, services),
    ],
  });
}

/** The preview's choice: save the change, cancelling or keeping the bookings it leaves out. */
export function confirmFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  composer.use(
    consoleAction(services, TIME_OFF_CB.confirm, 'staff', async (ctx, admin, [choice]) => {
      const state = timeOffState(ctx);
      if (!state || !typedChange(state) || state.reason === undefined) {
        await ack(ctx, ctx.t('button.outdated'));
        return;
      }
      const attempt = {
        action: `console.${TIME_OFF_CB.confirm}`,
        target: `staff:${state.staffId}`,
      };
      const allowed =
        state.staffId === 0
          ? (await requireConsoleRole(ctx, services, 'admin', attempt)) !== undefined
          : await requireOwnSchedule(ctx, services, admin, state.staffId, attempt);
      if (!allowed) {
        return;
      }
      await ack(ctx);
      await saveChange(ctx, services, admin.id, state, choice === 'cancel' ? 'cancel' : 'keep');
    }),
  );
  return composer;
}
