/** Texts of the console's first-run setup. */
const en = {
  'setup.welcome':
    '👋 Let’s open your salon: a few questions, a minute or two. You can leave at any time; /admin continues where you stopped.',
  'setup.ask_name': '1/8 · Your business name, as customers will see it?',
  'setup.bad_name': 'Please send the name as text, 1 to 200 characters.',
  'setup.ask_address': '2/8 · The address (or Skip)?',
  'setup.bad_address': 'Please send the address as text, up to 500 characters, or press Skip.',
  'setup.ask_phone': '3/8 · The phone customers call (or Skip)?',
  'setup.bad_phone':
    'That is not a phone number. Please send it with the country code, e.g. +7 495 123-45-67, or press Skip.',
  'setup.ask_zone':
    '4/8 · Your time zone is <b>{zone}</b>. Keep it, or send another, e.g. Europe/Madrid.',
  'setup.keep_zone': '✅ Keep {zone}',
  'setup.bad_zone':
    'That is not a time zone. Send one like Europe/Moscow or Asia/Almaty, or keep the current one.',
  'setup.ask_service': '5/8 · Your first service: its name?',
  'setup.bad_service': 'Please send the service name as text, 1 to 200 characters.',
  'setup.ask_duration': '6/8 · How long does “{service}” take, in minutes (5 to 720)?',
  'setup.bad_duration': 'Please send a whole number of minutes from 5 to 720, e.g. 60.',
  'setup.ask_price': '7/8 · Its price, e.g. 1500 (0 if free)?',
  'setup.bad_price': 'Please send the price as a number, e.g. 1500 or 1500.50.',
  'setup.ask_specialist': '8/8 · Who performs it? Press “Me” or send the specialist’s name.',
  'setup.bad_specialist':
    'Please send the specialist’s name as text, 1 to 200 characters, or press “Me”.',
  'setup.me': '👤 Me ({name})',
  'setup.ask_hours': 'Working hours of <b>{specialist}</b>:',
  'setup.preset_weekdays': 'Mon–Fri 09–18',
  'setup.preset_tue_sat': 'Tue–Sat 10–20',
  'setup.preset_every_day': 'Every day 10–22',
  'setup.edit_days': '✏️ By weekday',
  'setup.ask_days':
    'Send the hours, one line per day or range of days (1 is Monday, 7 Sunday), e.g.\n1-5 09:00-18:00\n6 10:00-16:00',
  'setup.bad_days':
    'I could not read that. Send lines like “1-5 09:00-18:00” (1 is Monday, 7 Sunday).',
  'setup.current': 'Now: <b>{value}</b>. Press Keep, or send a new answer.',
  'setup.keep': '✅ Keep',
  'setup.paused':
    '⏸ Setup paused. Everything you entered is saved; /admin continues where you stopped.',
  'setup.resume': '▶️ Continue setup',
  'setup.skip': 'Skip »',
  'setup.done':
    '🎉 Your salon is open!\n\nCustomers book here: {link}\n\nA link straight to a service:\n{services}\n\nThis is what a customer sees first:',
  'setup.preview': '👁 <i>Preview</i>\n\n{screen}',
} as const;

type SetupKey = keyof typeof en;

const ru: Record<SetupKey, string> = {
  'setup.welcome':
    '👋 Откроем ваш салон: несколько вопросов, минута-две. Можно прерваться в любой момент: /admin продолжит с того же места.',
  'setup.ask_name': '1/8 · Название заведения, как его увидят клиенты?',
  'setup.bad_name': 'Пришлите название текстом, от 1 до 200 символов.',
  'setup.ask_address': '2/8 · Адрес (или «Пропустить»)?',
  'setup.bad_address': 'Пришлите адрес текстом, до 500 символов, или нажмите «Пропустить».',
  'setup.ask_phone': '3/8 · Телефон для клиентов (или «Пропустить»)?',
  'setup.bad_phone':
    'Это не номер телефона. Пришлите его с кодом страны, например +7 495 123-45-67, или нажмите «Пропустить».',
  'setup.ask_zone':
    '4/8 · Ваш часовой пояс: <b>{zone}</b>. Оставьте его или пришлите другой, например Asia/Almaty.',
  'setup.keep_zone': '✅ Оставить {zone}',
  'setup.bad_zone':
    'Это не часовой пояс. Пришлите, например, Europe/Moscow или Asia/Almaty, или оставьте текущий.',
  'setup.ask_service': '5/8 · Первая услуга: как она называется?',
  'setup.bad_service': 'Пришлите название услуги текстом, от 1 до 200 символов.',
  'setup.ask_duration': '6/8 · Сколько длится «{service}», в минутах (от 5 до 720)?',
  'setup.bad_duration': 'Пришлите целое число минут от 5 до 720, например 60.',
  'setup.ask_price': '7/8 · Цена, например 1500 (0, если бесплатно)?',
  'setup.bad_price': 'Пришлите цену числом, например 1500 или 1500.50.',
  'setup.ask_specialist': '8/8 · Кто её выполняет? Нажмите «Я» или пришлите имя специалиста.',
  'setup.bad_specialist':
    'Пришлите имя специалиста текстом, от 1 до 200 символов, или нажмите «Я».',
  'setup.me': '👤 Я ({name})',
  'setup.ask_hours': 'Часы работы: <b>{specialist}</b>:',
  'setup.preset_weekdays': 'Пн–Пт 09–18',
  'setup.preset_tue_sat': 'Вт–Сб 10–20',
  'setup.preset_every_day': 'Ежедневно 10–22',
  'setup.edit_days': '✏️ По дням недели',
  'setup.ask_days':
    'Пришлите часы, по строке на день или диапазон дней (1 — понедельник, 7 — воскресенье), например\n1-5 09:00-18:00\n6 10:00-16:00',
  'setup.bad_days':
    'Не удалось разобрать. Пришлите строки вида «1-5 09:00-18:00» (1 — понедельник, 7 — воскресенье).',
  'setup.current': 'Сейчас: <b>{value}</b>. Нажмите «Оставить» или пришлите новый ответ.',
  'setup.keep': '✅ Оставить',
  'setup.paused':
    '⏸ Настройка приостановлена. Всё введённое сохранено; /admin продолжит с того же места.',
  'setup.resume': '▶️ Продолжить настройку',
  'setup.skip': 'Пропустить »',
  'setup.done':
    '🎉 Ваш салон открыт!\n\nКлиенты записываются здесь: {link}\n\nСсылка сразу на услугу:\n{services}\n\nВот что клиент увидит первым:',
  'setup.preview': '👁 <i>Предпросмотр</i>\n\n{screen}',
};

