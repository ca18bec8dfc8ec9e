import { recordOperatorAction } from '@booking/core';
import { Composer } from 'telegraf';
import type { MasterContext } from '../context.js';

/**
 * Lets operators through and nobody else: a stranger gets no answer at all. A pressed
 * button (forged or forwarded master data) is stopped spinning silently and audited.
 */
export const operatorGateFeature = new Composer<MasterContext>(async (ctx, next) => {
  const id = ctx.from?.id;
  if (id !== undefined && ctx.scope.operators.has(id)) {
    return next();
  }
  ctx.log.warn({ from: id }, 'update from a non-operator refused');
  if (ctx.callbackQuery) {
    const data = 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined;
    const decoded = data === undefined ? undefined : ctx.scope.codec.decode(data);
    await recordOperatorAction(
      ctx.scope.deps.db,
      `telegram:${id ?? 'unknown'}`,
      'callback.refused',
      null,
      { action: decoded?.action ?? null, signed: decoded !== undefined, args: decoded?.args ?? [] },
    );
    await ctx.answerCbQuery().catch(() => undefined);
  }
});
