import { callbackAction, html } from '@booking/bot-kit';
import {
  type Booking,
  cancelBooking,
  findClientByTelegramId,
  getBooking,
  isAppError,
  isInsideCancellationWindow,
  listClientBookings,
  type Settings,
} from '@booking/core';
import { Composer } from 'telegraf';
import { CB } from '../callbacks.js';
import type { ClientBotServices, ClientContext } from '../context.js';
import { bookingSummary, formatDate, formatTime, label } from '../format.js';
import { bookingActions, button, KEEP, menuRow } from '../keyboards.js';
import { ack, keepPressedMessage, showScreen } from '../screen.js';
import { startWizard } from './booking/index.js';

/** The client's upcoming bookings, each a button that opens it. */
export async function showMyBookings(
  ctx: ClientContext,
  services: ClientBotServices,
): Promise<void> {
  const { codec, now } = services;
  const client = ctx.from ? await findClientByTelegramId(ctx.scope.db, ctx.from.id) : undefined;
  ctx.session.clientId = client?.id;
  const bookings = client
    ? await listClientBookings(ctx.scope.db, { clientId: client.id, now: now() })
    : [];
  if (bookings.length === 0) {
    await showScreen(ctx, ctx.t('my.none'), {
      inline_keyboard: [[button(ctx, codec, 'menu.book', CB.menu, 'book')], menuRow(ctx, codec)],
    });
    return;
  }
  const { timeZone } = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
  await showScreen(ctx, ctx.t('my.title'), {
    inline_keyboard: [
      ...bookings.map((booking) => [
        {
          text: label(ctx, 'my.item', {
            date: formatDate(booking.startsAt, timeZone, ctx.locale),
            time: formatTime(booking.startsAt, timeZone),
            service: booking.serviceName,
          }),
          callback_data: codec.encode(CB.booking, booking.id),
        },
      ]),
      menuRow(ctx, codec),
    ],
  });
}

/**
 * The too-late explanation: inside the cancellation window a client cannot cancel or
 * move a booking online and is told whom to contact.
 */
function tooLateText(ctx: ClientContext, settings: Settings): string {
  return ctx.t('my.too_late', {
    hours: settings.cancellationWindowHours,
    business: settings.businessName || ctx.botInfo?.first_name || '',
    phone: settings.businessPhone
      ? html(ctx.t('my.phone_suffix', { phone: settings.businessPhone }))
      : '',
  });
}

/** Says so in a new message, so the booking above stays readable. */
async function tellTooLate(
  ctx: ClientContext,
  services: ClientBotServices,
  settings: Settings,
): Promise<void> {
  await ctx.reply(tooLateText(ctx, settings), {
    reply_markup: { inline_keyboard: [menuRow(ctx, services.codec)] },
  });
}

function insideWindow(booking: Booking, settings: Settings, now: Date): boolean {
  return isInsideCancellationWindow(booking.startsAt, settings.cancellationWindowHours, now);
}

