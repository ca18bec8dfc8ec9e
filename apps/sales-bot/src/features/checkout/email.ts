import { EMAIL_SCHEMA, getPlan } from '@booking/core';
import { Composer, Markup } from 'telegraf';
import type { SalesBotServices, SalesContext } from '../../context.js';
import { formatPrice } from '../../format.js';
import { ACTIONS } from '../../keyboards.js';
import { placeOrder } from './auto-renew.js';

/**
 * Step 3: the receipt's email, checked by core's rule (the one YooKassa accepts); then
 * the auto-renewal terms (what is charged, how much, how often, how to cancel) when the
 * shop may save cards, else the order at once.
 */
export function emailStep(services: SalesBotServices): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.on('message', async (ctx, next) => {
    const checkout = ctx.session.checkout;
    if (ctx.session.awaiting !== 'email' || !checkout) {
      return next();
    }
    const parsed = EMAIL_SCHEMA.safeParse('text' in ctx.message ? ctx.message.text : '');
    if (!parsed.success) {
      await ctx.reply(ctx.t('checkout.email_invalid'));
      return;
    }
    checkout.email = parsed.data;
    ctx.session.awaiting = undefined;
    if (services.storefront.offerAutoRenewal === false) {
      await placeOrder(ctx, services, false);
      return;
    }
    const plan = await getPlan(services.billing.db, checkout.planCode);
    await ctx.reply(
      ctx.t('checkout.ask_auto_renew', {
        plan: plan.name,
        price: formatPrice(plan.priceKopecks, ctx.locale),
        days: plan.periodDays,
      }),
      {
        parse_mode: 'HTML',
        reply_markup: Markup.inlineKeyboard([
          [Markup.button.callback(ctx.t('checkout.auto_renew_on'), `${ACTIONS.autoRenew}:1`)],
          [Markup.button.callback(ctx.t('checkout.auto_renew_off'), `${ACTIONS.autoRenew}:0`)],
        ]).reply_markup,
      },
    );
  });
  return composer;
}
