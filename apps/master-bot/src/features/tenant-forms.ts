import {
  changeTenantPlanBy,
  deleteTenantBy,
  extendTenantBy,
  isAppError,
  listPlans,
  operatorActor,
} from '@booking/core';
import { Composer } from 'telegraf';
import type { MasterContext } from '../context.js';
import { day } from '../screen.js';
import { showCard } from './tenant-card.js';

/** "1500 30 comment" or "1500.50 30": amount in roubles, days, optional comment. */
const EXTEND_INPUT = /^(\d{1,9})(?:[.,](\d{1,2}))?\s+(\d{1,4})(?:\s+([\s\S]{1,500}))?$/;
const PLAN_INPUT = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * What the operator types after Extend, Change plan or Delete: the payment, the plan
 * code, or the slug that confirms a deletion. Anything else passes on.
 */
export const tenantFormsFeature = new Composer<MasterContext>();
tenantFormsFeature.on('text', async (ctx, next) => {
  const pending = ctx.session.pending;
  if (!pending || pending.kind === 'broadcast' || ctx.message.text.startsWith('/')) {
    return next();
  }
  const { deps } = ctx.scope;
  const actor = operatorActor(ctx.from.id);
  const text = ctx.message.text.trim();
  const { slug } = pending;
  switch (pending.kind) {
    case 'extend': {
      const match = EXTEND_INPUT.exec(text);
      if (!match) {
        await ctx.reply(ctx.t('extend.invalid'));
        return;
      }
      const amountMinor = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
      const tenant = await extendTenantBy(deps, actor, slug, {
        amountMinor,
        periodDays: Number(match[3]),
        comment: match[4]?.trim() ?? '',
      });
      ctx.session.pending = undefined;
      await ctx.reply(
        ctx.t('extend.done', {
          amount: `${(amountMinor / 100).toFixed(2)} RUB`,
          slug,
          paidUntil: day(ctx, tenant.paidUntil),
        }),
        { parse_mode: 'HTML' },
      );
      await showCard(ctx, slug);
      return;
    }
    case 'plan': {
      if (!PLAN_INPUT.test(text)) {
        await ctx.reply(ctx.t('plan.invalid'));
        return;
      }
      try {
        await changeTenantPlanBy(deps, actor, slug, text);
      } catch (error) {
        if (!isAppError(error, 'VALIDATION')) {
          throw error;
        }
        const plans = await listPlans(deps.db, { includeInactive: true });
        const codes = ['trial', ...plans.map((plan) => plan.code)].join(', ');
        await ctx.reply(ctx.t('plan.unknown', { plan: text, codes }));
        return;
      }
      ctx.session.pending = undefined;
      await ctx.reply(ctx.t('plan.done', { slug, plan: text }), { parse_mode: 'HTML' });
      await showCard(ctx, slug);
      return;
    }
    case 'delete': {
      if (text !== slug) {
        await ctx.reply(ctx.t('delete.mismatch', { slug }), { parse_mode: 'HTML' });
        return;
      }
      await deleteTenantBy(deps, actor, slug, text);
      ctx.session.pending = undefined;
      await ctx.reply(ctx.t('delete.done', { slug }), { parse_mode: 'HTML' });
      return;
    }
  }
});
