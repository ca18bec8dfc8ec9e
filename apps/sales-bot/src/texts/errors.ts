import { assertNever, type ErrorCode } from '@booking/core';

/** The sales bot's words for each error code, in every locale. */
export const ERROR_TEXTS = {
  en: {
    'errors.validation': 'That does not look right. Please check it and try again.',
    'errors.not_found': 'This is no longer available. Please start again with /start.',
    'errors.conflict': 'This was changed meanwhile. Please start again with /start.',
    'errors.forbidden': 'This belongs to another account.',
    'errors.unavailable': 'The service is temporarily unavailable. Please try again in a minute.',
  },
  ru: {
    'errors.validation': 'Что-то не так. Проверьте, пожалуйста, и попробуйте снова.',
    'errors.not_found': 'Это больше недоступно. Начните, пожалуйста, заново: /start.',
    'errors.conflict': 'Данные изменились. Начните, пожалуйста, заново: /start.',
    'errors.forbidden': 'Это относится к другому аккаунту.',
    'errors.unavailable': 'Сервис временно недоступен. Попробуйте через минуту.',
  },
} as const;

/** A key of {@link ERROR_TEXTS}. */
export type ErrorTextKey = keyof (typeof ERROR_TEXTS)['en'];

/**
 * The one place where an error code becomes the sales bot's words. Booking codes never
 * come from the storefront's operations; they get the generic words all the same, and a
 * new code fails to compile here until it is given some.
 */
export function errorTextKey(code: ErrorCode): ErrorTextKey {
  switch (code) {
    case 'VALIDATION':
    case 'INVALID_SLUG':
      return 'errors.validation';
    case 'NOT_FOUND':
    case 'TENANT_DELETED':
      return 'errors.not_found';
    case 'CONFLICT':
    case 'SLOT_TAKEN':
    case 'INVALID_STATUS':
    case 'OFFER_EXPIRED':
    case 'LAST_OWNER':
      return 'errors.conflict';
    case 'FORBIDDEN':
    case 'CLIENT_BLOCKED':
      return 'errors.forbidden';
    case 'UNAVAILABLE':
    case 'TENANT_SUSPENDED':
    case 'OUTSIDE_HOURS':
    case 'TOO_SOON':
    case 'TOO_FAR':
    case 'LIMIT_REACHED':
    case 'SERVICE_INACTIVE':
    case 'STAFF_CANNOT_PERFORM':
    case 'CANCELLATION_WINDOW_PASSED':
      return 'errors.unavailable';
    default:
      return assertNever(code);
  }
}
