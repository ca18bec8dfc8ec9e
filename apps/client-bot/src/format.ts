import { type BotLocale, htmlToPlain } from '@booking/bot-kit';
import { BoundedMemo, localDateIn, localTimeIn, type Service } from '@booking/core';
import { DateTime } from 'luxon';
import type { TextKey } from './texts/index.js';

/** Who speaks to a user: a context, or a worker that built a translator for them. */
export interface Speaker {
  t(key: TextKey, params?: Record<string, unknown>): string;
  locale: BotLocale;
}

// Formatting a date in a language is slow and the same few dates are shown over and
// over: keep the labels, by language and calendar date.
const dateLabels = new BoundedMemo<string, string>(10_000);

/**
 * A local date such as "Mon, 23 November" in the user's language: a calendar date
 * (`yyyy-MM-dd`) as it is, an instant on its local date in `timeZone`.
 */
export function formatDate(date: Date | string, timeZone: string, locale: BotLocale): string {
  const day = typeof date === 'string' ? date.slice(0, 10) : localDateIn(timeZone, date.getTime());
  return dateLabels.get(`${locale}|${day}`, () =>
    DateTime.fromISO(day, { zone: 'utc', locale }).toFormat('ccc, d MMMM'),
  );
}

/** A local wall-clock time, `14:30`. */
export function formatTime(date: Date, timeZone: string): string {
  return localTimeIn(timeZone, date.getTime());
}

// Building an Intl formatter costs far more than using one, and using one costs more
// than remembering its answer: a salon shows the same few prices over and over.
const priceFormats = new Map<string, Intl.NumberFormat>();
const priceLabels = new BoundedMemo<string, string>(10_000);

/**
 * A price in its currency, in the user's language, as a price list shows it: whole
 * amounts without minor units and with the currency's sign, `2 500 ₽`, `₽2,500`,
 * `25,50 €`. (Intl's defaults would give `2 500,00 ₽` and `RUB 2,500.00`.)
 */
export function formatPrice(minor: number, currency: string, locale: BotLocale): string {
  const whole = minor % 100 === 0;
  const key = `${locale}:${currency}:${whole}`;
  return priceLabels.get(`${key}:${minor}`, () => {
    let format = priceFormats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        currencyDisplay: 'narrowSymbol',
        ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
      });
      priceFormats.set(key, format);
    }
    return format.format(minor / 100);
  });
}

/** What a booking summary shows. */
export interface SummaryFacts {
  serviceName: string;
  staffName: string;
  startsAt: Date;
  priceMinor: number;
  currency: string;
}

/** The multi-line summary of a booking (service, specialist, date, time, price). */
export function bookingSummary(ctx: Speaker, facts: SummaryFacts, timeZone: string): string {
  return ctx.t('book.summary', {
    service: facts.serviceName,
    specialist: facts.staffName,
    date: formatDate(facts.startsAt, timeZone, ctx.locale),
    time: formatTime(facts.startsAt, timeZone),
    price: formatPrice(facts.priceMinor, facts.currency, ctx.locale),
  });
}

/** "45 min" in the user's language. */
export function formatDuration(ctx: Speaker, minutes: number): string {
  return ctx.t('common.minutes', { n: minutes });
}

/** A translated text as a button label (plain text, not HTML). */
export function label(ctx: Speaker, key: TextKey, params?: Record<string, unknown>): string {
  return htmlToPlain(ctx.t(key, params));
}

/** The label of a service button. */
export function serviceLabel(ctx: Speaker, service: Service): string {
  return label(ctx, 'book.service_button', {
    name: service.name,
    duration: formatDuration(ctx, service.durationMinutes),
    price: formatPrice(service.priceMinor, service.currency, ctx.locale),
  });
}
