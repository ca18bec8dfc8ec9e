import { callbackAction } from '@booking/bot-kit';
import {
  acceptOffer,
  findClientByTelegramId,
  getSettings,
  isAppError,
  leaveWaitlist,
  listServices,
  listWaitlist,
} from '@booking/core';
import { Composer } from 'telegraf';
import { CB } from '../callbacks.js';
import { showConfirmation } from '../confirmation.js';
import type { ClientBotServices, ClientContext } from '../context.js';
import { formatDate, label } from '../format.js';
import { button, menuRow } from '../keyboards.js';
import { ack, showScreen } from '../screen.js';

/** The client's waiting-list entries, each with a Leave button. */
export async function showWaitlist(ctx: ClientContext, services: ClientBotServices): Promise<void> {
  const { codec } = services;
  const client = ctx.from ? await findClientByTelegramId(ctx.scope.db, ctx.from.id) : undefined;
  const entries = client
    ? await listWaitlist(ctx.scope.db, { clientId: client.id, statuses: ['waiting', 'offered'] })
    : [];
  if (entries.length === 0) {
    await showScreen(ctx, ctx.t('waitlist.none'), {
      inline_keyboard: [[button(ctx, codec, 'menu.book', CB.menu, 'book')], menuRow(ctx, codec)],
    });
    return;
  }
  const [services_, settings] = await Promise.all([
    listServices(ctx.scope.db, { includeInactive: true }),
    getSettings(ctx.scope.db),
  ]);
  const serviceName = (id: number) => services_.find((service) => service.id === id)?.name ?? '';
  const lines = entries.map((entry) =>
    ctx.t('waitlist.item', {
      service: serviceName(entry.serviceId),
      dates:
        entry.dateFrom === entry.dateTo
          ? formatDate(entry.dateFrom, settings.timeZone, ctx.locale)
          : `${formatDate(entry.dateFrom, settings.timeZone, ctx.locale)} – ${formatDate(entry.dateTo, settings.timeZone, ctx.locale)}`,
    }),
  );
  await showScreen(ctx, [ctx.t('waitlist.title'), ...lines].join('\n'), {
    inline_keyboard: [
      ...entries.map((entry) => [
        {
          text: label(ctx, 'waitlist.leave', { service: serviceName(entry.serviceId) }),
          callback_data: codec.encode(CB.waitlistLeave, entry.id),
        },
      ]),
      menuRow(ctx, codec),
    ],
  });
}

/** Leaving the waiting list, and answering the offers it sends. */
export function waitlistFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();

  const currentClient = async (ctx: ClientContext) =>
    ctx.from ? await findClientByTelegramId(ctx.scope.db, ctx.from.id) : undefined;

  composer.use(
    callbackAction<ClientContext>(codec, CB.waitlistLeave, async (ctx, [id]) => {
      const client = await currentClient(ctx);
      if (!client) {
        await ctx.answerCbQuery(ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      const { entry, slotReleased } = await leaveWaitlist(
        ctx.scope.db,
        { entryId: Number(id), actor: { kind: 'client', clientId: client.id } },
        services.now(),
      );
      if (slotReleased) {
        await services.jobs.runWaitlistPass(ctx.scope.tenant.slug);
      }
      const service = (await listServices(ctx.scope.db, { includeInactive: true })).find(
        (s) => s.id === entry.serviceId,
      );
      await showScreen(ctx, ctx.t('waitlist.left', { service: service?.name ?? '' }), {
        inline_keyboard: [menuRow(ctx, codec)],
      });
    }),
  );
  composer.use(
    callbackAction<ClientContext>(codec, CB.offerAccept, async (ctx, [id]) => {
      const client = await currentClient(ctx);
      if (!client) {
        await ctx.answerCbQuery(ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      const { db, tenant } = ctx.scope;
      const now = services.now();
      try {
        const booking = await acceptOffer(db, { entryId: Number(id), clientId: client.id }, now);
        const settings = await getSettings(db);
        await services.jobs.scheduleVisit(tenant.slug, booking, settings, now);
        await services.jobs.notifyAdmins({
          tenant: tenant.slug,
          kind: 'booked',
          bookingId: booking.id,
          by: 'client',
        });
        await showConfirmation(ctx, services, booking, 'waitlist', settings.timeZone);
      } catch (error) {
        if (isAppError(error, 'OFFER_EXPIRED') || isAppError(error, 'NOT_FOUND')) {
          await showScreen(ctx, ctx.t('waitlist.expired'), {
            inline_keyboard: [
              [button(ctx, codec, 'menu.book', CB.menu, 'book')],
              menuRow(ctx, codec),
            ],
          });
          return;
        }
        throw error;
      }
    }),
  );
  composer.use(
    callbackAction<ClientContext>(codec, CB.offerDecline, async (ctx, [id]) => {
      const client = await currentClient(ctx);
      if (!client) {
        await ctx.answerCbQuery(ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      try {
        const { slotReleased } = await leaveWaitlist(
          ctx.scope.db,
          { entryId: Number(id), actor: { kind: 'client', clientId: client.id } },
          services.now(),
        );
        if (slotReleased) {
          await services.jobs.runWaitlistPass(ctx.scope.tenant.slug);
        }
        await showScreen(ctx, ctx.t('waitlist.declined'), {
          inline_keyboard: [menuRow(ctx, codec)],
        });
      } catch (error) {
        if (isAppError(error, 'INVALID_STATUS') || isAppError(error, 'NOT_FOUND')) {
          await showScreen(ctx, ctx.t('waitlist.expired'), {
            inline_keyboard: [menuRow(ctx, codec)],
          });
          return;
        }
        throw error;
      }
    }),
  );
  return composer;
}
