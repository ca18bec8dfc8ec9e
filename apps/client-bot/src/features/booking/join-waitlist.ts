import {
  ANY_SPECIALIST,
  findClientByTelegramId,
  isAppError,
  joinWaitlist,
  upsertClient,
} from '@booking/core';
import { Composer } from 'telegraf';
import { CB } from '../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { formatDate } from '../../format.js';
import { telegramName } from '../../input.js';
import { menuRow } from '../../keyboards.js';
import { ack, showScreen } from '../../screen.js';
import { wizardButton } from './state.js';

/** A full day's "join the waitlist": the client waits for a time of that day to free up. */
export function joinWaitlistFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();
  composer.use(
    wizardButton(codec, CB.joinWaitlist, async (ctx, wizard) => {
      await ack(ctx);
      const from = ctx.from;
      if (!from || wizard.serviceId === undefined || !wizard.date) {
        return;
      }
      const existing = await findClientByTelegramId(ctx.scope.db, from.id);
      const client =
        existing ??
        (await upsertClient(
          ctx.scope.db,
          {
            telegramUserId: from.id,
            name: telegramName(from),
            locale: ctx.locale,
            localeChosen: ctx.session.locale !== undefined,
          },
          services.now(),
        ));
      const { service } = await services.reads.schedule(
        ctx.scope.tenant.slug,
        ctx.scope.db,
        wizard.serviceId,
      );
      try {
        await joinWaitlist(
          ctx.scope.db,
          {
            clientId: client.id,
            serviceId: wizard.serviceId,
            staffId:
              wizard.staffId === ANY_SPECIALIST || wizard.staffId === undefined
                ? null
                : wizard.staffId,
            dateFrom: wizard.date,
            dateTo: wizard.date,
          },
          services.now(),
        );
      } catch (error) {
        if (isAppError(error, 'CONFLICT')) {
          await showScreen(ctx, ctx.t('waitlist.already'), {
            inline_keyboard: [menuRow(ctx, codec)],
          });
          return;
        }
        throw error;
      }
      // A time freed while nobody waited is offered to the client now, if any.
      await services.jobs.runWaitlistPass(ctx.scope.tenant.slug);
      const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
      ctx.session.wizard = undefined;
      await showScreen(
        ctx,
        ctx.t('waitlist.joined', {
          service: service.name,
          date: formatDate(wizard.date, settings.timeZone, ctx.locale),
        }),
        { inline_keyboard: [menuRow(ctx, codec)] },
      );
    }),
  );
  return composer;
}
