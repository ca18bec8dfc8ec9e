import {
  getTenantCard,
  operatorActor,
  pinTenantBy,
  resumeTenantBy,
  suspendTenantBy,
  unpinTenantBy,
} from '@booking/core';
import { Composer } from 'telegraf';
import { ACTION, button, onAction } from '../callbacks.js';
import type { MasterContext, PendingInput } from '../context.js';
import { day, show } from '../screen.js';

/** Shows a tenant's card with the actions that fit its state. */
export async function showCard(ctx: MasterContext, slug: string): Promise<void> {
  const { codec, deps } = ctx.scope;
  const card = await getTenantCard(deps, slug);
  const { tenant } = card;
  const servedBy =
    card.servedBy.kind === 'fleet'
      ? ctx.t('served.fleet', { instances: card.servedBy.instances.join(', ') })
      : ctx.t(`served.${card.servedBy.kind}`);
  const text = ctx.t('card.text', {
    slug: tenant.slug,
    status: ctx.t(`status.${tenant.status}`),
    plan: tenant.plan,
    paidUntil: day(ctx, tenant.paidUntil),
    bot: tenant.botUsername ? `@${tenant.botUsername}` : ctx.t('card.none'),
    botStatus: ctx.t(`bot.${tenant.botStatus}`),
    owner: tenant.ownerTelegramId ?? ctx.t('card.none'),
    bookings: card.bookingsLast30Days,
    lastActivity: day(ctx, card.lastCustomerActivity),
    servedBy,
  });
  const back = [button(codec, ctx.t('button.list'), ACTION.list, 1, 'all')];
  if (tenant.status === 'deleted') {
    await show(ctx, text, [back]);
    return;
  }
  const act = (key: Parameters<MasterContext['t']>[0], action: string) =>
    button(codec, ctx.t(key), action, tenant.slug);
  await show(ctx, text, [
    [
      tenant.status === 'active'
        ? act('action.suspend', ACTION.suspend)
        : act('action.resume', ACTION.resume),
      tenant.pinned ? act('action.unpin', ACTION.unpin) : act('action.pin', ACTION.pin),
    ],
    [act('action.extend', ACTION.extend), act('action.plan', ACTION.plan)],
    [act('action.delete', ACTION.delete)],
    back,
  ]);
}

type Change = typeof suspendTenantBy;

/** A button that changes the tenant at once, then shows its card again. */
function immediate(action: string, change: Change) {
  return onAction<MasterContext>(action, async (ctx, [slug]) => {
    await change(ctx.scope.deps, operatorActor(ctx.from?.id ?? 0), slug ?? '');
    await showCard(ctx, slug ?? '');
  });
}

/** A button that asks the operator to type something (see the tenant forms). */
function asking(action: string, kind: 'extend' | 'plan' | 'delete') {
  return onAction<MasterContext>(action, async (ctx, [slug = '']) => {
    const card = await getTenantCard(ctx.scope.deps, slug);
    const pending: PendingInput = { kind, slug };
    ctx.session.pending = pending;
    await ctx.answerCbQuery().catch(() => undefined);
    await ctx.reply(ctx.t(`${kind}.ask`, { slug, plan: card.tenant.plan }), {
      parse_mode: 'HTML',
    });
  });
}

/** The tenant card and its buttons: suspend, resume, pin, unpin, and the forms' starts. */
export const tenantCardFeature = new Composer<MasterContext>();
tenantCardFeature.use(
  onAction<MasterContext>(ACTION.card, async (ctx, [slug]) => showCard(ctx, slug ?? '')),
  immediate(ACTION.suspend, suspendTenantBy),
  immediate(ACTION.resume, resumeTenantBy),
  immediate(ACTION.pin, pinTenantBy),
  immediate(ACTION.unpin, unpinTenantBy),
  asking(ACTION.extend, 'extend'),
  asking(ACTION.plan, 'plan'),
  asking(ACTION.delete, 'delete'),
);
