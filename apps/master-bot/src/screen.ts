import type { InlineKeyboardButton } from 'telegraf/types';
import { withKeyboard } from './callbacks.js';
import type { MasterContext } from './context.js';

/**
 * Shows a screen: edits the message whose button was pressed, or sends a new one for a
 * command. An edit that changes nothing is no error.
 */
export async function show(
  ctx: MasterContext,
  text: string,
  rows: InlineKeyboardButton[][] = [],
): Promise<void> {
  if (ctx.callbackQuery && 'message' in ctx.callbackQuery && ctx.callbackQuery.message) {
    await ctx.answerCbQuery().catch(() => undefined);
    try {
      await ctx.editMessageText(text, withKeyboard(rows));
      return;
    } catch (error) {
      if (String((error as Error).message).includes('message is not modified')) {
        return;
      }
      throw error;
    }
  }
  await ctx.reply(text, withKeyboard(rows));
}

/** A date as the console shows it (UTC day), or a dash. */
export function day(ctx: MasterContext, date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : ctx.t('card.none');
}
