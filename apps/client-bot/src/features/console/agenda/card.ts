import { html } from '@booking/bot-kit';
import {
  type Admin,
  type Booking,
  formatPhone,
  getBooking,
  getClient,
  listClientBookings,
  phoneRegionOf,
} from '@booking/core';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { bookingSummary } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { showScreen } from '../../../screen.js';
import { requireOwnSchedule } from '../access.js';
import { consoleHomeRow } from '../menu.js';
import { consoleState } from '../state.js';
import { todayView } from './list.js';
import { AG } from './state.js';

/**
 * The booking `bookingId` when `admin` may act on it (staff: their own specialist's);
 * otherwise refused and audited (see `requireOwnSchedule`), `undefined`.
 */
export async function bookingInReach(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  bookingId: number,
  action: string,
): Promise<Booking | undefined> {
  const booking = await getBooking(ctx.scope.db, bookingId);
  const allowed = await requireOwnSchedule(ctx, services, admin, booking.staffId, {
    action: `console.${action}`,
    target: `booking:${booking.id}`,
  });
  return allowed ? booking : undefined;
}

/**
 * A booking's card: the client's name, phone and visit count, the booking's summary,
 * status and comment, with the actions its status allows. `notice` is a line above it
 * (what the last action did).
 */
export async function showCard(
  ctx: ClientContext,
  services: ClientBotServices,
  booking: Booking,
  notice?: string,
): Promise<void> {
  const { db, tenant } = ctx.scope;
  const { codec } = services;
  const settings = await services.reads.settings(tenant.slug, db);
  const [client, history] = await Promise.all([
    getClient(db, booking.clientId),
    listClientBookings(db, { clientId: booking.clientId, upcoming: false, limit: 500 }),
  ]);
  const visits = history.filter((entry) => entry.status === 'completed').length;
  const text = ctx.t('agenda.card', {
    client: client.name,
    phone: client.phone
      ? formatPhone(client.phone, phoneRegionOf(settings))
      : ctx.t('agenda.no_phone'),
    visits,
    summary: html(bookingSummary(ctx, booking, settings.timeZone)),
    status: ctx.t(`agenda.status.${booking.status}`),
    comment: booking.comment || ctx.t('agenda.no_comment'),
  });
  const rows = [];
  if (booking.status === 'confirmed') {
    rows.push(
      [
        button(ctx, codec, 'agenda.came', AG.came, booking.id),
        button(ctx, codec, 'agenda.no_show', AG.noShow, booking.id),
      ],
      [
        button(ctx, codec, 'agenda.move', AG.move, booking.id),
        button(ctx, codec, 'agenda.cancel', AG.cancel, booking.id),
      ],
    );
  }
  rows.push([button(ctx, codec, 'agenda.comment', AG.comment, booking.id)]);
  const view = consoleState(ctx).agenda?.view ?? (await todayView(ctx, services));
  rows.push([
    button(ctx, codec, 'agenda.back_to_list', AG.view, view.from, view.days, view.staff),
    ...consoleHomeRow(ctx, services),
  ]);
  await showScreen(ctx, notice ? `${notice}\n\n${text}` : text, { inline_keyboard: rows });
}
