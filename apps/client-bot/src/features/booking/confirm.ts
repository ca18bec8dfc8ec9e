import { findClientByTelegramId } from '@booking/core';
import { Composer } from 'telegraf';
import { CB } from '../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { ack } from '../../screen.js';
import { askContact } from './ask-contact.js';
import { finishBooking } from './finish-booking.js';
import { wizardButton } from './state.js';

/** Confirm: books the chosen time, or moves the booking being rescheduled to it. */
export function confirmFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  composer.use(
    wizardButton(services.codec, CB.confirm, async (ctx, wizard) => {
      await ack(ctx);
      const from = ctx.from;
      if (!from) {
        return;
      }
      if (wizard.rescheduleBookingId === undefined) {
        // A new booking finds the client while it books (and asks for a contact if
        // they have none).
        await finishBooking(ctx, services, { telegramUserId: from.id });
        return;
      }
      const client = await findClientByTelegramId(ctx.scope.db, from.id);
      if (!client?.phone) {
        await askContact(ctx, client);
        return;
      }
      await finishBooking(ctx, services, { client });
    }),
  );
  return composer;
}
