import { getOrder, getPlan, syncOrderPayment } from '@booking/core';
import { Composer } from 'telegraf';
import type { SalesBotServices, SalesContext } from '../../context.js';
import { ACTIONS } from '../../keyboards.js';
import { paymentOutcomeMessages } from '../../messages.js';

const PAID = new RegExp(`^${ACTIONS.paid}:(\\d{1,15})$`);

/**
 * "I have paid": re-reads the payment from YooKassa and applies it (core's
 * `syncOrderPayment`, the same path as a notification), then says where it stands.
 */
export function paymentStep(services: SalesBotServices): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.action(PAID, async (ctx) => {
    // Telegram keeps an unanswered button spinning; YooKassa may take a moment.
    await ctx.answerCbQuery();
    const order = await getOrder(services.billing.db, Number(ctx.match[1]));
    if (order.ownerTelegramId !== ctx.from.id) {
      await ctx.reply(ctx.t('errors.forbidden'));
      return;
    }
    const outcome = await syncOrderPayment(services.billing, order.id, services.now());
    const plan = await getPlan(services.billing.db, outcome.order.planCode);
    for (const message of paymentOutcomeMessages(ctx.t, ctx.locale, outcome, plan.name)) {
      await ctx.reply(message.text, { parse_mode: 'HTML', reply_markup: message.markup });
    }
  });
  return composer;
}
