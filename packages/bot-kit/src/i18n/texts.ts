import type { BotLocale } from './i18n.js';

/**
 * Texts every bot needs: the apology for a bug, flood control, outdated buttons. Apps merge
 * their own over these, including their words for each error code.
 */
export const BOT_KIT_TEXTS = {
  en: {
    'flood.slow_down': 'Too many messages at once. Please wait a few seconds.',
    'button.outdated': 'This button is outdated. Please use the latest message.',
    'errors.unexpected': 'Sorry, something went wrong on our side. Please try again in a minute.',
  },
  ru: {
    'flood.slow_down': 'Слишком много сообщений подряд. Подождите несколько секунд.',
    'button.outdated': 'Эта кнопка устарела. Воспользуйтесь последним сообщением.',
    'errors.unexpected': 'Извините, у нас что-то пошло не так. Попробуйте ещё раз через минуту.',
  },
  es: {
    'flood.slow_down': 'Demasiados mensajes seguidos. Espere unos segundos, por favor.',
    'button.outdated': 'Este botón ya no es válido. Use el mensaje más reciente.',
    'errors.unexpected':
      'Lo sentimos, algo falló de nuestro lado. Inténtelo de nuevo en un minuto.',
  },
} as const satisfies Record<BotLocale, Record<string, string>>;

/** Keys of {@link BOT_KIT_TEXTS}. */
export type BotKitTextKey = keyof (typeof BOT_KIT_TEXTS)['en'];
