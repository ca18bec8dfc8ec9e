import { type Admin, getSettings } from '@booking/core';
import { Markup, type MiddlewareFn } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../context.js';
import { consoleAdmin, roleAllows } from './console/access.js';

/**
 * The sales bot's deep link that opens the renewal of this tenant (`/start renew_<slug>`;
 * the sales bot shows the plans to the subscription's owner only).
 */
export function renewalLink(salesBotUsername: string, slug: string): string {
  return `https://t.me/${salesBotUsername}?start=renew_${slug}`;
}

/**
 * While the tenant is suspended (unpaid, or stopped by the operator), nothing else runs.
 * Customers (and staff) are told that online booking is temporarily unavailable. The
 * owner is told that the subscription ended, with a button to renew it in the sales bot;
 * an admin is told to ask the owner. When the period has not ended (the operator stopped
 * the tenant) or no sales bot is configured, both are sent to the platform instead.
 */
export function tenantStatusGuard(services: ClientBotServices): MiddlewareFn<ClientContext> {
  return async (ctx, next) => {
    const { tenant } = ctx.scope;
    if (tenant.status === 'active') {
      return next();
    }
    const settings = await getSettings(ctx.scope.db);
    const business = settings.businessName || ctx.botInfo?.first_name || '';
    const admin = await consoleAdmin(ctx);
    const answer =
      admin && roleAllows(admin.role, 'admin')
        ? managerAnswer(ctx, services, admin, business)
        : { text: ctx.t('suspended', { business }) };
    if (ctx.callbackQuery) {
      await ctx.answerCbQuery(ctx.t('errors.unavailable'));
    }
    if (ctx.chat) {
      await ctx.reply(answer.text, answer.markup ? { reply_markup: answer.markup } : {});
    }
  };
}

/** What the owner or an admin of a suspended tenant is told, and the renewal button. */
function managerAnswer(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  business: string,
): { text: string; markup?: InlineKeyboardMarkup } {
  const { tenant } = ctx.scope;
  const sales = services.salesBotUsername;
  // A period still running means the operator stopped the tenant: paying changes nothing.
  const periodEnded = !tenant.paidUntil || tenant.paidUntil.getTime() <= services.now().getTime();
  if (!sales || !periodEnded) {
    return { text: ctx.t('suspended_platform', { business }) };
  }
  if (admin.role !== 'owner') {
    return { text: ctx.t('suspended_admin', { business, sales }) };
  }
  return {
    text: ctx.t('suspended_owner', { business, sales }),
    markup: Markup.inlineKeyboard([
      Markup.button.url(ctx.t('suspended_renew_button'), renewalLink(sales, tenant.slug)),
    ]).reply_markup,
  };
}
