import { assertNever, type ErrorCode } from '@booking/core';

/** The client bot's words for each error code, in every locale. */
export const ERROR_TEXTS = {
  en: {
    'errors.validation': 'That does not look right. Please check it and try again.',
    'errors.not_found': 'This is no longer available.',
    'errors.conflict': 'This was changed meanwhile. Please start again.',
    'errors.forbidden': 'You are not allowed to do that.',
    'errors.unavailable': 'Booking is temporarily unavailable. Please try again later.',
    'errors.slot_taken': 'Sorry, this time was just taken by someone else.',
    'errors.outside_hours': 'This time is outside working hours.',
    'errors.too_soon': 'This time is too soon to book.',
    'errors.too_far': 'This date is too far ahead to book.',
    'errors.limit_reached': 'You already have the maximum number of upcoming bookings.',
    'errors.client_blocked':
      'Online booking is not available for you. Please contact the business.',
    'errors.service_inactive': 'This service is no longer offered.',
    'errors.staff_cannot_perform': 'This specialist does not offer this service.',
    'errors.cancellation_window_passed':
      'It is too late to change this booking online. Please contact the business.',
    'errors.invalid_status': 'This booking can no longer be changed.',
    'errors.offer_expired': 'Sorry, this offer has expired.',
    'errors.last_owner': 'The last owner cannot be removed or demoted.',
  },
  ru: {
    'errors.validation': 'Что-то не так. Проверьте, пожалуйста, и попробуйте снова.',
    'errors.not_found': 'Это больше недоступно.',
    'errors.conflict': 'Данные изменились. Начните, пожалуйста, заново.',
    'errors.forbidden': 'У вас нет прав на это действие.',
    'errors.unavailable': 'Запись временно недоступна. Попробуйте позже.',
    'errors.slot_taken': 'Извините, это время только что занял другой клиент.',
    'errors.outside_hours': 'Это время вне рабочих часов.',
    'errors.too_soon': 'На это время уже нельзя записаться: слишком скоро.',
    'errors.too_far': 'На эту дату пока нельзя записаться: слишком далеко.',
    'errors.limit_reached': 'У вас уже максимальное число предстоящих записей.',
    'errors.client_blocked': 'Онлайн-запись для вас недоступна. Свяжитесь, пожалуйста, с нами.',
    'errors.service_inactive': 'Эта услуга больше не оказывается.',
    'errors.staff_cannot_perform': 'Этот специалист не оказывает эту услугу.',
    'errors.cancellation_window_passed':
      'Изменить эту запись онлайн уже поздно. Свяжитесь, пожалуйста, с нами.',
    'errors.invalid_status': 'Эту запись уже нельзя изменить.',
    'errors.offer_expired': 'Извините, предложение уже истекло.',
    'errors.last_owner': 'Нельзя удалить или понизить последнего владельца.',
  },
  es: {
    'errors.validation': 'Algo no está bien. Revíselo e inténtelo de nuevo.',
    'errors.not_found': 'Esto ya no está disponible.',
    'errors.conflict': 'Esto cambió mientras tanto. Empiece de nuevo, por favor.',
    'errors.forbidden': 'No tiene permiso para hacer esto.',
    'errors.unavailable': 'Las reservas no están disponibles por ahora. Inténtelo más tarde.',
    'errors.slot_taken': 'Lo sentimos, alguien acaba de reservar esta hora.',
    'errors.outside_hours': 'Esta hora está fuera del horario de trabajo.',
    'errors.too_soon': 'Es demasiado pronto para reservar esta hora.',
    'errors.too_far': 'Esta fecha está demasiado lejos para reservar.',
    'errors.limit_reached': 'Ya tiene el número máximo de reservas próximas.',
    'errors.client_blocked':
      'La reserva en línea no está disponible para usted. Contacte con el negocio.',
    'errors.service_inactive': 'Este servicio ya no se ofrece.',
    'errors.staff_cannot_perform': 'Este especialista no ofrece este servicio.',
    'errors.cancellation_window_passed':
      'Ya es tarde para cambiar esta reserva en línea. Contacte con el negocio.',
    'errors.invalid_status': 'Esta reserva ya no se puede cambiar.',
    'errors.offer_expired': 'Lo sentimos, esta oferta ha caducado.',
    'errors.last_owner': 'No se puede quitar ni degradar al último propietario.',
  },
} as const;

/** A key of {@link ERROR_TEXTS}. */
export type ErrorTextKey = keyof (typeof ERROR_TEXTS)['en'];

/**
 * The one place where an error code becomes the client bot's words: the text key of each
 * code. A new code fails to compile here until it is given one.
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
      return 'errors.conflict';
    case 'FORBIDDEN':
      return 'errors.forbidden';
    case 'UNAVAILABLE':
    case 'TENANT_SUSPENDED':
      return 'errors.unavailable';
    case 'SLOT_TAKEN':
      return 'errors.slot_taken';
    case 'OUTSIDE_HOURS':
      return 'errors.outside_hours';
    case 'TOO_SOON':
      return 'errors.too_soon';
    case 'TOO_FAR':
      return 'errors.too_far';
    case 'LIMIT_REACHED':
      return 'errors.limit_reached';
    case 'CLIENT_BLOCKED':
      return 'errors.client_blocked';
    case 'SERVICE_INACTIVE':
      return 'errors.service_inactive';
    case 'STAFF_CANNOT_PERFORM':
      return 'errors.staff_cannot_perform';
    case 'CANCELLATION_WINDOW_PASSED':
      return 'errors.cancellation_window_passed';
    case 'INVALID_STATUS':
      return 'errors.invalid_status';
    case 'OFFER_EXPIRED':
      return 'errors.offer_expired';
    case 'LAST_OWNER':
      return 'errors.last_owner';
    default:
      return assertNever(code);
  }
}
