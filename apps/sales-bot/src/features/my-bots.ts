import {
  findSubscriptionByTenant,
  getSubscription,
  getTenant,
  isAppError,
  listOwnerBots,
  listPlans,
  setAutoRenew,
} from '@booking/core';
import { Composer, Markup } from 'telegraf';
import type { SalesBotServices, SalesContext } from '../context.js';
import { formatDay, formatPrice } from '../format.js';
import { ACTIONS } from '../keyboards.js';

const RENEW = new RegExp(`^${ACTIONS.renew}:(\\d{1,15})$`);
const AUTO_RENEW_OFF = new RegExp(`^${ACTIONS.autoRenewOff}:(\\d{1,15})$`);

/** The plans that can renew a subscription; each adds its days to the current period. */
export async function showRenewalPlans(
  ctx: SalesContext,
  services: SalesBotServices,
  subscriptionId: number,
): Promise<void> {
  const subscription = await getSubscription(services.billing.db, subscriptionId);
  if (subscription.ownerTelegramId !== ctx.from?.id) {
    await ctx.reply(ctx.t('errors.forbidden'));
    return;
  }
  const [bot] = (await listOwnerBots(services.billing.db, subscription.ownerTelegramId)).filter(
    (owned) => owned.subscription.id === subscriptionId,
  );
  const plans = await listPlans(services.billing.db);
  await ctx.reply(ctx.t('my_bots.renew_pick', { bot: bot?.tenant?.botUsername ?? '' }), {
    parse_mode: 'HTML',
    reply_markup: Markup.inlineKeyboard(
      plans.map((plan) => [
        Markup.button.callback(
          ctx.t('plans.buy', {
            name: plan.name,
            price: formatPrice(plan.priceKopecks, ctx.locale),
          }),
          `${ACTIONS.buy}:${plan.code}:${subscriptionId}`,
        ),
      ]),
    ).reply_markup,
  });
}

/**
 * The renewal of the tenant with this slug, opened from its suspended bot: the plans,
 * for the owner of its subscription only. Anyone else, and a slug with no live tenant,
 * is told it belongs to another account (nobody learns which tenants exist); an owner
 * whose tenant has no subscription (an operator made it) is sent to support.
 */
export async function showTenantRenewal(
  ctx: SalesContext,
  services: SalesBotServices,
  slug: string,
): Promise<void> {
  const { db } = services.billing;
  const tenant = await getTenant(db, slug).catch((error: unknown) => {
    if (isAppError(error, 'NOT_FOUND')) {
      return undefined;
    }
    throw error;
  });
  const subscription =
    tenant && tenant.status !== 'deleted'
      ? await findSubscriptionByTenant(db, tenant.id)
      : undefined;
  if (subscription) {
    await showRenewalPlans(ctx, services, subscription.id);
    return;
  }
  if (tenant && tenant.status !== 'deleted' && tenant.ownerTelegramId === ctx.from?.id) {
    await ctx.reply(
      ctx.t('my_bots.renew_unsubscribed', {
        bot: tenant.botUsername ?? tenant.slug,
        contact: services.storefront.supportContact,
      }),
      { parse_mode: 'HTML' },
    );
    return;
  }
  await ctx.reply(ctx.t('errors.forbidden'));
}

/**
 * "My bots": each bot of the owner with its status, paid period and auto-renewal;
 * renew it (any plan adds its days) or switch auto-renewal off.
 */
export function myBotsFeature(services: SalesBotServices): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.action(ACTIONS.myBots, async (ctx) => {
    await ctx.answerCbQuery();
    const bots = await listOwnerBots(services.billing.db, ctx.from.id);
    if (bots.length === 0) {
      await ctx.reply(ctx.t('my_bots.none'));
      return;
    }
    const lines: string[] = [];
    const buttons = [];
    for (const { subscription, tenant } of bots) {
      const until = formatDay(subscription.paidUntil, ctx.locale);
      if (!tenant) {
        lines.push(ctx.t('my_bots.pending_line', { until }));
        continue;
      }
      const bot = tenant.botUsername ?? tenant.slug;
      lines.push(
        ctx.t('my_bots.line', {
          bot,
          until,
          status: ctx.t(
            tenant.status === 'active' ? 'my_bots.status_active' : 'my_bots.status_suspended',
          ),
          autoRenew: ctx.t(subscription.autoRenew ? 'my_bots.auto_on' : 'my_bots.auto_off'),
        }),
      );
      buttons.push([
        Markup.button.callback(
          ctx.t('my_bots.renew', { bot }),
          `${ACTIONS.renew}:${subscription.id}`,
        ),
      ]);
      if (subscription.autoRenew) {
        buttons.push([
          Markup.button.callback(
            ctx.t('my_bots.auto_disable', { bot }),
            `${ACTIONS.autoRenewOff}:${subscription.id}`,
          ),
        ]);
      }
    }
    await ctx.reply(lines.join('\n'), {
      parse_mode: 'HTML',
      reply_markup: Markup.inlineKeyboard(buttons).reply_markup,
    });
  });
  composer.action(RENEW, async (ctx) => {
    await ctx.answerCbQuery();
    await showRenewalPlans(ctx, services, Number(ctx.match[1]));
  });
  composer.action(AUTO_RENEW_OFF, async (ctx) => {
    await ctx.answerCbQuery();
    const subscriptionId = Number(ctx.match[1]);
    await setAutoRenew(services.billing.db, {
      subscriptionId,
      ownerTelegramId: ctx.from.id,
      enabled: false,
    });
    const [owned] = (await listOwnerBots(services.billing.db, ctx.from.id)).filter(
      (bot) => bot.subscription.id === subscriptionId,
    );
    await ctx.reply(ctx.t('my_bots.auto_disabled', { bot: owned?.tenant?.botUsername ?? '' }), {
      parse_mode: 'HTML',
    });
  });
  return composer;
}
