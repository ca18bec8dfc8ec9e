import { listUnattachedSubscriptions } from '@booking/core';
import { Composer } from 'telegraf';
import type { SalesBotServices, SalesContext } from '../context.js';
import { ACTIONS, mainMenu } from '../keyboards.js';
import { showRenewalPlans, showTenantRenewal } from './my-bots.js';

/**
 * Shows the storefront's menu. "Set up my bot" appears while a paid bot waits for its
 * token: that is read from Postgres, so an onboarding left unfinished is offered again
 * after any restart or lost session.
 */
export async function showMenu(
  ctx: SalesContext,
  services: SalesBotServices,
  textKey: 'start.pitch' | 'fallback.text' | 'fallback.unsupported',
): Promise<void> {
  const pending = ctx.from
    ? await listUnattachedSubscriptions(services.billing.db, ctx.from.id)
    : [];
  const text =
    pending.length > 0 && textKey === 'start.pitch'
      ? `${ctx.t(textKey)}\n\n${ctx.t('start.resume')}`
      : ctx.t(textKey);
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: mainMenu(ctx, pending.length > 0) });
}

/** `/start`: what the product does, and the menu; the demo, the FAQ and support. */
export function startFeature(services: SalesBotServices): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.start(async (ctx) => {
    ctx.session.checkout = undefined;
    ctx.session.awaiting = undefined;
    // A notice's renewal link opens the bot with `/start renew_<subscription>`; a
    // suspended bot sends its owner here with `/start renew_<tenant slug>`.
    const renew = /^renew_(\d{1,15})$/.exec(ctx.payload);
    if (renew) {
      await showRenewalPlans(ctx, services, Number(renew[1]));
      return;
    }
    const renewTenant = /^renew_([a-z][a-z0-9_]{2,40})$/.exec(ctx.payload);
    if (renewTenant) {
      await showTenantRenewal(ctx, services, renewTenant[1] ?? '');
      return;
    }
    await showMenu(ctx, services, 'start.pitch');
  });
  composer.action(ACTIONS.demo, async (ctx) => {
    await ctx.answerCbQuery();
    await ctx.reply(ctx.t('demo.text', { link: services.storefront.demoBotUrl }), {
      parse_mode: 'HTML',
    });
  });
  composer.action(ACTIONS.faq, async (ctx) => {
    await ctx.answerCbQuery();
    await ctx.reply(ctx.t('faq.text'), { parse_mode: 'HTML' });
  });
  composer.action(ACTIONS.support, async (ctx) => {
    await ctx.answerCbQuery();
    await ctx.reply(ctx.t('support.text', { contact: services.storefront.supportContact }), {
      parse_mode: 'HTML',
    });
  });
  return composer;
}
