import { escapeHtml } from '@booking/bot-kit';
import { ANY_SPECIALIST, type ServiceSchedule } from '@booking/core';
import type { InlineKeyboardButton } from 'telegraf/types';
import { CB } from '../../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { formatDuration, formatPrice, label } from '../../../format.js';
import { showScreen } from '../../../screen.js';
import type { StepView } from '../state.js';

/** The service's details and its specialists to choose from, or any of them. */
export async function showSpecialistStep(
  ctx: ClientContext,
  services: ClientBotServices,
  { wizard, back, prefix }: StepView,
  schedule: ServiceSchedule,
): Promise<void> {
  const { codec } = services;
  const { service } = schedule;
  const rows: InlineKeyboardButton[][] = [
    [
      {
        text: label(ctx, 'book.any_specialist'),
        callback_data: codec.encode(CB.staff, wizard.flow, ANY_SPECIALIST),
      },
    ],
    ...schedule.specialists.map(({ specialist }) => [
      {
        text: specialist.name,
        callback_data: codec.encode(CB.staff, wizard.flow, specialist.id),
      },
    ]),
  ];
  const lines = [`<b>${escapeHtml(service.name)}</b>`];
  if (service.description) {
    lines.push(escapeHtml(service.description));
  }
  lines.push(
    ctx.t('book.service_details', {
      duration: formatDuration(ctx, service.durationMinutes),
      price: formatPrice(service.priceMinor, service.currency, ctx.locale),
    }),
    '',
    ctx.t('book.choose_specialist'),
  );
  wizard.messageId = await showScreen(ctx, `${prefix}${lines.join('\n')}`, {
    inline_keyboard: [...rows, back],
  });
}
