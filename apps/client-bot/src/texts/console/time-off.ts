/** Texts of the console's time-off area: blocked periods and special hours. */
const en = {
  'manage.cancel': '✖ Cancel',
  'timeoff.section': '🌴 Time off',
  'timeoff.title':
    '🌴 <b>Time off</b>\nBlock time for a specialist or the whole business, or set special hours on a date.{periods}',
  'timeoff.periods': '\n\nBlocked ahead (press to remove):',
  'timeoff.block': '🚫 Block time',
  'timeoff.hours': '🕘 Special hours',
  'timeoff.who': 'For whom?',
  'timeoff.business': '🏢 Whole business',
  'timeoff.ask_period':
    '<b>{who}</b>: which time? Type one of:\n• <code>25.12</code>: a whole day\n• <code>25.12-05.01</code>: whole days\n• <code>25.12 14:00-18:00</code>: hours of a day',
  'timeoff.bad_period':
    'I cannot read that as a period still ahead. Type e.g. <code>25.12</code>, <code>25.12-05.01</code> or <code>25.12 14:00-18:00</code>.',
  'timeoff.ask_reason':
    'Why? Clients whose bookings are cancelled see this reason (e.g. Vacation). 1 to 200 characters.',
  'timeoff.bad_reason': 'Type a reason of 1 to 200 characters.',
  'timeoff.preview_none': '<b>{who}</b>, {period}\nReason: {reason}\n\nNo bookings fall inside.',
  'timeoff.preview':
    '<b>{who}</b>, {period}\nReason: {reason}\n\nBookings inside ({count}):\n{list}\n\nCancel them (each client is told the reason) or keep them?',
  'timeoff.confirm': '✅ Block',
  'timeoff.cancel_them': '✖ Cancel them, tell clients',
  'timeoff.keep_them': '📌 Keep them',
  'timeoff.done': '✅ Blocked: <b>{who}</b>, {period}.',
  'timeoff.done_cancelled': '{count} booking(s) cancelled; each client is told.',
  'timeoff.done_kept': '{count} booking(s) kept.',
  'timeoff.ask_hours':
    '<b>{who}</b>: type the date and its hours, e.g.\n• <code>25.12 10:00-14:00</code>\n• <code>25.12 10:00-13:00, 14:00-18:00</code> (with a break)\n• <code>25.12 off</code>: closed that day',
  'timeoff.bad_hours':
    'I cannot read that. Type e.g. <code>25.12 10:00-14:00</code>, <code>25.12 10:00-13:00, 14:00-18:00</code> or <code>25.12 off</code>: a date from today on, intervals that do not overlap.',
  'timeoff.hours_done': '✅ <b>{who}</b> on {date}: {hours}.',
  'timeoff.closed': 'closed',
  'timeoff.ask_reason_hours':
    '{count} booking(s) fall outside these hours. Why the change? Clients whose bookings are cancelled see this reason (e.g. Staff training). 1 to 200 characters.',
  'timeoff.preview_hours':
    '<b>{who}</b>, {period}\nReason: {reason}\n\nBookings outside the new hours ({count}):\n{list}\n\nCancel them (each client is told the reason) or keep them?',
  'timeoff.confirm_hours': '✅ Set the hours',
  'timeoff.unblocked': 'The block was removed: {period}.',
} as const;

type TimeOffKey = keyof typeof en;

const ru: Record<TimeOffKey, string> = {
  'manage.cancel': '✖ Отмена',
  'timeoff.section': '🌴 Выходные',
  'timeoff.title':
    '🌴 <b>Выходные и перерывы</b>\nЗакройте время специалиста или всего заведения, или задайте особые часы на дату.{periods}',
  'timeoff.periods': '\n\nЗакрыто впереди (нажмите, чтобы открыть):',
  'timeoff.block': '🚫 Закрыть время',
  'timeoff.hours': '🕘 Особые часы',
  'timeoff.who': 'Для кого?',
  'timeoff.business': '🏢 Всё заведение',
  'timeoff.ask_period':
    '<b>{who}</b>: какое время? Напишите:\n• <code>25.12</code> — весь день\n• <code>25.12-05.01</code> — несколько дней\n• <code>25.12 14:00-18:00</code> — часы одного дня',
  'timeoff.bad_period':
    'Не получилось прочитать период в будущем. Напишите, например, <code>25.12</code>, <code>25.12-05.01</code> или <code>25.12 14:00-18:00</code>.',
  'timeoff.ask_reason':
    'Причина? Клиенты отменённых записей увидят её (например, Отпуск). От 1 до 200 символов.',
  'timeoff.bad_reason': 'Напишите причину от 1 до 200 символов.',
  'timeoff.preview_none': '<b>{who}</b>, {period}\nПричина: {reason}\n\nЗаписей в это время нет.',
  'timeoff.preview':
    '<b>{who}</b>, {period}\nПричина: {reason}\n\nЗаписи в это время ({count}):\n{list}\n\nОтменить их (каждый клиент получит причину) или оставить?',
  'timeoff.confirm': '✅ Закрыть',
  'timeoff.cancel_them': '✖ Отменить, сообщить клиентам',
  'timeoff.keep_them': '📌 Оставить',
  'timeoff.done': '✅ Закрыто: <b>{who}</b>, {period}.',
  'timeoff.done_cancelled': 'Отменено записей: {count}; клиенты получат сообщение.',
  'timeoff.done_kept': 'Оставлено записей: {count}.',
  'timeoff.ask_hours':
    '<b>{who}</b>: напишите дату и часы, например:\n• <code>25.12 10:00-14:00</code>\n• <code>25.12 10:00-13:00, 14:00-18:00</code> (с перерывом)\n• <code>25.12 выходной</code> — закрыто весь день',
  'timeoff.bad_hours':
    'Не получилось прочитать. Напишите, например, <code>25.12 10:00-14:00</code>, <code>25.12 10:00-13:00, 14:00-18:00</code> или <code>25.12 выходной</code>: дата не раньше сегодня, интервалы не пересекаются.',
  'timeoff.hours_done': '✅ <b>{who}</b>, {date}: {hours}.',
  'timeoff.closed': 'выходной',
  'timeoff.ask_reason_hours':
    'Вне этих часов записей: {count}. Причина изменения? Клиенты отменённых записей увидят её (например, Обучение). От 1 до 200 символов.',
  'timeoff.preview_hours':
    '<b>{who}</b>, {period}\nПричина: {reason}\n\nЗаписи вне новых часов ({count}):\n{list}\n\nОтменить их (каждый клиент получит причину) или оставить?',
  'timeoff.confirm_hours': '✅ Задать часы',
  'timeoff.unblocked': 'Время снова открыто: {period}.',
};

