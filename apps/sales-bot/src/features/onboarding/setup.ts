import { getOrder, listUnattachedSubscriptions } from '@booking/core';
import { Composer } from 'telegraf';
import type { SalesBotServices, SalesContext } from '../../context.js';
import { ACTIONS } from '../../keyboards.js';
import { showOnboardingSteps } from './steps.js';

/** "Set up my bot": resumes the onboarding of a paid bot that has no token yet. */
export function setupStep(services: SalesBotServices): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.action(ACTIONS.setup, async (ctx) => {
    await ctx.answerCbQuery();
    const [waiting] = await listUnattachedSubscriptions(services.billing.db, ctx.from.id);
    if (!waiting) {
      await ctx.reply(ctx.t('onboarding.nothing'));
      return;
    }
    const order =
      waiting.purchaseOrderId === null
        ? undefined
        : await getOrder(services.billing.db, waiting.purchaseOrderId);
    await showOnboardingSteps(ctx, order?.businessName);
  });
  return composer;
}
