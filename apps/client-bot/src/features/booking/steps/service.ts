import type { InlineKeyboardButton } from 'telegraf/types';
import { CB } from '../../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { serviceLabel } from '../../../format.js';
import { menuRow } from '../../../keyboards.js';
import { showScreen } from '../../../screen.js';
import type { StepView } from '../state.js';

/** The first step: the services to choose from (or word that there are none). */
export async function showServiceStep(
  ctx: ClientContext,
  services: ClientBotServices,
  { wizard, back }: StepView,
): Promise<void> {
  const { codec } = services;
  const list = await services.reads.services(ctx.scope.tenant.slug, ctx.scope.db);
  if (list.length === 0) {
    wizard.messageId = await showScreen(ctx, ctx.t('book.no_services'), {
      inline_keyboard: [menuRow(ctx, codec)],
    });
    return;
  }
  const rows: InlineKeyboardButton[][] = list.map((service) => [
    {
      text: serviceLabel(ctx, service),
      callback_data: codec.encode(CB.service, wizard.flow, service.id),
    },
  ]);
  wizard.messageId = await showScreen(ctx, ctx.t('book.choose_service'), {
    inline_keyboard: [...rows, back],
  });
}
