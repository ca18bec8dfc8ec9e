import { isAppError, listPlans, startTrial, TRIAL_DAYS } from '@booking/core';
import { Composer, Markup } from 'telegraf';
import type { SalesBotServices, SalesContext } from '../context.js';
import { formatDay, formatMonthlyPrice, formatPrice } from '../format.js';
import { ACTIONS } from '../keyboards.js';
import { showOnboardingSteps } from './onboarding/steps.js';

/** The plans with their prices and what each includes; buy buttons; the free trial. */
export function plansFeature(services: SalesBotServices): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.action(ACTIONS.plans, async (ctx) => {
    await ctx.answerCbQuery();
    const plans = await listPlans(services.billing.db);
    const lines = plans.map((plan) =>
      ctx.t('plans.line', {
        name: plan.name,
        price: formatPrice(plan.priceKopecks, ctx.locale),
        days: plan.periodDays,
        perMonth: formatMonthlyPrice(plan.priceKopecks, plan.periodDays, ctx.locale),
      }),
    );
    const text = [
      ctx.t('plans.title'),
      ...lines,
      '',
      ctx.t('plans.includes'),
      ctx.t('plans.trial', { days: TRIAL_DAYS }),
    ].join('\n');
    const buttons = plans.map((plan) => [
      Markup.button.callback(
        ctx.t('plans.buy', { name: plan.name, price: formatPrice(plan.priceKopecks, ctx.locale) }),
        `${ACTIONS.buy}:${plan.code}`,
      ),
    ]);
    buttons.push([
      Markup.button.callback(ctx.t('plans.trial_button', { days: TRIAL_DAYS }), ACTIONS.trial),
    ]);
    await ctx.reply(text, {
      parse_mode: 'HTML',
      reply_markup: Markup.inlineKeyboard(buttons).reply_markup,
    });
  });
  composer.action(ACTIONS.trial, async (ctx) => {
    await ctx.answerCbQuery();
    try {
      const trial = await startTrial(services.billing.db, ctx.from.id, services.now());
      await ctx.reply(ctx.t('trial.started', { until: formatDay(trial.paidUntil, ctx.locale) }), {
        parse_mode: 'HTML',
      });
      await showOnboardingSteps(ctx, undefined);
    } catch (error) {
      // Core's constraint decides who had a trial; the words are the storefront's.
      if (isAppError(error, 'CONFLICT')) {
        await ctx.reply(ctx.t('trial.refused'), { parse_mode: 'HTML' });
        return;
      }
      throw error;
    }
  });
  return composer;
}
