/** The owner's console: report periods (shared by export and statistics) and the export. */
const en = {
  'console.period.week': 'This week',
  'console.period.month': 'This month',
  'console.period.prev': 'Last month',
  'console.period.d30': 'Last 30 days',
  'console.period.bad':
    'Please type a period as two dates, for example 01.04.2030 30.04.2030 (or 2030-04-01 2030-04-30), or one date.',
  'console.period.bad_range':
    'The period must start before it ends and last at most 366 days. Please type it again.',
  'console.section.export': '📤 Export',
  'console.export.intro':
    '📤 <b>Export</b>\nBookings as a CSV file that opens in Excel. Choose a period, or type two dates (for example 01.04.2030 30.04.2030):',
  'console.export.caption': '📤 Bookings {from} – {to}: {rows}',
} as const;

const ru: Record<keyof typeof en, string> = {
  'console.period.week': 'Эта неделя',
  'console.period.month': 'Этот месяц',
  'console.period.prev': 'Прошлый месяц',
  'console.period.d30': '30 дней',
  'console.period.bad':
    'Введите период двумя датами, например 01.04.2030 30.04.2030 (или 2030-04-01 2030-04-30), или одной датой.',
  'console.period.bad_range':
    'Начало периода должно быть не позже конца, а длина — не больше 366 дней. Введите его снова.',
  'console.section.export': '📤 Выгрузка',
  'console.export.intro':
    '📤 <b>Выгрузка</b>\nЗаписи файлом CSV, который открывается в Excel. Выберите период или введите две даты (например 01.04.2030 30.04.2030):',
  'console.export.caption': '📤 Записи {from} – {to}: {rows}',
};

const es: Record<keyof typeof en, string> = {
  'console.period.week': 'Esta semana',
  'console.period.month': 'Este mes',
  'console.period.prev': 'Mes pasado',
  'console.period.d30': 'Últimos 30 días',
  'console.period.bad':
    'Escriba un periodo con dos fechas, por ejemplo 01.04.2030 30.04.2030 (o 2030-04-01 2030-04-30), o una sola fecha.',
  'console.period.bad_range':
    'El periodo debe empezar antes de terminar y durar como máximo 366 días. Escríbalo de nuevo.',
  'console.section.export': '📤 Exportar',
  'console.export.intro':
    '📤 <b>Exportar</b>\nLas reservas en un archivo CSV que se abre en Excel. Elija un periodo o escriba dos fechas (por ejemplo 01.04.2030 30.04.2030):',
  'console.export.caption': '📤 Reservas {from} – {to}: {rows}',
};

export const EXPORT_TEXTS = { en, ru, es };