const es: Record<SetupKey, string> = {
  'setup.welcome':
    '👋 Abramos su negocio: unas preguntas, un par de minutos. Puede salir cuando quiera; /admin continúa donde lo dejó.',
  'setup.ask_name': '1/8 · ¿El nombre del negocio, tal como lo verán los clientes?',
  'setup.bad_name': 'Envíe el nombre como texto, de 1 a 200 caracteres.',
  'setup.ask_address': '2/8 · ¿La dirección (u Omitir)?',
  'setup.bad_address': 'Envíe la dirección como texto, hasta 500 caracteres, o pulse Omitir.',
  'setup.ask_phone': '3/8 · ¿El teléfono para los clientes (u Omitir)?',
  'setup.bad_phone':
    'Eso no es un número de teléfono. Envíelo con el prefijo del país, p. ej. +34 912 345 678, o pulse Omitir.',
  'setup.ask_zone':
    '4/8 · Su zona horaria es <b>{zone}</b>. Consérvela o envíe otra, p. ej. Europe/Madrid.',
  'setup.keep_zone': '✅ Conservar {zone}',
  'setup.bad_zone':
    'Eso no es una zona horaria. Envíe una como Europe/Madrid, o conserve la actual.',
  'setup.ask_service': '5/8 · Su primer servicio: ¿cómo se llama?',
  'setup.bad_service': 'Envíe el nombre del servicio como texto, de 1 a 200 caracteres.',
  'setup.ask_duration': '6/8 · ¿Cuánto dura «{service}», en minutos (de 5 a 720)?',
  'setup.bad_duration': 'Envíe un número entero de minutos de 5 a 720, p. ej. 60.',
  'setup.ask_price': '7/8 · ¿Su precio, p. ej. 1500 (0 si es gratis)?',
  'setup.bad_price': 'Envíe el precio como número, p. ej. 1500 o 1500.50.',
  'setup.ask_specialist': '8/8 · ¿Quién lo realiza? Pulse «Yo» o envíe el nombre del especialista.',
  'setup.bad_specialist':
    'Envíe el nombre del especialista como texto, de 1 a 200 caracteres, o pulse «Yo».',
  'setup.me': '👤 Yo ({name})',
  'setup.ask_hours': 'Horario de <b>{specialist}</b>:',
  'setup.preset_weekdays': 'Lun–Vie 09–18',
  'setup.preset_tue_sat': 'Mar–Sáb 10–20',
  'setup.preset_every_day': 'Todos los días 10–22',
  'setup.edit_days': '✏️ Por día de la semana',
  'setup.ask_days':
    'Envíe el horario, una línea por día o rango de días (1 es lunes, 7 domingo), p. ej.\n1-5 09:00-18:00\n6 10:00-16:00',
  'setup.bad_days': 'No pude leerlo. Envíe líneas como «1-5 09:00-18:00» (1 es lunes, 7 domingo).',
  'setup.current': 'Ahora: <b>{value}</b>. Pulse Conservar o envíe otra respuesta.',
  'setup.keep': '✅ Conservar',
  'setup.paused':
    '⏸ Configuración en pausa. Todo lo introducido está guardado; /admin continúa donde lo dejó.',
  'setup.resume': '▶️ Continuar la configuración',
  'setup.skip': 'Omitir »',
  'setup.done':
    '🎉 ¡Su negocio está abierto!\n\nLos clientes reservan aquí: {link}\n\nUn enlace directo a un servicio:\n{services}\n\nEsto es lo primero que ve un cliente:',
  'setup.preview': '👁 <i>Vista previa</i>\n\n{screen}',
};

export const SETUP_TEXTS = { en, ru, es };
