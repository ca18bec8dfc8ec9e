import { AppError, type ErrorCode } from '@booking/core';
import type { MiddlewareFn } from 'telegraf';
import type { AnyBotContext } from './context.js';
import { BOT_KIT_TEXTS } from './i18n/texts.js';

/**
 * The text key of each error code in an app's own words. Each app writes it as one
 * exhaustive switch, so a new code fails to compile until every app has words for it.
 */
export type ErrorTextKey = (code: ErrorCode) => string;

/**
 * Catches whatever a handler throws. An {@link AppError} becomes the app's words for its
 * code; any other error is a bug: it is logged with the update id and the user gets an
 * apology. Nothing a handler throws reaches telegraf, so no update can stop the process.
 */
export function errorBoundary<C extends AnyBotContext>(
  errorTextKey: ErrorTextKey,
): MiddlewareFn<C> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      // The translator may be what failed (it can read texts from Postgres); then only
      // bot-kit's own apology is at hand.
      const translated = (ctx as Partial<AnyBotContext>).t !== undefined;
      const unexpected = (): string =>
        translated ? ctx.t('errors.unexpected') : BOT_KIT_TEXTS[ctx.locale]['errors.unexpected'];
      let text: string;
      if (error instanceof AppError) {
        ctx.log.info(
          { code: error.code, details: error.details },
          'update ended with an expected error',
        );
        text = translated ? ctx.t(errorTextKey(error.code)) : unexpected();
      } else {
        ctx.log.error({ err: error }, 'update failed');
        text = unexpected();
      }
      await tellUser(ctx, text);
    }
  };
}

async function tellUser(ctx: AnyBotContext, text: string): Promise<void> {
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
