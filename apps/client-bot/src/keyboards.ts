import type { CallbackCodec } from '@booking/bot-kit';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import { CB } from './callbacks.js';
import { CONSOLE_CB } from './features/console/callbacks.js';
import { label, type Speaker } from './format.js';
import type { TextKey } from './texts/index.js';

/** An inline button with a translated label. */
export function button(
  ctx: Speaker,
  codec: CallbackCodec,
  key: TextKey,
  action: string,
  ...args: Array<string | number>
): InlineKeyboardButton {
  return { text: label(ctx, key), callback_data: codec.encode(action, ...args) };
}

/** The main menu; with `manage`, for the business's team, the console's entry too. */
export function mainMenu(
  ctx: Speaker,
  codec: CallbackCodec,
  options: { manage?: boolean } = {},
): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [button(ctx, codec, 'menu.book', CB.menu, 'book')],
      [
        button(ctx, codec, 'menu.my', CB.menu, 'my'),
        button(ctx, codec, 'menu.waitlist', CB.menu, 'waitlist'),
      ],
      [
        button(ctx, codec, 'menu.language', CB.menu, 'language'),
        button(ctx, codec, 'menu.help', CB.menu, 'help'),
      ],
      ...(options.manage ? [[button(ctx, codec, 'console.manage', CONSOLE_CB.home)]] : []),
    ],
  };
}

/**
 * A single "Menu" button row, for the end of a screen. The menu replaces the screen,
 * or with `below` comes as a new message under it: a confirmation stays in the chat.
 */
export function menuRow(
  ctx: Speaker,
  codec: CallbackCodec,
  opens: 'here' | 'below' = 'here',
): InlineKeyboardButton[] {
  return [button(ctx, codec, 'common.menu', CB.menu, opens === 'below' ? 'below' : 'home')];
}

/** The last argument of Cancel and Reschedule pressed under a booking's confirmation. */
export const KEEP = 'k';

/**
 * Cancel and Reschedule under a booking. Opened from the list of the client's bookings,
 * it also leads back to that list; under a confirmation ("You are booked!") each button
 * opens its screen as a new message, leaving the confirmation in the chat.
 */
export function bookingActions(
  ctx: Speaker,
  codec: CallbackCodec,
  bookingId: number,
  from: 'list' | 'confirmation' | 'elsewhere' = 'elsewhere',
): InlineKeyboardMarkup {
  const keep = from === 'confirmation' ? [KEEP] : [];
  return {
    inline_keyboard: [
      [
        button(ctx, codec, 'book.cancel_booking', CB.cancelAsk, bookingId, ...keep),
        button(ctx, codec, 'book.reschedule_booking', CB.reschedule, bookingId, ...keep),
      ],
      from === 'list'
        ? [button(ctx, codec, 'common.back', CB.menu, 'my'), ...menuRow(ctx, codec)]
        : menuRow(ctx, codec, from === 'confirmation' ? 'below' : 'here'),
    ],
  };
}
