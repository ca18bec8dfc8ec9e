import { getPlatformStats } from '@booking/core';
import { Composer } from 'telegraf';
import { ACTION, button, onAction } from '../callbacks.js';
import type { MasterContext } from '../context.js';
import { show } from '../screen.js';

async function showStats(ctx: MasterContext): Promise<void> {
  const stats = await getPlatformStats(ctx.scope.deps.db);
  const none = ctx.t('stats.none');
  const lines = (rows: string[]) => (rows.length > 0 ? rows.join('\n') : none);
  const { converted, trialing, rate } = stats.trialConversion;
  await show(
    ctx,
    ctx.t('stats.text', {
      ...stats.tenantsByStatus,
      months: lines(stats.tenantsPerMonth.map((m) => `${m.month}: +${m.created} / −${m.churned}`)),
      revenue: lines(
        stats.revenuePerMonth.map(
          (r) => `${r.month}: ${(r.amountMinor / 100).toFixed(2)} ${r.currency}`,
        ),
      ),
      bookings: stats.bookingsPerDay.map((d) => `${d.day.slice(5)}: ${d.count}`).join('\n'),
      converted,
      trialTotal: converted + trialing,
      rate: rate === null ? none : `${Math.round(rate * 100)}%`,
    }),
    [[button(ctx.scope.codec, ctx.t('button.menu'), ACTION.menu)]],
  );
}

/** `/stats` and the Statistics button: the platform's figures. */
export const statsFeature = new Composer<MasterContext>();
statsFeature.command('stats', showStats);
statsFeature.use(onAction<MasterContext>(ACTION.stats, showStats));
