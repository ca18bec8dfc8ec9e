import {
  BOT_TOKEN_PATTERN,
  isAppError,
  listUnattachedSubscriptions,
  onboardTenant,
} from '@booking/core';
import { Composer, Markup, Telegram } from 'telegraf';
import type { UserFromGetMe } from 'telegraf/types';
import { orderLocale, type SalesBotServices, type SalesContext } from '../../context.js';
import { botLink, formatDay } from '../../format.js';

/** What the Bot API says about a pasted token. */
type TokenCheck = { ok: true; me: UserFromGetMe } | { ok: false; why: 'rejected' | 'unavailable' };

/**
 * Asks the Bot API who the token belongs to. 401 (revoked) and 404 (no such token) mean
 * the token is wrong; anything else means Telegram could not be asked. The error is not
 * logged: its request carried the token.
 */
async function checkToken(apiRoot: string, token: string): Promise<TokenCheck> {
  try {
    return { ok: true, me: await new Telegram(token, { apiRoot }).getMe() };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, why: code === 401 || code === 404 ? 'rejected' : 'unavailable' };
  }
}

/**
 * The owner pastes the token of the bot they made with BotFather. Taken whenever the
 * owner has a paid bot waiting for one, whatever the session says: the waiting
 * subscription is in Postgres, so onboarding survives restarts. The token is checked
 * with `getMe`, then core's `onboardTenant` provisions the tenant (the owner, the plan,
 * `paid_until`) and the fleet starts serving it.
 */
export function tokenStep(services: SalesBotServices): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.on('text', async (ctx, next) => {
    const text = ctx.message.text.trim();
    const looksLikeToken = /^\d{5,}:\S+$/.test(text);
    if (ctx.session.awaiting !== 'token' && !looksLikeToken) {
      return next();
    }
    const [waiting] = await listUnattachedSubscriptions(services.billing.db, ctx.from.id);
    if (!waiting) {
      if (ctx.session.awaiting === 'token') {
        ctx.session.awaiting = undefined;
        await ctx.reply(ctx.t('onboarding.nothing'));
        return;
      }
      return next();
    }
    ctx.session.awaiting = 'token';
    if (!BOT_TOKEN_PATTERN.test(text)) {
      await ctx.reply(ctx.t('onboarding.token_invalid'), { parse_mode: 'HTML' });
      return;
    }
    // The token should not stay in the chat's history; a failed delete changes nothing.
    await ctx.deleteMessage().catch(() => undefined);
    const check = await checkToken(services.apiRoot, text);
    if (!check.ok) {
      await ctx.reply(
        ctx.t(check.why === 'rejected' ? 'onboarding.token_rejected' : 'onboarding.unavailable'),
        { parse_mode: 'HTML' },
      );
      return;
    }
    try {
      const { tenant, subscription } = await onboardTenant(services.tenants, {
        subscriptionId: waiting.id,
        ownerTelegramId: ctx.from.id,
        ownerName: [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(' '),
        botToken: text,
        botId: check.me.id,
        botUsername: check.me.username,
        locale: orderLocale(ctx.locale),
      });
      ctx.session.awaiting = undefined;
      ctx.log.info({ tenant: tenant.slug, subscription: subscription.id }, 'tenant onboarded');
      const link = botLink(check.me.username);
      await ctx.reply(
        ctx.t('onboarding.done', {
          bot: check.me.username,
          until: formatDay(subscription.paidUntil, ctx.locale),
          link,
        }),
        {
          parse_mode: 'HTML',
          reply_markup: Markup.inlineKeyboard([
            Markup.button.url(ctx.t('onboarding.open_bot', { bot: check.me.username }), link),
          ]).reply_markup,
        },
      );
    } catch (error) {
      if (isAppError(error, 'CONFLICT')) {
        await ctx.reply(ctx.t('onboarding.token_taken'), { parse_mode: 'HTML' });
        return;
      }
      throw error;
    }
  });
  return composer;
}
