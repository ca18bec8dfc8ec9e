import { html } from '@booking/bot-kit';
import { isInsideCancellationWindow } from '@booking/core';
import { CB } from '../../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { bookingSummary } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { showScreen } from '../../../screen.js';
import type { StepChoice, StepView } from '../state.js';

/** What will be booked, with its price and specialist, and a Confirm button. */
export async function showConfirmStep(
  ctx: ClientContext,
  services: ClientBotServices,
  { wizard, settings, now, back, prefix }: StepView,
  { schedule, chosen, specialistName }: StepChoice,
  startsAt: Date,
): Promise<void> {
  const { service } = schedule;
  // With "any specialist" the chosen time already belongs to one person: name them.
  const slotOwner =
    chosen ?? schedule.specialists.find(({ specialist }) => specialist.id === wizard.slotStaffId);
  const summary = bookingSummary(
    ctx,
    {
      serviceName: service.name,
      staffName: slotOwner?.specialist.name ?? specialistName,
      startsAt,
      priceMinor: slotOwner?.terms.priceMinor ?? service.priceMinor,
      currency: service.currency,
    },
    settings.timeZone,
  );
  // Said before the customer confirms, not discovered when they try to cancel.
  const windowNotice = isInsideCancellationWindow(startsAt, settings.cancellationWindowHours, now)
    ? `\n\n${ctx.t('book.window_notice', { hours: settings.cancellationWindowHours })}`
    : '';
  wizard.messageId = await showScreen(
    ctx,
    `${prefix}${ctx.t('book.confirm_prompt', { summary: html(summary) })}${windowNotice}`,
    {
      inline_keyboard: [
        [button(ctx, services.codec, 'book.confirm', CB.confirm, wizard.flow)],
        back,
      ],
    },
  );
}
