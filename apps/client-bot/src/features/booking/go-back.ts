import { getBooking } from '@booking/core';
import { Composer } from 'telegraf';
import { CB } from '../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { bookingSummary } from '../../format.js';
import { bookingActions } from '../../keyboards.js';
import { showMenu } from '../../menu.js';
import { ack, showScreen } from '../../screen.js';
import { renderWizard } from './render.js';
import { wizardButton } from './state.js';

/** Back: undoes the last choice; from the first step, back to where the wizard began. */
export function goBackFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();
  composer.use(
    wizardButton(codec, CB.back, async (ctx, wizard) => {
      await ack(ctx);
      if (wizard.startsAt) {
        wizard.startsAt = undefined;
      } else if (wizard.date) {
        wizard.date = undefined;
        wizard.timePage = undefined;
      } else if (wizard.rescheduleBookingId !== undefined) {
        // Rescheduling starts at the calendar: back from there is back to the booking.
        ctx.session.wizard = undefined;
        const booking = await getBooking(ctx.scope.db, wizard.rescheduleBookingId);
        const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
        await showScreen(
          ctx,
          bookingSummary(ctx, booking, settings.timeZone),
          bookingActions(ctx, codec, booking.id),
        );
        return;
      } else if (wizard.staffId !== undefined) {
        wizard.staffId = undefined;
        wizard.month = undefined;
      } else if (wizard.serviceId !== undefined) {
        wizard.serviceId = undefined;
      } else {
        ctx.session.wizard = undefined;
        await showMenu(ctx, services);
        return;
      }
      await renderWizard(ctx, services);
    }),
  );
  return composer;
}
