import { calendarKeyboard, timeGridKeyboard } from '@booking/bot-kit';
import {
  ANY_SPECIALIST,
  addDays,
  getAvailableSlots,
  getMonthSummary,
  localDateIn,
  type SpecialistChoice,
} from '@booking/core';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import { CB } from '../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { formatTime } from '../../format.js';

/**
 * What the console books or moves: the same calendar and time grid customers use (core's
 * availability, bot-kit's keyboards), so the team sees the times a customer would.
 */
export interface SlotQuery {
  serviceId: number;
  staffId: SpecialistChoice;
  /** A booking being moved: its own time counts as free. */
  excludeBookingId?: number;
}

/** The month calendar of `query`, opening at `month` (default: today's). */
export async function dayPickerKeyboard(
  ctx: ClientContext,
  services: ClientBotServices,
  query: SlotQuery,
  month: string | undefined,
  callbacks: { day(date: string): string; month(month: string): string },
  extraRows: InlineKeyboardButton[][],
): Promise<InlineKeyboardMarkup> {
  const { db, tenant } = ctx.scope;
  const now = services.now();
  const settings = await services.reads.settings(tenant.slug, db);
  const today = localDateIn(settings.timeZone, now.getTime());
  const firstMonth = today.slice(0, 7);
  const lastMonth = addDays(today, settings.bookingHorizonDays).slice(0, 7);
  const shown = month && month >= firstMonth && month <= lastMonth ? month : firstMonth;
  const days = await getMonthSummary(
    db,
    { serviceId: query.serviceId, staffId: query.staffId, month: shown },
    now,
    { excludeBookingId: query.excludeBookingId },
  );
  return calendarKeyboard({
    month: shown,
    days,
    locale: ctx.locale,
    firstMonth,
    lastMonth,
    callbacks: {
      day: callbacks.day,
      month: callbacks.month,
      noop: () => services.codec.encode(CB.noop),
    },
    extraRows,
  });
}

/**
 * The free times of `query` on `date`, or `undefined` when there are none. `time` builds
 * a time's callback data from its start (minutes since the epoch) and specialist.
 */
export async function timePickerKeyboard(
  ctx: ClientContext,
  services: ClientBotServices,
  query: SlotQuery,
  date: string,
  time: (epochMinutes: number, staffId: number) => string,
  extraRows: InlineKeyboardButton[][],
): Promise<InlineKeyboardMarkup | undefined> {
  const { db, tenant } = ctx.scope;
  const settings = await services.reads.settings(tenant.slug, db);
  const available = await getAvailableSlots(
    db,
    { serviceId: query.serviceId, staffId: query.staffId, from: date, to: date },
    services.now(),
    { excludeBookingId: query.excludeBookingId },
  );
  const times =
    query.staffId === ANY_SPECIALIST
      ? available.times.map((slot) => ({
          startsAt: slot.startsAt,
          staffId: slot.staffIds[0] as number,
        }))
      : available.slots.map((slot) => ({ startsAt: slot.startsAt, staffId: slot.staffId }));
  if (times.length === 0) {
    return undefined;
  }
  return timeGridKeyboard(
    times.map((slot) => ({
      label: formatTime(slot.startsAt, settings.timeZone),
      callbackData: time(Math.round(slot.startsAt.getTime() / 60_000), slot.staffId),
    })),
    {
      callbacks: {
        page: () => services.codec.encode(CB.noop),
        noop: () => services.codec.encode(CB.noop),
      },
      extraRows,
    },
  );
}
