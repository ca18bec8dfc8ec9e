import { storedLocale } from '@booking/bot-kit';
import { type Booking, getClient } from '@booking/core';
import type { ClientBotServices, ClientContext } from '../../context.js';

/**
 * What follows a booking change made in the console, once it is committed: the visit's
 * reminders, the other admins' notice, and the client's message (through the deliveries
 * queue, so it reaches them even when the Bot API is down right now). A client without
 * Telegram hears nothing from the bot.
 */
export async function announceConsoleChange(
  ctx: ClientContext,
  services: ClientBotServices,
  change:
    | { kind: 'booked'; booking: Booking }
    | { kind: 'moved'; booking: Booking; previous: Booking; slotReleased: boolean }
    | { kind: 'cancelled'; booking: Booking; slotReleased: boolean },
): Promise<void> {
  const { tenant, db } = ctx.scope;
  const { booking } = change;
  const settings = await services.reads.settings(tenant.slug, db);
  const now = services.now();
  const chatId = booking.clientTelegramUserId;
  const locale = chatId
    ? storedLocale((await getClient(db, booking.clientId)).locale, settings.defaultLocale)
    : undefined;
  const work: Array<Promise<unknown>> = [];
  if (change.kind !== 'booked') {
    work.push(
      (async () => {
        await services.jobs.unscheduleVisit(tenant.slug, booking.id, settings);
        if (change.kind === 'moved') {
          await services.jobs.scheduleVisit(tenant.slug, booking, settings, now);
        }
      })(),
    );
    if (change.slotReleased) {
      work.push(services.jobs.runWaitlistPass(tenant.slug));
    }
  } else {
    work.push(services.jobs.scheduleVisit(tenant.slug, booking, settings, now));
  }
  work.push(
    services.jobs.notifyAdmins({
      tenant: tenant.slug,
      kind: change.kind === 'moved' ? 'rescheduled' : change.kind,
      bookingId: booking.id,
      by: 'staff',
      ...(change.kind === 'moved'
        ? { previousStartsAt: change.previous.startsAt.toISOString() }
        : {}),
    }),
  );
  if (chatId && locale) {
    work.push(
      services.jobs.deliveries.add([
        change.kind === 'cancelled'
          ? { kind: 'cancellation', tenant: tenant.slug, bookingId: booking.id, chatId, locale }
          : {
              kind: 'confirmation',
              tenant: tenant.slug,
              bookingId: booking.id,
              startsAt: booking.startsAt.toISOString(),
              variant: change.kind === 'moved' ? 'business_moved' : 'business_booked',
              chatId,
              locale,
            },
      ]),
    );
  }
  await Promise.all(work);
}
