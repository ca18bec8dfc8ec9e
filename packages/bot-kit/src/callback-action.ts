import type { MiddlewareFn } from 'telegraf';
import type { CallbackCodec } from './callback-data.js';
import type { AnyBotContext } from './context.js';

/**
 * Handles presses of buttons whose data `codec` encoded with `action`; passes anything
 * else on. The handler gets the decoded arguments.
 */
export function callbackAction<C extends AnyBotContext>(
  codec: CallbackCodec,
  action: string,
  handler: (ctx: C, args: string[]) => Promise<unknown>,
): MiddlewareFn<C> {
  return async (ctx, next) => {
    const data =
      ctx.callbackQuery && 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined;
    const decoded = data === undefined ? undefined : codec.decode(data);
    if (decoded?.action !== action) {
      return next();
    }
    await handler(ctx, decoded.args);
  };
}

/**
 * The last handler for button presses: whatever no feature took (forged data, a button
 * of an old version, a screen that moved on) is answered "this button is outdated" and
 * changes nothing.
 */
export function outdatedButtons<C extends AnyBotContext>(): MiddlewareFn<C> {
  return async (ctx, next) => {
    if (!ctx.callbackQuery) {
      return next();
    }
    ctx.log.info('outdated or unknown button pressed');
    await ctx.answerCbQuery(ctx.t('button.outdated'), { show_alert: false });
  };
}
