import { assertNever, type ErrorCode } from '@booking/core';

/** The master bot's words for each error code. */
export const ERROR_TEXTS = {
  en: {
    'errors.validation': 'That value is not valid. Check it and try again.',
    'errors.not_found': 'No such tenant.',
    'errors.conflict': 'This conflicts with another tenant (the same bot?).',
    'errors.forbidden': 'Not allowed.',
    'errors.unavailable': 'A service is unavailable. Try again in a minute.',
    'errors.tenant_deleted': 'This tenant is deleted.',
    'errors.other': 'This cannot be done now.',
  },
  ru: {
    'errors.validation': 'Значение неверно. Проверьте и попробуйте ещё раз.',
    'errors.not_found': 'Такого клиента нет.',
    'errors.conflict': 'Конфликт с другим клиентом (тот же бот?).',
    'errors.forbidden': 'Нельзя.',
    'errors.unavailable': 'Сервис недоступен. Попробуйте через минуту.',
    'errors.tenant_deleted': 'Этот клиент удалён.',
    'errors.other': 'Сейчас это сделать нельзя.',
  },
} as const;

/** The text key of an error code: the master bot's one place for that. */
export function errorTextKey(code: ErrorCode): keyof (typeof ERROR_TEXTS)['en'] {
  switch (code) {
    case 'VALIDATION':
    case 'INVALID_SLUG':
      return 'errors.validation';
    case 'NOT_FOUND':
      return 'errors.not_found';
    case 'CONFLICT':
      return 'errors.conflict';
    case 'FORBIDDEN':
      return 'errors.forbidden';
    case 'UNAVAILABLE':
      return 'errors.unavailable';
    case 'TENANT_DELETED':
      return 'errors.tenant_deleted';
    case 'TENANT_SUSPENDED':
    case 'SLOT_TAKEN':
    case 'OUTSIDE_HOURS':
    case 'TOO_SOON':
    case 'TOO_FAR':
    case 'LIMIT_REACHED':
    case 'CLIENT_BLOCKED':
    case 'SERVICE_INACTIVE':
    case 'STAFF_CANNOT_PERFORM':
    case 'CANCELLATION_WINDOW_PASSED':
    case 'INVALID_STATUS':
    case 'OFFER_EXPIRED':
    case 'LAST_OWNER':
      return 'errors.other';
    default:
      return assertNever(code);
  }
}