/** Opening, cancelling and rescheduling the client's own bookings. */
export function myBookingsFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();

  /** The booking of a button, if it is this user's and still confirmed. */
  const ownBooking = async (ctx: ClientContext, id: string) => {
    const booking = ctx.from
      ? await getBooking(ctx.scope.db, Number(id)).catch(() => undefined)
      : undefined;
    // The booking names its client's Telegram id: no need to look the client up.
    if (!booking || booking.clientTelegramUserId !== ctx.from?.id) {
      await ctx.answerCbQuery(ctx.t('button.outdated'));
      return undefined;
    }
    ctx.session.clientId = booking.clientId;
    if (booking.status !== 'confirmed') {
      await ack(ctx);
      await showScreen(ctx, ctx.t('my.not_active'), { inline_keyboard: [menuRow(ctx, codec)] });
      return undefined;
    }
    await ack(ctx);
    return {
      booking,
      settings: await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db),
    };
  };

  /**
   * The booking of a button if the client may still change it online; otherwise says
   * why not (the window passed: whom to contact) and returns `undefined`.
   */
  const changeableBooking = async (ctx: ClientContext, id: string) => {
    const own = await ownBooking(ctx, id);
    if (own && insideWindow(own.booking, own.settings, services.now())) {
      await tellTooLate(ctx, services, own.settings);
      return undefined;
    }
    return own;
  };

  composer.use(
    callbackAction<ClientContext>(codec, CB.booking, async (ctx, [id]) => {
      const own = await ownBooking(ctx, id ?? '');
      if (own) {
        await showScreen(
          ctx,
          bookingSummary(ctx, own.booking, own.settings.timeZone),
          bookingActions(ctx, codec, own.booking.id, 'list'),
        );
      }
    }),
  );
  composer.use(
    callbackAction<ClientContext>(codec, CB.cancelAsk, async (ctx, [id, keep]) => {
      if (keep === KEEP) {
        keepPressedMessage(ctx);
      }
      const own = await changeableBooking(ctx, id ?? '');
      if (!own) {
        return;
      }
      await showScreen(
        ctx,
        ctx.t('my.cancel_prompt', {
          summary: html(bookingSummary(ctx, own.booking, own.settings.timeZone)),
        }),
        {
          inline_keyboard: [
            [
              button(ctx, codec, 'my.cancel_yes', CB.cancelYes, own.booking.id),
              button(ctx, codec, 'common.back', CB.booking, own.booking.id),
            ],
          ],
        },
      );
    }),
  );
  /**
   * Cancels a booking as the given client; the cancellation checks that it is theirs
   * (`NOT_FOUND` otherwise) and reads the window from fresh settings.
   */
  const cancelAs = async (ctx: ClientContext, bookingId: number, clientId: number) => {
    const { tenant, db } = ctx.scope;
    const settings = await services.reads.settings(tenant.slug, db);
    try {
      const result = await cancelBooking(db, {
        bookingId,
        actor: { kind: 'client', clientId },
        now: services.now(),
      });
      await ack(ctx);
      // The cancellation is committed: the follow-ups do not depend on each other.
      await Promise.all([
        services.jobs.unscheduleVisit(tenant.slug, bookingId, settings),
        services.jobs.notifyAdmins({
          tenant: tenant.slug,
          kind: 'cancelled',
          bookingId,
          by: 'client',
        }),
        result.slotReleased ? services.jobs.runWaitlistPass(tenant.slug) : undefined,
        showScreen(
          ctx,
          ctx.t('my.cancelled', {
            summary: html(bookingSummary(ctx, result.booking, settings.timeZone)),
          }),
          {
            inline_keyboard: [
              [button(ctx, codec, 'menu.book', CB.menu, 'book')],
              menuRow(ctx, codec, 'below'),
            ],
          },
        ),
      ]);
    } catch (error) {
      if (isAppError(error, 'CANCELLATION_WINDOW_PASSED')) {
        await ack(ctx);
        await tellTooLate(ctx, services, settings);
        return;
      }
      if (isAppError(error, 'INVALID_STATUS')) {
        await ack(ctx);
        await showScreen(ctx, ctx.t('my.not_active'), { inline_keyboard: [menuRow(ctx, codec)] });
        return;
      }
      throw error;
    }
  };
  composer.use(
    callbackAction<ClientContext>(codec, CB.cancelYes, async (ctx, [id]) => {
      // With the client the session knows, the cancellation is the only read: it checks
      // the booking is theirs. A client id that is not theirs (any more) is dropped and
      // the booking looked up as on any other button.
      const known = ctx.session.clientId;
      const bookingId = Number(id);
      if (known !== undefined && Number.isSafeInteger(bookingId)) {
        try {
          await cancelAs(ctx, bookingId, known);
          return;
        } catch (error) {
          if (!isAppError(error, 'NOT_FOUND')) {
            throw error;
          }
          ctx.session.clientId = undefined;
        }
      }
      const own = await ownBooking(ctx, id ?? '');
      if (own) {
        await cancelAs(ctx, own.booking.id, own.booking.clientId);
      }
    }),
  );
  composer.use(
    callbackAction<ClientContext>(codec, CB.reschedule, async (ctx, [id, keep]) => {
      if (keep === KEEP) {
        keepPressedMessage(ctx);
      }
      const own = await changeableBooking(ctx, id ?? '');
      if (!own) {
        return;
      }
      await startWizard(ctx, services, { reschedule: own.booking });
    }),
  );
  return composer;
}
