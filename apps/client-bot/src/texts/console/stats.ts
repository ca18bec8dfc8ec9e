/** The owner's console: statistics of a period. */
const en = {
  'console.section.stats': '📊 Statistics',
  'console.stats.intro':
    '📊 <b>Statistics</b>\nChoose a period, or type two dates (for example 01.04.2030 30.04.2030):',
  'console.stats.title': '📊 <b>Statistics</b> {from} – {to}',
  'console.stats.bookings': 'Bookings: {total} (visited {completed}, upcoming {confirmed})',
  'console.stats.cancellations': 'Cancellations: {count}',
  'console.stats.no_shows': 'No-shows: {count} ({rate} of visits due)',
  'console.stats.revenue': 'Revenue: {amount}',
  'console.stats.expected': 'Still expected: {amount}',
  'console.stats.rating': 'Average rating: ★ {rating} ({count} ratings)',
  'console.stats.no_rating': 'Average rating: no ratings yet',
  'console.stats.returning': 'Returning clients: {share} of {clients}',
  'console.stats.top_services': '<b>Top services</b>',
  'console.stats.top_specialists': '<b>Top specialists</b>',
  'console.stats.top_line': '{place}. {name}: {bookings} · {amount}',
  'console.stats.none': '—',
} as const;

const ru: Record<keyof typeof en, string> = {
  'console.section.stats': '📊 Статистика',
  'console.stats.intro':
    '📊 <b>Статистика</b>\nВыберите период или введите две даты (например 01.04.2030 30.04.2030):',
  'console.stats.title': '📊 <b>Статистика</b> {from} – {to}',
  'console.stats.bookings': 'Записей: {total} (пришли {completed}, предстоит {confirmed})',
  'console.stats.cancellations': 'Отмен: {count}',
  'console.stats.no_shows': 'Неявок: {count} ({rate} от состоявшихся по времени визитов)',
  'console.stats.revenue': 'Выручка: {amount}',
  'console.stats.expected': 'Ожидается: {amount}',
  'console.stats.rating': 'Средняя оценка: ★ {rating} (оценок: {count})',
  'console.stats.no_rating': 'Средняя оценка: оценок пока нет',
  'console.stats.returning': 'Постоянные клиенты: {share} из {clients}',
  'console.stats.top_services': '<b>Популярные услуги</b>',
  'console.stats.top_specialists': '<b>Популярные специалисты</b>',
  'console.stats.top_line': '{place}. {name}: {bookings} · {amount}',
  'console.stats.none': '—',
};

const es: Record<keyof typeof en, string> = {
  'console.section.stats': '📊 Estadísticas',
  'console.stats.intro':
    '📊 <b>Estadísticas</b>\nElija un periodo o escriba dos fechas (por ejemplo 01.04.2030 30.04.2030):',
  'console.stats.title': '📊 <b>Estadísticas</b> {from} – {to}',
  'console.stats.bookings': 'Reservas: {total} (asistieron {completed}, pendientes {confirmed})',
  'console.stats.cancellations': 'Cancelaciones: {count}',
  'console.stats.no_shows': 'No presentados: {count} ({rate} de las visitas previstas)',
  'console.stats.revenue': 'Ingresos: {amount}',
  'console.stats.expected': 'Aún previstos: {amount}',
  'console.stats.rating': 'Valoración media: ★ {rating} ({count} valoraciones)',
  'console.stats.no_rating': 'Valoración media: aún sin valoraciones',
  'console.stats.returning': 'Clientes recurrentes: {share} de {clients}',
  'console.stats.top_services': '<b>Servicios más reservados</b>',
  'console.stats.top_specialists': '<b>Especialistas más reservados</b>',
  'console.stats.top_line': '{place}. {name}: {bookings} · {amount}',
  'console.stats.none': '—',
};

export const STATS_TEXTS = { en, ru, es };
