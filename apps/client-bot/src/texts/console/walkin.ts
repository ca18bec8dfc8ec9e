/** Texts of the console's walk-in and phone booking. */
const en = {
  'walkin.section': '➕ Walk-in',
  'walkin.find':
    'Booking for a walk-in or a phone call. Send part of the client’s name or phone to find them, or add a new client.',
  'walkin.new_client': '➕ New client',
  'walkin.found': 'Choose the client:',
  'walkin.not_found': 'Nobody matches “{query}”. Send another name or phone, or add a new client.',
  'walkin.ask_name': 'The new client’s name?',
  'walkin.bad_name': 'Please send the name as text, 2 to 100 characters.',
  'walkin.ask_phone': 'Their phone number, e.g. +7 912 345-67-89?',
  'walkin.bad_phone':
    'That is not a phone number. Please send it with the country code, e.g. +7 912 345-67-89.',
  'walkin.choose_service': 'Booking <b>{client}</b>. Choose a service:',
  'walkin.choose_specialist': 'Booking <b>{client}</b> · {service}. Choose a specialist:',
  'walkin.choose_day': 'Booking <b>{client}</b> · {service} · {specialist}. Choose a day:',
  'walkin.choose_time': 'Booking <b>{client}</b> · {service} · {specialist}\n{date}: choose a time',
  'walkin.no_times': '{date} has no free times. Choose another day, or book outside hours.',
  'walkin.outside_hours': '🕘 Outside hours',
  'walkin.ask_time':
    'Outside working hours: send the start time on {date} as HH:MM, e.g. 19:30. Other bookings still block it.',
  'walkin.bad_time': 'Please send the time as HH:MM, e.g. 19:30.',
  'walkin.booked': '✅ Booked.',
  'walkin.booked_told': '✅ Booked. The client got a confirmation.',
} as const;

type WalkInKey = keyof typeof en;

const ru: Record<WalkInKey, string> = {
  'walkin.section': '➕ Запись клиента',
  'walkin.find':
    'Запись клиента, который пришёл или позвонил. Пришлите часть имени или телефона, чтобы найти клиента, или добавьте нового.',
  'walkin.new_client': '➕ Новый клиент',
  'walkin.found': 'Выберите клиента:',
  'walkin.not_found':
    'По запросу «{query}» никого нет. Пришлите другое имя или телефон или добавьте нового клиента.',
  'walkin.ask_name': 'Как зовут нового клиента?',
  'walkin.bad_name': 'Пришлите имя текстом, от 2 до 100 символов.',
  'walkin.ask_phone': 'Его телефон, например +7 912 345-67-89?',
  'walkin.bad_phone':
    'Это не номер телефона. Пришлите его с кодом страны, например +7 912 345-67-89.',
  'walkin.choose_service': 'Запись: <b>{client}</b>. Выберите услугу:',
  'walkin.choose_specialist': 'Запись: <b>{client}</b> · {service}. Выберите специалиста:',
  'walkin.choose_day': 'Запись: <b>{client}</b> · {service} · {specialist}. Выберите день:',
  'walkin.choose_time':
    'Запись: <b>{client}</b> · {service} · {specialist}\n{date}: выберите время',
  'walkin.no_times':
    'На {date} нет свободного времени. Выберите другой день или запишите вне графика.',
  'walkin.outside_hours': '🕘 Вне графика',
  'walkin.ask_time':
    'Вне рабочего времени: пришлите время начала {date} в виде ЧЧ:ММ, например 19:30. Другие записи всё равно его занимают.',
  'walkin.bad_time': 'Пришлите время в виде ЧЧ:ММ, например 19:30.',
  'walkin.booked': '✅ Записано.',
  'walkin.booked_told': '✅ Записано. Клиент получил подтверждение.',
};

const es: Record<WalkInKey, string> = {
  'walkin.section': '➕ Reserva en local',
  'walkin.find':
    'Reserva para un cliente en el local o por teléfono. Envíe parte del nombre o del teléfono para encontrarlo, o añada un cliente nuevo.',
  'walkin.new_client': '➕ Cliente nuevo',
  'walkin.found': 'Elija el cliente:',
  'walkin.not_found':
    'Nadie coincide con «{query}». Envíe otro nombre o teléfono, o añada un cliente nuevo.',
  'walkin.ask_name': '¿Cómo se llama el cliente nuevo?',
  'walkin.bad_name': 'Envíe el nombre como texto, de 2 a 100 caracteres.',
  'walkin.ask_phone': '¿Su teléfono? Por ejemplo +34 612 345 678',
  'walkin.bad_phone':
    'Eso no es un número de teléfono. Envíelo con el prefijo del país, p. ej. +34 612 345 678.',
  'walkin.choose_service': 'Reserva de <b>{client}</b>. Elija un servicio:',
  'walkin.choose_specialist': 'Reserva de <b>{client}</b> · {service}. Elija un especialista:',
  'walkin.choose_day': 'Reserva de <b>{client}</b> · {service} · {specialist}. Elija un día:',
  'walkin.choose_time':
    'Reserva de <b>{client}</b> · {service} · {specialist}\n{date}: elija una hora',
  'walkin.no_times': 'El {date} no tiene horas libres. Elija otro día o reserve fuera de horario.',
  'walkin.outside_hours': '🕘 Fuera de horario',
  'walkin.ask_time':
    'Fuera del horario: envíe la hora de inicio del {date} como HH:MM, p. ej. 19:30. Las demás reservas la siguen bloqueando.',
  'walkin.bad_time': 'Envíe la hora como HH:MM, p. ej. 19:30.',
  'walkin.booked': '✅ Reservado.',
  'walkin.booked_told': '✅ Reservado. El cliente recibió una confirmación.',
};

export const WALKIN_TEXTS = { en, ru, es };
