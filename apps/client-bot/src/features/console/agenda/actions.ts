import { calendarKeyboard } from '@booking/bot-kit';
import {
  type Admin,
  cancelBooking,
  commentBooking,
  completeBooking,
  isAppError,
  markNoShow,
  rescheduleBooking,
} from '@booking/core';
import { DateTime } from 'luxon';
import { Composer } from 'telegraf';
import { CB } from '../../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { formatDate, label } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import { consoleAction, roleAllows } from '../access.js';
import { announceConsoleChange } from '../booking-effects.js';
import { consoleText } from '../input.js';
import { dayPickerKeyboard, timePickerKeyboard } from '../slot-picker.js';
import { consoleState } from '../state.js';
import { bookingInReach, showCard } from './card.js';
import { showAgenda } from './list.js';
import { AG, AGENDA_AREA } from './state.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;
const MAX_REASON = 500;

function asId(value: string | undefined): number {
  const id = Number(value);
  return Number.isSafeInteger(id) && id >= 0 ? id : Number.NaN;
}

/** The agenda's buttons and typed answers. */
export function agendaFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  const target = ([id]: string[]) => (id ? `booking:${id}` : undefined);

  composer.use(
    consoleAction(services, AG.view, 'staff', async (ctx, admin, [from, days, staff]) => {
      const view = { from: from ?? '', days: Number(days), staff: asId(staff) };
      if (
        !DATE.test(view.from) ||
        !(view.days >= 1 && view.days <= 31) ||
        Number.isNaN(view.staff)
      ) {
        await ack(ctx, ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      await showAgenda(ctx, services, admin, view);
    }),
  );
  composer.use(
    consoleAction(services, AG.pickDate, 'staff', async (ctx, _admin, [month, staff]) => {
      if (!month || !MONTH.test(month)) {
        await ack(ctx, ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      const start = DateTime.fromISO(`${month}-01`, { zone: 'utc' });
      const days = Array.from({ length: start.daysInMonth ?? 31 }, (_, i) => ({
        date: start.plus({ days: i }).toISODate() as string,
        status: 'free' as const,
      }));
      const today = DateTime.fromJSDate(services.now());
      await showScreen(
        ctx,
        ctx.t('agenda.pick_date_prompt'),
        calendarKeyboard({
          month,
          days,
          locale: ctx.locale,
          firstMonth: today.minus({ months: 12 }).toFormat('yyyy-MM'),
          lastMonth: today.plus({ months: 12 }).toFormat('yyyy-MM'),
          callbacks: {
            day: (date) => services.codec.encode(AG.view, date, 1, staff ?? 0),
            month: (target) => services.codec.encode(AG.pickDate, target, staff ?? 0),
            noop: () => services.codec.encode(CB.noop),
          },
        }),
      );
    }),
  );
  composer.use(
    consoleAction(
      services,
      AG.card,
      'staff',
      async (ctx, admin, [id]) => {
        const booking = await bookingInReach(ctx, services, admin, asId(id), 'agenda.card');
        if (booking) {
          await ack(ctx);
          await showCard(ctx, services, booking);
        }
      },
      target,
    ),
  );
  for (const [action, status] of [
    [AG.came, 'completed'],
    [AG.noShow, 'no_show'],
  ] as const) {
    composer.use(
      consoleAction(
        services,
        action,
        'staff',
        async (ctx, admin, [id]) => {
          const booking = await bookingInReach(ctx, services, admin, asId(id), `agenda.${status}`);
          if (!booking) {
            return;
          }
          const now = services.now();
          if (booking.status === 'confirmed' && booking.startsAt > now) {
            await ack(ctx, ctx.t('agenda.not_started'));
            return;
          }
          const change = { bookingId: booking.id, actor: actorOf(admin), now };
          const updated =
            status === 'completed'
              ? await completeBooking(ctx.scope.db, change)
              : await markNoShow(ctx.scope.db, change);
          const notice = ctx.t(
            status === 'completed' ? 'agenda.marked_came' : 'agenda.marked_no_show',
          );
          await ack(
            ctx,
            label(ctx, status === 'completed' ? 'agenda.marked_came' : 'agenda.marked_no_show'),
          );
          await showCard(ctx, services, updated, notice);
        },
        target,
      ),
    );
  }
  for (const [action, step] of [
    [AG.cancel, 'reason'],
    [AG.comment, 'comment'],
  ] as const) {
    composer.use(
      consoleAction(
        services,
        action,
        'staff',
        async (ctx, admin, [id]) => {
          const booking = await bookingInReach(ctx, services, admin, asId(id), `agenda.${step}`);
          if (!booking) {
            return;
          }
          await ack(ctx);
          const state = consoleState(ctx);
          state.agenda = { ...state.agenda, bookingId: booking.id };
          state.input = { area: AGENDA_AREA, step };
          await showScreen(
            ctx,
            ctx.t(step === 'reason' ? 'agenda.ask_reason' : 'agenda.ask_comment'),
            {
              inline_keyboard: [[button(ctx, services.codec, 'common.back', AG.card, booking.id)]],
            },
          );
        },
        target,
      ),
    );
  }
  composer.use(
    consoleText(services, AGENDA_AREA, 'staff', async (ctx, admin, step, text) => {
      const bookingId = consoleState(ctx).agenda?.bookingId;
      if (bookingId === undefined) {
        consoleState(ctx).input = undefined;
        return;
      }
      const booking = await bookingInReach(ctx, services, admin, bookingId, `agenda.${step}`);
      if (!booking) {
        return;
      }
      const { db } = ctx.scope;
      const now = services.now();
      if (step === 'reason') {
        const reason = text.trim();
        if (reason.length === 0 || reason.length > MAX_REASON) {
          await ctx.reply(ctx.t('agenda.bad_reason'));
          return;
        }
        const result = await cancelBooking(db, { bookingId, actor: actorOf(admin), reason, now });
        consoleState(ctx).input = undefined;
        await announceConsoleChange(ctx, services, {
          kind: 'cancelled',
          booking: result.booking,
          slotReleased: result.slotReleased,
        });
        await showCard(ctx, services, result.booking, ctx.t('agenda.cancelled'));
        return;
      }
      try {
        const updated = await commentBooking(db, {
          bookingId,
          comment: text,
          actor: actorOf(admin),
          now,
        });
        consoleState(ctx).input = undefined;
        await showCard(ctx, services, updated, ctx.t('agenda.commented'));
      } catch (error) {
        if (isAppError(error, 'VALIDATION')) {
          await ctx.reply(ctx.t('agenda.bad_comment'));
          return;
        }
        throw error;
      }
    }),
  );

  // Move: a day of the calendar customers see, then a time; the engine moves atomically.
  composer.use(
    consoleAction(
      services,
      AG.move,
      'staff',
      async (ctx, admin, [id, staff, month]) => {
        const booking = await bookingInReach(ctx, services, admin, asId(id), 'agenda.move');
        if (!booking) {
          return;
        }
        const staffId = movableTo(admin, booking.staffId, asId(staff));
        await ack(ctx);
        const { codec } = services;
        const schedule = await services.reads.schedule(
          ctx.scope.tenant.slug,
          ctx.scope.db,
          booking.serviceId,
        );
        const others = roleAllows(admin.role, 'admin')
          ? schedule.specialists.map(({ specialist }) => ({
              text: `${specialist.id === staffId ? '• ' : ''}${specialist.name}`.slice(0, 40),
              callback_data: codec.encode(AG.move, booking.id, specialist.id),
            }))
          : [];
        const keyboard = await dayPickerKeyboard(
          ctx,
          services,
          { serviceId: booking.serviceId, staffId, excludeBookingId: booking.id },
          month && MONTH.test(month) ? month : undefined,
          {
            day: (date) => codec.encode(AG.moveDay, booking.id, staffId, date),
            month: (target) => codec.encode(AG.move, booking.id, staffId, target),
          },
          [
            ...(others.length > 1 ? [others] : []),
            [button(ctx, codec, 'common.back', AG.card, booking.id)],
          ],
        );
        await showScreen(
          ctx,
          ctx.t('agenda.move_day', { client: booking.clientName, service: booking.serviceName }),
          keyboard,
        );
      },
      target,
    ),
  );
  composer.use(
    consoleAction(
      services,
      AG.moveDay,
      'staff',
      async (ctx, admin, [id, staff, date]) => {
        const booking = await bookingInReach(ctx, services, admin, asId(id), 'agenda.move');
        if (!booking || !date || !DATE.test(date)) {
          return;
        }
        const staffId = movableTo(admin, booking.staffId, asId(staff));
        await ack(ctx);
        const { codec } = services;
        const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
        const dateLabel = formatDate(date, settings.timeZone, ctx.locale);
        const back = [
          button(ctx, codec, 'common.back', AG.move, booking.id, staffId, date.slice(0, 7)),
        ];
        const keyboard = await timePickerKeyboard(
          ctx,
          services,
          { serviceId: booking.serviceId, staffId, excludeBookingId: booking.id },
          date,
          (minutes, slotStaff) => codec.encode(AG.moveTime, booking.id, minutes, slotStaff),
          [back],
        );
        await showScreen(
          ctx,
          keyboard
            ? ctx.t('agenda.move_time', {
                client: booking.clientName,
                service: booking.serviceName,
                date: dateLabel,
              })
            : ctx.t('agenda.move_no_times', { date: dateLabel }),
          keyboard ?? { inline_keyboard: [back] },
        );
      },
      target,
    ),
  );
  composer.use(
    consoleAction(
      services,
      AG.moveTime,
      'staff',
      async (ctx, admin, [id, minutes, staff]) => {
        const booking = await bookingInReach(ctx, services, admin, asId(id), 'agenda.move');
        if (!booking) {
          return;
        }
        const staffId = movableTo(admin, booking.staffId, asId(staff));
        const startsAt = new Date(asId(minutes) * 60_000);
        const result = await rescheduleBooking(
          ctx.scope.db,
          { bookingId: booking.id, startsAt, staffId },
          { actor: actorOf(admin), now: services.now() },
        );
        await ack(ctx);
        await announceConsoleChange(ctx, services, {
          kind: 'moved',
          booking: result.booking,
          previous: booking,
          slotReleased: result.slotReleased,
        });
        await showCard(ctx, services, result.booking, ctx.t('agenda.moved'));
      },
      target,
    ),
  );
  return composer;
}

/** The engine's actor for an admin's change. */
export function actorOf(admin: Admin) {
  return { kind: 'admin', adminId: admin.id } as const;
}

/**
 * Where a move may take a booking: owners and admins to any specialist asked for (the
 * engine checks they perform the service); staff keep it on their own schedule.
 */
function movableTo(admin: Admin, current: number, asked: number): number {
  if (!roleAllows(admin.role, 'admin') || !(asked > 0)) {
    return current;
  }
  return asked;
}
