import { timeGridKeyboard } from '@booking/bot-kit';
import { ANY_SPECIALIST, getAvailableSlots } from '@booking/core';
import { CB } from '../../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { formatDate, formatTime } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { showScreen } from '../../../screen.js';
import type { StepChoice, StepView } from '../state.js';

/**
 * The free times of the chosen day, paged; a full day offers the waitlist instead.
 * With any specialist each time goes to the first one free then.
 */
export async function showTimeStep(
  ctx: ClientContext,
  services: ClientBotServices,
  { wizard, settings, now, back, prefix }: StepView,
  { schedule, specialistName, staffId }: StepChoice,
  date: string,
): Promise<void> {
  const { codec } = services;
  const { service } = schedule;
  const zone = settings.timeZone;
  const dateLabel = formatDate(date, zone, ctx.locale);
  const available = await getAvailableSlots(
    ctx.scope.db,
    { serviceId: service.id, staffId, from: date, to: date },
    now,
    { excludeBookingId: wizard.rescheduleBookingId },
  );
  const times =
    staffId === ANY_SPECIALIST
      ? available.times.map((time) => ({
          startsAt: time.startsAt,
          staffId: time.staffIds[0] as number,
        }))
      : available.slots.map((slot) => ({ startsAt: slot.startsAt, staffId: slot.staffId }));
  if (times.length === 0) {
    wizard.messageId = await showScreen(
      ctx,
      `${prefix}${ctx.t('book.day_full', { date: dateLabel, service: service.name })}`,
      {
        inline_keyboard: [
          [button(ctx, codec, 'book.join_waitlist', CB.joinWaitlist, wizard.flow)],
          back,
        ],
      },
    );
    return;
  }
  const keyboard = timeGridKeyboard(
    times.map((time) => ({
      label: formatTime(time.startsAt, zone),
      callbackData: codec.encode(
        CB.time,
        wizard.flow,
        Math.round(time.startsAt.getTime() / 60_000),
        time.staffId,
      ),
    })),
    {
      page: wizard.timePage,
      callbacks: {
        page: (page) => codec.encode(CB.timePage, wizard.flow, page),
        noop: () => codec.encode(CB.noop),
      },
      extraRows: [back],
    },
  );
  wizard.messageId = await showScreen(
    ctx,
    `${prefix}${ctx.t('book.choose_time', { service: service.name, specialist: specialistName, date: dateLabel })}`,
    keyboard,
  );
}
