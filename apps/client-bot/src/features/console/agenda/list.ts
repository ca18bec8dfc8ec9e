import {
  type Admin,
  addDays,
  type Booking,
  listBookings,
  listSpecialists,
  localDateIn,
} from '@booking/core';
import { DateTime } from 'luxon';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { formatDate, formatTime, label } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { showScreen } from '../../../screen.js';
import { ownScheduleOf } from '../access.js';
import { consoleHomeRow } from '../menu.js';
import { consoleState } from '../state.js';
import { AG, type AgendaView } from './state.js';

/** Bookings a list shows at most (each is a button; Telegram limits a keyboard). */
const MAX_LISTED = 40;

const STATUS_MARK: Record<Booking['status'], string> = {
  confirmed: '',
  completed: '✅ ',
  no_show: '🚫 ',
  cancelled: '',
};

/** Today's list in the business's zone, of everyone (or, for staff, their own). */
export async function todayView(
  ctx: ClientContext,
  services: ClientBotServices,
): Promise<AgendaView> {
  const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
  return { from: localDateIn(settings.timeZone, services.now().getTime()), days: 1, staff: 0 };
}

/**
 * The agenda: one line per booking (time, client, service; the specialist when all are
 * shown), a button per booking to its card, and buttons for the period and specialist.
 * Staff see their own schedule, whatever the view asks.
 */
export async function showAgenda(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  requested: AgendaView,
): Promise<void> {
  const { db, tenant } = ctx.scope;
  const { codec } = services;
  const own = ownScheduleOf(admin);
  const view = { ...requested, staff: own ?? requested.staff };
  consoleState(ctx).agenda = { view };
  const settings = await services.reads.settings(tenant.slug, db);
  const zone = settings.timeZone;
  const start = DateTime.fromISO(view.from, { zone }).startOf('day');
  const bookings = await listBookings(db, {
    from: start.toJSDate(),
    until: start.plus({ days: view.days }).toJSDate(),
    staffId: view.staff || undefined,
    statuses: ['confirmed', 'completed', 'no_show'],
    limit: 500,
  });
  const specialists = await listSpecialists(db);
  const staffName = specialists.find((specialist) => specialist.id === view.staff)?.name;
  const today = localDateIn(zone, services.now().getTime());
  const period =
    view.days > 1
      ? `${formatDate(view.from, zone, ctx.locale)} – ${formatDate(addDays(view.from, view.days - 1), zone, ctx.locale)}`
      : view.from === today
        ? `${label(ctx, 'agenda.today')}, ${formatDate(view.from, zone, ctx.locale)}`
        : formatDate(view.from, zone, ctx.locale);
  const lines = [ctx.t('agenda.title', { period, who: staffName ?? ctx.t('agenda.all') }), ''];
  let day = '';
  for (const booking of bookings) {
    const date = localDateIn(zone, booking.startsAt.getTime());
    if (view.days > 1 && date !== day) {
      day = date;
      lines.push(`<b>${formatDate(date, zone, ctx.locale)}</b>`);
    }
    lines.push(
      ctx.t('agenda.line', {
        time: formatTime(booking.startsAt, zone),
        mark: STATUS_MARK[booking.status],
        client: booking.clientName,
        service: booking.serviceName,
        specialist: view.staff ? '' : ` · ${booking.staffName}`,
      }),
    );
  }
  if (bookings.length === 0) {
    lines.push(ctx.t('agenda.empty'));
  }
  const listed = bookings.slice(0, MAX_LISTED);
  if (bookings.length > listed.length) {
    lines.push('', ctx.t('agenda.more', { n: bookings.length - listed.length }));
  }
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < listed.length; i += 2) {
    rows.push(
      listed.slice(i, i + 2).map((booking) => ({
        text: `${formatTime(booking.startsAt, zone)} ${booking.clientName}`.slice(0, 60),
        callback_data: codec.encode(AG.card, booking.id),
      })),
    );
  }
  const tomorrow = addDays(today, 1);
  rows.push([
    button(ctx, codec, 'agenda.today', AG.view, today, 1, view.staff),
    button(ctx, codec, 'agenda.tomorrow', AG.view, tomorrow, 1, view.staff),
    button(ctx, codec, 'agenda.week', AG.view, today, 7, view.staff),
    button(ctx, codec, 'agenda.pick_date', AG.pickDate, today.slice(0, 7), view.staff),
  ]);
  if (own === undefined && specialists.length > 1) {
    const choices = [
      { id: 0, name: label(ctx, 'agenda.all') },
      ...specialists.map(({ id, name }) => ({ id, name })),
    ];
    for (let i = 0; i < choices.length; i += 3) {
      rows.push(
        choices.slice(i, i + 3).map((choice) => ({
          text: `${choice.id === view.staff ? '• ' : ''}${choice.name}`.slice(0, 40),
          callback_data: codec.encode(AG.view, view.from, view.days, choice.id),
        })),
      );
    }
  }
  rows.push(consoleHomeRow(ctx, services));
  await showScreen(ctx, lines.join('\n'), { inline_keyboard: rows });
}
