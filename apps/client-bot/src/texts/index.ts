import { createI18n } from '@booking/bot-kit';
import { EN, type TextKey } from './en.js';
import { ES } from './es.js';
import { RU } from './ru.js';

export type { TextKey } from './en.js';

/** The client bot's translations in every supported locale. */
export const i18n = createI18n<TextKey>({ en: EN, ru: RU, es: ES });
