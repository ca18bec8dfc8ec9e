import { getSettings } from '@booking/core';
import type { MiddlewareFn } from 'telegraf';
import type { ClientContext } from '../context.js';

/**
 * While the tenant is suspended (unpaid, or stopped by the operator), every customer
 * is told that online booking is temporarily unavailable, and nothing else runs.
 */
export function tenantStatusGuard(): MiddlewareFn<ClientContext> {
  return async (ctx, next) => {
    if (ctx.scope.tenant.status === 'active') {
      return next();
    }
    const settings = await getSettings(ctx.scope.db);
    const text = ctx.t('suspended', {
      business: settings.businessName || ctx.botInfo?.first_name || '',
    });
    if (ctx.callbackQuery) {
      await ctx.answerCbQuery(ctx.t('errors.unavailable'));
    }
    if (ctx.chat) {
      await ctx.reply(text);
    }
  };
}