const es: Record<TimeOffKey, string> = {
  'manage.cancel': '✖ Cancelar',
  'timeoff.section': '🌴 Ausencias',
  'timeoff.title':
    '🌴 <b>Ausencias</b>\nBloquee tiempo de un especialista o de todo el negocio, o fije un horario especial para una fecha.{periods}',
  'timeoff.periods': '\n\nBloqueado próximamente (pulse para quitar):',
  'timeoff.block': '🚫 Bloquear tiempo',
  'timeoff.hours': '🕘 Horario especial',
  'timeoff.who': '¿Para quién?',
  'timeoff.business': '🏢 Todo el negocio',
  'timeoff.ask_period':
    '<b>{who}</b>: ¿qué periodo? Escriba:\n• <code>25.12</code>: un día entero\n• <code>25.12-05.01</code>: varios días\n• <code>25.12 14:00-18:00</code>: horas de un día',
  'timeoff.bad_period':
    'No puedo leerlo como un periodo futuro. Escriba p. ej. <code>25.12</code>, <code>25.12-05.01</code> o <code>25.12 14:00-18:00</code>.',
  'timeoff.ask_reason':
    '¿Motivo? Los clientes con reservas canceladas lo verán (p. ej. Vacaciones). De 1 a 200 caracteres.',
  'timeoff.bad_reason': 'Escriba un motivo de 1 a 200 caracteres.',
  'timeoff.preview_none':
    '<b>{who}</b>, {period}\nMotivo: {reason}\n\nNo hay reservas en ese periodo.',
  'timeoff.preview':
    '<b>{who}</b>, {period}\nMotivo: {reason}\n\nReservas en ese periodo ({count}):\n{list}\n\n¿Cancelarlas (cada cliente recibe el motivo) o mantenerlas?',
  'timeoff.confirm': '✅ Bloquear',
  'timeoff.cancel_them': '✖ Cancelar y avisar',
  'timeoff.keep_them': '📌 Mantener',
  'timeoff.done': '✅ Bloqueado: <b>{who}</b>, {period}.',
  'timeoff.done_cancelled': 'Reservas canceladas: {count}; se avisa a cada cliente.',
  'timeoff.done_kept': 'Reservas mantenidas: {count}.',
  'timeoff.ask_hours':
    '<b>{who}</b>: escriba la fecha y el horario, p. ej.\n• <code>25.12 10:00-14:00</code>\n• <code>25.12 10:00-13:00, 14:00-18:00</code> (con pausa)\n• <code>25.12 cerrado</code>: cerrado ese día',
  'timeoff.bad_hours':
    'No puedo leerlo. Escriba p. ej. <code>25.12 10:00-14:00</code>, <code>25.12 10:00-13:00, 14:00-18:00</code> o <code>25.12 cerrado</code>: una fecha desde hoy, intervalos sin solaparse.',
  'timeoff.hours_done': '✅ <b>{who}</b> el {date}: {hours}.',
  'timeoff.closed': 'cerrado',
  'timeoff.ask_reason_hours':
    '{count} reserva(s) quedan fuera de este horario. ¿Motivo del cambio? Los clientes con reservas canceladas lo verán (p. ej. Formación). De 1 a 200 caracteres.',
  'timeoff.preview_hours':
    '<b>{who}</b>, {period}\nMotivo: {reason}\n\nReservas fuera del nuevo horario ({count}):\n{list}\n\n¿Cancelarlas (cada cliente recibe el motivo) o mantenerlas?',
  'timeoff.confirm_hours': '✅ Fijar el horario',
  'timeoff.unblocked': 'Se quitó el bloqueo: {period}.',
};

export const TIME_OFF_TEXTS = { en, ru, es };
