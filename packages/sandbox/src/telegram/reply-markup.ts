import { badRequest } from './telegram-errors.js';
import type {
  TgInlineKeyboardButton,
  TgInlineKeyboardMarkup,
  TgKeyboardButton,
  TgReplyKeyboardMarkup,
  TgReplyMarkup,
} from './telegram-types.js';

/** Telegram's cap on buttons in one inline keyboard. */
export const MAX_INLINE_BUTTONS = 100;
/** Telegram's cap on callback_data, in UTF-8 bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;

const INLINE_ACTIONS = [
  'callback_data',
  'url',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
];

/**
 * Validates a `reply_markup` value as Telegram does and returns it normalized.
 * Throws a 400 TelegramApiError with Telegram's wording when it is invalid.
 */
export function validateReplyMarkup(value: unknown): TgReplyMarkup | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!isObject(value)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  if ('inline_keyboard' in value) {
    return validateInlineKeyboard(value.inline_keyboard);
  }
  if ('keyboard' in value) {
    return validateReplyKeyboard(value);
  }
  if (value.remove_keyboard === true) {
    return { remove_keyboard: true, ...(value.selective === true ? { selective: true } : {}) };
  }
  if (value.force_reply === true) {
    return {
      force_reply: true,
      ...(typeof value.input_field_placeholder === 'string'
        ? { input_field_placeholder: value.input_field_placeholder }
        : {}),
    };
  }
  throw badRequest("can't parse reply keyboard markup JSON object");
}

/** Validates an inline keyboard: rows of buttons with exactly one action each. */
export function validateInlineKeyboard(rows: unknown): TgInlineKeyboardMarkup {
  if (!Array.isArray(rows)) {
    throw badRequest(
      'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays',
    );
  }
  let count = 0;
  const keyboard: TgInlineKeyboardButton[][] = [];
  for (const row of rows) {
    if (!Array.isArray(row)) {
      throw badRequest(
        'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays',
      );
    }
    const buttons: TgInlineKeyboardButton[] = [];
    for (const button of row) {
      count += 1;
      if (!isObject(button) || typeof button.text !== 'string') {
        throw badRequest(
          'can\'t parse inline keyboard button: Field "text" must be of type String',
        );
      }
      if (button.text.trim() === '') {
        throw badRequest('BUTTON_TEXT_EMPTY');
      }
      const actions = INLINE_ACTIONS.filter((action) => button[action] !== undefined);
      if (actions.length === 0) {
        throw badRequest(
          "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        );
      }
      if (button.callback_data !== undefined) {
        const data = String(button.callback_data);
        const bytes = Buffer.byteLength(data);
        if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) {
          throw badRequest('BUTTON_DATA_INVALID');
        }
      }
      if (button.url !== undefined && !isValidButtonUrl(String(button.url))) {
        throw badRequest(
          `inline keyboard button URL '${String(button.url)}' is invalid: Wrong HTTP URL`,
        );
      }
      buttons.push({ ...button, text: button.text } as TgInlineKeyboardButton);
    }
    keyboard.push(buttons);
  }
  if (count > MAX_INLINE_BUTTONS) {
    throw badRequest('reply markup is too long');
  }
  return { inline_keyboard: keyboard };
}

function validateReplyKeyboard(value: Record<string, unknown>): TgReplyKeyboardMarkup {
  const rows = value.keyboard;
  if (!Array.isArray(rows)) {
    throw badRequest('field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays');
  }
  const keyboard: TgKeyboardButton[][] = rows.map((row) => {
    if (!Array.isArray(row)) {
      throw badRequest('field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays');
    }
    return row.map((button: unknown) => {
      const normalized = typeof button === 'string' ? { text: button } : button;
      if (!isObject(normalized) || typeof normalized.text !== 'string') {
        throw badRequest('can\'t parse keyboard button: Field "text" must be of type String');
      }
      return { ...normalized, text: normalized.text } as TgKeyboardButton;
    });
  });
  const markup: TgReplyKeyboardMarkup = { keyboard };
  for (const flag of [
    'resize_keyboard',
    'one_time_keyboard',
    'is_persistent',
    'selective',
  ] as const) {
    if (value[flag] === true) {
      markup[flag] = true;
    }
  }
  if (typeof value.input_field_placeholder === 'string') {
    markup.input_field_placeholder = value.input_field_placeholder;
  }
  return markup;
}

function isValidButtonUrl(url: string): boolean {
  return /^(https?|tg):\/\/\S+$/i.test(url);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an inline keyboard markup. */
export function isInlineKeyboard(
  markup: TgReplyMarkup | undefined,
): markup is TgInlineKeyboardMarkup {
  return markup !== undefined && 'inline_keyboard' in markup;
}

/** True for a reply (custom) keyboard markup. */
export function isReplyKeyboard(
  markup: TgReplyMarkup | undefined,
): markup is TgReplyKeyboardMarkup {
  return markup !== undefined && 'keyboard' in markup;
}
