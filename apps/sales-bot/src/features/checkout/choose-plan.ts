import { getPlan, isAppError } from '@booking/core';
import { Composer } from 'telegraf';
import type { SalesBotServices, SalesContext } from '../../context.js';
import { formatPrice } from '../../format.js';
import { ACTIONS } from '../../keyboards.js';

const BUY = new RegExp(`^${ACTIONS.buy}:([a-z0-9_-]{1,40})(?::(\\d{1,15}))?$`);

/**
 * Step 1: a plan was picked (`buy:<plan>`, or `buy:<plan>:<subscription>` to renew one).
 * A purchase asks for the business name next; a renewal already has its bot and goes
 * straight to the receipt's email.
 */
export function choosePlanStep(services: SalesBotServices): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.action(BUY, async (ctx) => {
    await ctx.answerCbQuery();
    const [, planCode = '', renew] = ctx.match;
    const plan = await getPlan(services.billing.db, planCode).catch((error: unknown) => {
      if (isAppError(error, 'NOT_FOUND')) {
        return undefined;
      }
      throw error;
    });
    if (!plan?.active) {
      await ctx.reply(ctx.t('checkout.plan_unknown'));
      return;
    }
    const renewSubscriptionId = renew ? Number(renew) : undefined;
    ctx.session.checkout = { planCode: plan.code, renewSubscriptionId };
    if (renewSubscriptionId) {
      ctx.session.awaiting = 'email';
      await ctx.reply(ctx.t('checkout.ask_email'));
      return;
    }
    ctx.session.awaiting = 'business';
    await ctx.reply(
      ctx.t('checkout.ask_business', {
        plan: plan.name,
        price: formatPrice(plan.priceKopecks, ctx.locale),
        days: plan.periodDays,
      }),
      { parse_mode: 'HTML' },
    );
  });
  return composer;
}
