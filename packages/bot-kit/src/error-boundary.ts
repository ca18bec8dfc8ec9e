import { AppError, assertNever, type ErrorCode } from '@booking/core';
import type { MiddlewareFn } from 'telegraf';
import type { BotContext } from './context.js';
import { BOT_KIT_TEXTS, type BotKitTextKey } from './i18n/texts.js';

/**
 * The one place where an error code becomes words for a Telegram user: the text key
 * of each code. A new code fails to compile here until it is given one.
 */
export function errorTextKey(code: ErrorCode): BotKitTextKey {
  switch (code) {
    case 'VALIDATION':
    case 'INVALID_SLUG':
      return 'errors.validation';
    case 'NOT_FOUND':
    case 'TENANT_DELETED':
      return 'errors.not_found';
    case 'CONFLICT':
      return 'errors.conflict';
    case 'FORBIDDEN':
      return 'errors.forbidden';
    case 'UNAVAILABLE':
    case 'TENANT_SUSPENDED':
      return 'errors.unavailable';
    case 'SLOT_TAKEN':
      return 'errors.slot_taken';
    case 'OUTSIDE_HOURS':
      return 'errors.outside_hours';
    case 'TOO_SOON':
      return 'errors.too_soon';
    case 'TOO_FAR':
      return 'errors.too_far';
    case 'LIMIT_REACHED':
      return 'errors.limit_reached';
    case 'CLIENT_BLOCKED':
      return 'errors.client_blocked';
    case 'SERVICE_INACTIVE':
      return 'errors.service_inactive';
    case 'STAFF_CANNOT_PERFORM':
      return 'errors.staff_cannot_perform';
    case 'CANCELLATION_WINDOW_PASSED':
      return 'errors.cancellation_window_passed';
    case 'INVALID_STATUS':
      return 'errors.invalid_status';
    case 'OFFER_EXPIRED':
      return 'errors.offer_expired';
    case 'LAST_OWNER':
      return 'errors.last_owner';
    default:
      return assertNever(code);
  }
}

/**
 * Catches whatever a handler throws. An {@link AppError} becomes its localized text; any
 * other error is a bug: it is logged with the update id and the user gets an apology.
 * Nothing a handler throws reaches telegraf, so no update can stop the process.
 */
export function errorBoundary<C extends BotContext>(): MiddlewareFn<C> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      // The translator may be what failed (it reads the tenant's texts from Postgres).
      const translated = (ctx as Partial<BotContext>).t;
      const t = (key: BotKitTextKey): string =>
        translated ? ctx.t(key) : BOT_KIT_TEXTS[ctx.locale][key];
      let text: string;
      if (error instanceof AppError) {
        ctx.log.info(
          { code: error.code, details: error.details },
          'update ended with an expected error',
        );
        text = t(errorTextKey(error.code));
      } else {
        ctx.log.error({ err: error }, 'update failed');
        text = t('errors.unexpected');
      }
      await tellUser(ctx, text);
    }
  };
}

async function tellUser(ctx: BotContext, text: string): Promise<void> {
  try {
    if (ctx.callbackQuery) {
      // The query may have been answered already; then the chat message carries the text.
      await ctx.answerCbQuery().catch(() => undefined);
    }
    if (ctx.chat) {
      await ctx.reply(text, { parse_mode: 'HTML' });
    }
  } catch (error) {
    ctx.log.warn({ err: error }, 'could not tell the user about an error');
  }
}
