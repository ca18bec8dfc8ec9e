import { html } from '@booking/bot-kit';
import type { Booking } from '@booking/core';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { bookingSummary } from '../../format.js';
import { renderWizard } from './render.js';
import type { Wizard } from './state.js';

/** Options of {@link startWizard}. */
export interface StartWizardOptions {
  serviceId?: number;
  /** Move this booking instead of creating one: the wizard opens at its calendar. */
  reschedule?: Booking;
}

/**
 * Opens the booking wizard: service, specialist (or any), day, time, confirmation.
 * Each step edits the same message; its buttons carry the wizard's flow number, so a
 * button of an older wizard is recognised as outdated.
 */
export async function startWizard(
  ctx: ClientContext,
  services: ClientBotServices,
  options: StartWizardOptions = {},
): Promise<void> {
  const flow = ctx.session.nextFlow;
  ctx.session.nextFlow = flow + 1;
  const wizard: Wizard = { flow };
  if (options.reschedule) {
    wizard.rescheduleBookingId = options.reschedule.id;
    wizard.serviceId = options.reschedule.serviceId;
    wizard.staffId = options.reschedule.staffId;
  } else if (options.serviceId !== undefined) {
    wizard.serviceId = options.serviceId;
  }
  ctx.session.wizard = wizard;
  ctx.session.awaiting = undefined;
  const notice = options.reschedule
    ? ctx.t('my.reschedule_title', {
        summary: html(
          bookingSummary(
            ctx,
            options.reschedule,
            (await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db)).timeZone,
          ),
        ),
      })
    : undefined;
  await renderWizard(ctx, services, notice);
}
