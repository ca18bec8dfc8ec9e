import { blockTimeOff, listBookingsInPeriod } from '@booking/core';
import { Composer } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { formatDate, formatTime } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import { consoleAction, requireConsoleRole, requireOwnSchedule } from '../access.js';
import { announceConsoleChange } from '../booking-effects.js';
import { consoleHomeRow } from '../menu.js';
import { describePeriod, whoLabel } from './describe.js';
import { TIME_OFF_CB, type TimeOffState, timeOffState } from './state.js';
import { stepRow } from './who.js';

/** Bookings listed on the preview; the rest are counted. */
const LISTED = 15;

/**
 * What blocking the typed period means: the bookings inside it first, then the choice
 * to cancel them (each client told) or keep them.
 */
export async function showPreview(
  ctx: ClientContext,
  services: ClientBotServices,
  state: TimeOffState,
  timeZone: string,
): Promise<void> {
  const { codec } = services;
  const startsAt = new Date(state.startsAt ?? 0);
  const endsAt = new Date(state.endsAt ?? 0);
  const inside = await listBookingsInPeriod(ctx.scope.db, {
    staffId: state.staffId === 0 ? null : state.staffId,
    from: startsAt,
    until: endsAt,
  });
  const facts = {
    who: await whoLabel(ctx, state.staffId),
    period: describePeriod(ctx, startsAt, endsAt, timeZone),
    reason: state.reason ?? '',
  };
  const rows: InlineKeyboardButton[][] = [];
  let text: string;
  if (inside.length === 0) {
    text = ctx.t('timeoff.preview_none', facts);
    rows.push([button(ctx, codec, 'timeoff.confirm', TIME_OFF_CB.confirm, 'keep')]);
  } else {
    const lines = inside
      .slice(0, LISTED)
      .map(
        (booking) =>
          `• ${formatDate(booking.startsAt, timeZone, ctx.locale)} ${formatTime(booking.startsAt, timeZone)} · ${booking.clientName} · ${booking.serviceName} · ${booking.staffName}`,
      );
    if (inside.length > LISTED) {
      lines.push(`… +${inside.length - LISTED}`);
    }
    text = ctx.t('timeoff.preview', { ...facts, count: inside.length, list: lines.join('\n') });
    rows.push([button(ctx, codec, 'timeoff.cancel_them', TIME_OFF_CB.confirm, 'cancel')]);
    rows.push([button(ctx, codec, 'timeoff.keep_them', TIME_OFF_CB.confirm, 'keep')]);
  }
  rows.push(stepRow(ctx, services));
  await showScreen(ctx, text, { inline_keyboard: rows });
}

/** Blocks the period: bookings inside cancelled (clients told through the queue) or kept. */
export function confirmFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  composer.use(
    consoleAction(services, TIME_OFF_CB.confirm, 'staff', async (ctx, admin, [choice]) => {
      const state = timeOffState(ctx);
      if (!state?.startsAt || !state.endsAt || state.reason === undefined) {
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
      const { tenant, db } = ctx.scope;
      const settings = await services.reads.settings(tenant.slug, db);
      const result = await blockTimeOff(db, {
        staffId: state.staffId === 0 ? null : state.staffId,
        startsAt: new Date(state.startsAt),
        endsAt: new Date(state.endsAt),
        reason: state.reason,
        adminId: admin.id,
        bookings: choice === 'cancel' ? 'cancel' : 'keep',
        now: services.now(),
      });
      if (ctx.session.console) {
        ctx.session.console.timeOff = undefined;
      }
      // Each cancelled booking is followed up as any console cancellation: reminders
      // forgotten, the client told the reason through the deliveries queue.
      await Promise.all(
        result.cancelled.map((booking, index) =>
          announceConsoleChange(ctx, services, {
            kind: 'cancelled',
            booking,
            slotReleased: result.slotReleased && index === 0,
          }),
        ),
      );
      const lines = [
        ctx.t('timeoff.done', {
          who: await whoLabel(ctx, result.period.staffId),
          period: describePeriod(
            ctx,
            result.period.startsAt,
            result.period.endsAt,
            settings.timeZone,
          ),
        }),
      ];
      if (result.cancelled.length > 0) {
        lines.push(ctx.t('timeoff.done_cancelled', { count: result.cancelled.length }));
      }
      if (result.kept.length > 0) {
        lines.push(ctx.t('timeoff.done_kept', { count: result.kept.length }));
      }
      await showScreen(ctx, lines.join('\n'), {
        inline_keyboard: [
          [button(ctx, services.codec, 'timeoff.section', TIME_OFF_CB.home)],
          consoleHomeRow(ctx, services),
        ],
      });
    }),
  );
  return composer;
}
