import type { BotLocale } from '@booking/bot-kit';
import { type BookingStatistics, getBookingStatistics } from '@booking/core';
import type { ClientContext } from '../../../context.js';
import { formatPrice } from '../../../format.js';
import { showScreen } from '../../../screen.js';
import { periodKeyboard, periodReportSection } from '../period-section.js';

/** Callback actions of the statistics area. */
export const STATS_CB = { period: 'ss.p' } as const;

/** Sums per currency as one line: `4 500 ₽ + 20 €`, or a dash. */
function money(ctx: ClientContext, sums: Record<string, number>, locale: BotLocale): string {
  const parts = Object.entries(sums)
    .filter(([, minor]) => minor !== 0)
    .map(([currency, minor]) => formatPrice(minor, currency, locale));
  return parts.length > 0 ? parts.join(' + ') : ctx.t('console.stats.none');
}

function percent(share: number, locale: BotLocale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    share,
  );
}

/** The statistics screen of a period. */
export function statisticsText(ctx: ClientContext, stats: BookingStatistics, currency: string) {
  const { locale } = ctx;
  const top = (rows: Array<{ name: string; bookings: number; revenueMinor: number }>) =>
    rows.length === 0
      ? [ctx.t('console.stats.none')]
      : rows.map((row, i) =>
          ctx.t('console.stats.top_line', {
            place: i + 1,
            name: row.name,
            bookings: row.bookings,
            amount: formatPrice(row.revenueMinor, currency, locale),
          }),
        );
  return [
    ctx.t('console.stats.title', { from: stats.from, to: stats.to }),
    ctx.t('console.stats.bookings', {
      total: stats.total,
      completed: stats.completed,
      confirmed: stats.confirmed,
    }),
    ctx.t('console.stats.cancellations', { count: stats.cancellations }),
    ctx.t('console.stats.no_shows', {
      count: stats.noShows,
      rate:
        stats.noShowRate === null ? ctx.t('console.stats.none') : percent(stats.noShowRate, locale),
    }),
    ctx.t('console.stats.revenue', { amount: money(ctx, stats.revenueMinor, locale) }),
    ctx.t('console.stats.expected', { amount: money(ctx, stats.expectedRevenueMinor, locale) }),
    stats.averageRating === null
      ? ctx.t('console.stats.no_rating')
      : ctx.t('console.stats.rating', { rating: stats.averageRating, count: stats.ratings }),
    ctx.t('console.stats.returning', {
      share:
        stats.returningShare === null
          ? ctx.t('console.stats.none')
          : percent(stats.returningShare, locale),
      clients: stats.clients,
    }),
    '',
    ctx.t('console.stats.top_services'),
    ...top(stats.topServices),
    '',
    ctx.t('console.stats.top_specialists'),
    ...top(stats.topSpecialists),
  ].join('\n');
}

/** Bookings, cancellations, no-shows, revenue, tops, rating, returning clients. */
export const statsSection = periodReportSection({
  id: 'stats',
  label: 'console.section.stats',
  area: 'ss',
  action: STATS_CB.period,
  intro: 'console.stats.intro',
  load: getBookingStatistics,
  async show(ctx, services, _admin, _period, stats) {
    const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
    await showScreen(
      ctx,
      statisticsText(ctx, stats, settings.currency),
      periodKeyboard(ctx, services, STATS_CB.period),
    );
  },
});
