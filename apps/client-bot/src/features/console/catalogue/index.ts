import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import { consoleAction } from '../access.js';
import { consoleHomeRow } from '../menu.js';
import type { ConsoleSection } from '../sections.js';
import { newServiceFeature } from './new-service.js';
import { servicesFeature } from './services.js';
import { specialistsFeature } from './specialists.js';
import { CATALOGUE_CB } from './state.js';
import { typedFeature } from './typed.js';

async function showCatalogue(ctx: ClientContext, services: ClientBotServices): Promise<void> {
  const { codec } = services;
  await showScreen(ctx, ctx.t('cat.title'), {
    inline_keyboard: [
      [
        button(ctx, codec, 'cat.services', CATALOGUE_CB.services),
        button(ctx, codec, 'cat.specialists', CATALOGUE_CB.specialists),
      ],
      consoleHomeRow(ctx, services),
    ],
  });
}

/**
 * The catalogue: services (create, edit any field, deactivate, reorder) and specialists
 * (create, edit, deactivate, services with their own duration and price, a Telegram
 * link, weekly hours with breaks). Admins and owners; every change audited.
 */
export const catalogueSection: ConsoleSection = {
  id: 'ct',
  label: 'cat.section',
  minRole: 'admin',
  open: (ctx, _admin, services) => showCatalogue(ctx, services),
  feature: (services) =>
    Composer.compose([
      consoleAction(services, CATALOGUE_CB.home, 'admin', async (ctx) => {
        await ack(ctx);
        if (ctx.session.console) {
          ctx.session.console.input = undefined;
        }
        await showCatalogue(ctx, services);
      }),
      servicesFeature(services),
      newServiceFeature(services),
      specialistsFeature(services),
      typedFeature(services),
    ]),
};
