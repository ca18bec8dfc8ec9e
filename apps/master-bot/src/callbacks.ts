import { createHmac } from 'node:crypto';
import { CallbackCodec } from '@booking/bot-kit';
import type { Markup } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';

/** Button actions of the master bot (short: callback data holds 64 bytes). */
export const ACTION = {
  menu: 'm',
  list: 'l',
  card: 'c',
  suspend: 'sus',
  resume: 'res',
  pin: 'pin',
  unpin: 'unp',
  extend: 'ext',
  plan: 'pln',
  delete: 'del',
  stats: 'st',
  broadcast: 'bc',
  broadcastSend: 'bcy',
  broadcastCancel: 'bcn',
} as const;

/** List filters as they travel in button data. */
export const LIST_FILTERS = ['all', 'active', 'suspended', 'expiring'] as const;
/** One of {@link LIST_FILTERS}. */
export type ListFilter = (typeof LIST_FILTERS)[number];

/** The signing codec of the master bot's buttons, derived from the encryption key. */
export function masterCodec(encryptionKey: Buffer): CallbackCodec {
  return new CallbackCodec(createHmac('sha256', encryptionKey).update('callback:master').digest());
}

/** An inline button whose data `codec` signs. */
export function button(
  codec: CallbackCodec,
  text: string,
  action: string,
  ...args: Array<string | number>
): InlineKeyboardButton.CallbackButton {
  return { text, callback_data: codec.encode(action, ...args) };
}

/** Reply extras of an HTML text with an inline keyboard. */
export function withKeyboard(rows: InlineKeyboardButton[][]): {
  parse_mode: 'HTML';
  reply_markup: ReturnType<typeof Markup.inlineKeyboard>['reply_markup'];
} {
  return { parse_mode: 'HTML', reply_markup: { inline_keyboard: rows } };
}

/**
 * Handles presses of buttons this bot signed with `action`; passes anything else on.
 * Unsigned or unknown data falls through to bot-kit's "outdated button" answer.
 */
export function onAction<C extends { callbackQuery?: unknown; scope: { codec: CallbackCodec } }>(
  action: string,
  handler: (ctx: C, args: string[]) => Promise<unknown>,
): (ctx: C, next: () => Promise<void>) => Promise<void> {
  return async (ctx, next) => {
    const query = ctx.callbackQuery as { data?: string } | undefined;
    const decoded = query?.data === undefined ? undefined : ctx.scope.codec.decode(query.data);
    if (decoded?.action !== action) {
      return next();
    }
    await handler(ctx, decoded.args);
  };
}
