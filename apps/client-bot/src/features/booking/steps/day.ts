import { calendarKeyboard } from '@booking/bot-kit';
import { addDays, getMonthSummary, localDateIn } from '@booking/core';
import { CB } from '../../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { showScreen } from '../../../screen.js';
import type { StepChoice, StepView } from '../state.js';

/** A month's calendar within the booking horizon, each day open, full or closed. */
export async function showDayStep(
  ctx: ClientContext,
  services: ClientBotServices,
  { wizard, settings, now, back, prefix }: StepView,
  { schedule, specialistName, staffId }: StepChoice,
): Promise<void> {
  const { codec } = services;
  const { service } = schedule;
  const today = localDateIn(settings.timeZone, now.getTime());
  const firstMonth = today.slice(0, 7);
  const lastMonth = addDays(today, settings.bookingHorizonDays).slice(0, 7);
  const month =
    wizard.month && wizard.month >= firstMonth && wizard.month <= lastMonth
      ? wizard.month
      : firstMonth;
  wizard.month = month;
  // When moving a booking, its own time is free for the move.
  const exclude = { excludeBookingId: wizard.rescheduleBookingId };
  const days = await getMonthSummary(
    ctx.scope.db,
    { serviceId: service.id, staffId, month },
    now,
    exclude,
  );
  const keyboard = calendarKeyboard({
    month,
    days,
    locale: ctx.locale,
    firstMonth,
    lastMonth,
    callbacks: {
      day: (date) => codec.encode(CB.day, wizard.flow, date),
      month: (target) => codec.encode(CB.month, wizard.flow, target),
      noop: () => codec.encode(CB.noop),
      closed: () => codec.encode(CB.closedDay),
    },
    extraRows: [back],
  });
  wizard.messageId = await showScreen(
    ctx,
    `${prefix}${ctx.t('book.choose_day', { service: service.name, specialist: specialistName })}`,
    keyboard,
  );
}
