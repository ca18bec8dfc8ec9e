/** Locales the bots speak. */
export const BOT_LOCALES = ['ru', 'en', 'es'] as const;
/** One of {@link BOT_LOCALES}. */
export type BotLocale = (typeof BOT_LOCALES)[number];

/** Whether `value` (a stored or sent language) is one the bots speak. */
export function isBotLocale(value: string | undefined): value is BotLocale {
  return (BOT_LOCALES as readonly (string | undefined)[]).includes(value);
}

/** A flat dictionary: key to text with `{param}` placeholders, in Telegram HTML. */
export type Dictionary = Record<string, string>;

/** Values put into placeholders. Strings are HTML-escaped; wrap trusted HTML in {@link html}. */
export type TextParams = Record<string, string | number | TrustedHtml>;

/** HTML the code built itself (never user input), inserted as is. */
export class TrustedHtml {
  constructor(readonly value: string) {}
}

/** Marks `value` as HTML to insert without escaping. */
export function html(value: string): TrustedHtml {
  return new TrustedHtml(value);
}

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A translation function bound to one locale. Declared through a method so that a
 * translator of an app's narrower key set can be passed where any translator is taken.
 */
export type Translate<K extends string = string> = {
  translate(key: K, params?: TextParams): string;
}['translate'];

/**
 * Picks the bot locale for a Telegram `language_code` (`pt-BR`, `es-MX`, `ru`):
 * its language if supported, else `fallback`.
 */
export function localeFromLanguageCode(code: string | undefined, fallback: BotLocale): BotLocale {
  const language = code?.toLowerCase().split(/[-_]/)[0];
  return isBotLocale(language) ? language : fallback;
}

/**
 * The locale a stored language names (a client's, a tenant's default), if the bots speak
 * it; else `fallback`'s; else Russian, the platform's first language.
 */
export function storedLocale(locale: string, fallback: string): BotLocale {
  return isBotLocale(locale) ? locale : isBotLocale(fallback) ? fallback : 'ru';
}

/**
 * Builds translators from one dictionary per locale. English is the reference: a key
 * missing in another locale falls back to English, and a key missing everywhere is a bug
 * that shows the key itself rather than crashing a conversation.
 */
export function createI18n<K extends string>(
  dictionaries: Record<BotLocale, Partial<Record<K, string>>> & { en: Record<K, string> },
) {
  return {
    /**
     * A translator for `locale`. `overrides` (the tenant's text templates for that
     * locale, key to plain text) win over the built-in texts; they are escaped, since
     * an owner types them.
     */
    translator(locale: BotLocale, overrides?: ReadonlyMap<string, string>): Translate<K> {
      return (key, params) => {
        const override = overrides?.get(key);
        const template =
          override !== undefined
            ? escapeHtml(override)
            : (dictionaries[locale][key] ?? dictionaries.en[key] ?? key);
        return interpolate(template, params);
      };
    },
  };
}

function interpolate(template: string, params: TextParams | undefined): string {
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) {
      return whole;
    }
    return value instanceof TrustedHtml ? value.value : escapeHtml(String(value));
  });
}

/**
 * Turns a translated text back into plain text for places that do not parse HTML,
 * such as button labels: tags go, entities become characters.
 */
export function htmlToPlain(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
