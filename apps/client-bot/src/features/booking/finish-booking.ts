import {
  AppError,
  type Booking,
  bookAppointment,
  bookAsTelegramUser,
  type Client,
  getBooking,
  isAppError,
  rescheduleBooking,
} from '@booking/core';
import { showConfirmation } from '../../confirmation.js';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { formatTime } from '../../format.js';
import { askContact } from './ask-contact.js';
import { renderWizard } from './render.js';

/**
 * Books (or moves) what the wizard holds: for a client looked up beforehand, or for the
 * Telegram user, whose client the booking finds itself (and who is asked for a name and
 * phone first if there is none). A slot taken meanwhile shows the day's fresh times.
 */
export async function finishBooking(
  ctx: ClientContext,
  services: ClientBotServices,
  who: { client: Client } | { telegramUserId: number },
): Promise<void> {
  const wizard = ctx.session.wizard;
  if (!wizard?.startsAt || wizard.serviceId === undefined || wizard.staffId === undefined) {
    throw new AppError('CONFLICT', { message: 'The booking wizard is incomplete' });
  }
  const { db, tenant } = ctx.scope;
  const startsAt = new Date(wizard.startsAt);
  const now = services.now();
  const settings = await services.reads.settings(tenant.slug, db);
  let booking: Booking;
  let previous: Booking | undefined;
  try {
    if (wizard.rescheduleBookingId !== undefined) {
      if (!('client' in who)) {
        throw new Error('A booking is moved by a client looked up beforehand');
      }
      previous = await getBooking(db, wizard.rescheduleBookingId);
      const result = await rescheduleBooking(
        db,
        { bookingId: wizard.rescheduleBookingId, startsAt, staffId: wizard.staffId },
        { actor: { kind: 'client', clientId: who.client.id }, now },
      );
      booking = result.booking;
      if (result.slotReleased) {
        await services.jobs.runWaitlistPass(tenant.slug);
      }
    } else {
      const choice = { serviceId: wizard.serviceId, staffId: wizard.staffId, startsAt };
      const outcome =
        'client' in who
          ? { booked: await bookAppointment(db, { ...choice, clientId: who.client.id }, { now }) }
          : await bookAsTelegramUser(
              db,
              { ...choice, telegramUserId: who.telegramUserId },
              { now, requirePhone: true },
            );
      if ('contactNeeded' in outcome) {
        await askContact(ctx, outcome.contactNeeded.client);
        return;
      }
      booking = outcome.booked;
    }
  } catch (error) {
    if (isAppError(error, 'SLOT_TAKEN')) {
      wizard.startsAt = undefined;
      await renderWizard(
        ctx,
        services,
        ctx.t('book.slot_taken', { time: formatTime(startsAt, settings.timeZone) }),
      );
      return;
    }
    throw error;
  }
  ctx.session.wizard = undefined;
  ctx.session.clientId = booking.clientId;
  // The booking is committed: its jobs, the admins' notice and the customer's screen do
  // not wait for each other (a moved booking's old jobs go before its new ones).
  await Promise.all([
    (async () => {
      if (previous) {
        await services.jobs.unscheduleVisit(tenant.slug, booking.id, settings);
      }
      await services.jobs.scheduleVisit(tenant.slug, booking, settings, now);
    })(),
    services.jobs.notifyAdmins({
      tenant: tenant.slug,
      kind: previous ? 'rescheduled' : 'booked',
      bookingId: booking.id,
      by: 'client',
      ...(previous ? { previousStartsAt: previous.startsAt.toISOString() } : {}),
    }),
    showConfirmation(
      ctx,
      services,
      booking,
      previous ? 'rescheduled' : 'booked',
      settings.timeZone,
    ),
  ]);
}
