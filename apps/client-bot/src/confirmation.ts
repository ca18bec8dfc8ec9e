import { isTelegramUnavailable } from '@booking/bot-kit';
import type { Booking } from '@booking/core';
import type { ClientBotServices, ClientContext } from './context.js';
import { type ConfirmationVariant, confirmationMessage } from './messages.js';
import { showScreen } from './screen.js';

/**
 * Shows a customer the confirmation of a booking they made, moved or took from the
 * waitlist. The booking is committed, so the customer must hear of it: when the Bot API
 * stays unavailable past the Telegram client's retry deadline, the confirmation goes to
 * the deliveries queue, which shows it (editing the same message, or as a new one) once
 * the API is back.
 */
export async function showConfirmation(
  ctx: ClientContext,
  services: ClientBotServices,
  booking: Booking,
  variant: ConfirmationVariant,
  timeZone: string,
): Promise<void> {
  const message = confirmationMessage(ctx, services.codec, booking, variant, timeZone);
  try {
    await showScreen(ctx, message.text, message.markup);
  } catch (error) {
    const chatId = ctx.chat?.id;
    if (!isTelegramUnavailable(error) || chatId === undefined) {
      throw error;
    }
    const messageId = ctx.callbackQuery?.message?.message_id;
    await services.jobs.deliveries.add([
      {
        kind: 'confirmation',
        tenant: ctx.scope.tenant.slug,
        bookingId: booking.id,
        startsAt: booking.startsAt.toISOString(),
        variant,
        chatId,
        locale: ctx.locale,
        ...(messageId === undefined ? {} : { messageId }),
      },
    ]);
    ctx.log.warn({ booking: booking.id, variant }, 'Bot API unavailable; confirmation queued');
  }
}
