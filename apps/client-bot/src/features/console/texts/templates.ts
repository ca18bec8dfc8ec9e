import type { BotLocale } from '@booking/bot-kit';
import { EN, type TextKey } from '../../../texts/en.js';
import { i18n } from '../../../texts/index.js';

/** Groups of texts customers see; the rest (admins' notices, the console) are not editable. */
const CUSTOMER_PREFIXES = [
  'start.',
  'menu.',
  'help.',
  'book.',
  'my.',
  'waitlist.',
  'reminder.',
  'feedback.',
  'notice.',
  'fallback.',
  'language.',
  'common.',
];

/** Every customer-facing text key, in the dictionary's order. */
export const CUSTOMER_TEXT_KEYS: readonly TextKey[] = (Object.keys(EN) as TextKey[]).filter((key) =>
  CUSTOMER_PREFIXES.some((prefix) => key.startsWith(prefix)),
);

/** Whether `key` is a customer-facing text an owner may change. */
export function isCustomerTextKey(key: string): key is TextKey {
  return (CUSTOMER_TEXT_KEYS as readonly string[]).includes(key);
}

/** The `{placeholders}` of a text, sorted, each once. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string))].sort();
}

/** The built-in text of `key` in `locale` (Telegram HTML). */
export function defaultText(key: TextKey, locale: BotLocale): string {
  return i18n.translator(locale)(key);
}

/**
 * What customers see for `key` in `locale` with the tenant's own version `custom` (plain
 * text, escaped) or the built-in one; placeholders stay as `{name}`.
 */
export function previewText(key: TextKey, locale: BotLocale, custom: string | undefined): string {
  return i18n.translator(locale, custom === undefined ? undefined : new Map([[key, custom]]))(key);
}

/** Why a typed text cannot replace `key`'s, or `undefined` when it can. */
export function textProblem(
  key: TextKey,
  locale: BotLocale,
  text: string,
): 'length' | 'placeholders' | undefined {
  const typed = text.trim();
  if (typed.length === 0 || typed.length > 4096) {
    return 'length';
  }
  const expected = placeholdersOf(defaultText(key, locale)).join(',');
  return placeholdersOf(typed).join(',') === expected ? undefined : 'placeholders';
}
