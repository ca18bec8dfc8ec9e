import { createI18n } from '@booking/bot-kit';
import { EN, type TextKey } from './en.js';
import { RU } from './ru.js';

export type { TextKey } from './en.js';

/** The master bot's translations: Russian and English (a Spanish speaker reads English). */
export const i18n = createI18n<TextKey>({ en: EN, ru: RU, es: EN });
