import type { BotLocale } from '@booking/bot-kit';

/** A price in kopecks as a person reads it: `799 ₽`, `1 499 ₽`, `12,50 ₽`. */
export function formatPrice(kopecks: number, locale: BotLocale): string {
  const rubles = kopecks / 100;
  const text = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', {
    maximumFractionDigits: Number.isInteger(rubles) ? 0 : 2,
    minimumFractionDigits: Number.isInteger(rubles) ? 0 : 2,
  }).format(rubles);
  return `${text} ₽`;
}

/** A price per 30 days, rounded to whole rubles. */
export function formatMonthlyPrice(kopecks: number, days: number, locale: BotLocale): string {
  return formatPrice(Math.round((kopecks * 30) / days / 100) * 100, locale);
}

/** The day a paid period ends, in Moscow time (the platform's billing zone). */
export function formatDay(date: Date, locale: BotLocale): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Moscow',
  }).format(date);
}

/** The t.me link of a bot username. */
export function botLink(username: string): string {
  return `https://t.me/${username}`;
}
