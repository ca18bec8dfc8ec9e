import { createOwnerBroadcast, findTenantsForOperator, operatorActor } from '@booking/core';
import { Composer } from 'telegraf';
import { ACTION, button, onAction } from '../callbacks.js';
import { type Audience, audienceFilter, type MasterContext } from '../context.js';

const AUDIENCES: readonly Audience[] = ['all', 'active', 'suspended', 'expiring'];
const MAX_TEXT = 3000;

/** How many owners the audience reaches now. */
async function countOwners(
  ctx: MasterContext,
  audience: Audience,
  search: string | undefined,
): Promise<number> {
  const tenants = await findTenantsForOperator(ctx.scope.deps.db, audienceFilter(audience, search));
  return tenants.filter((tenant) => tenant.ownerTelegramId !== null).length;
}

function audienceLabel(ctx: MasterContext, audience: Audience, search: string | undefined): string {
  const label = ctx.t(`filter.${audience}`);
  return search ? `${label}, ${ctx.t('list.search', { query: search })}` : label;
}

async function askForText(ctx: MasterContext, audience: Audience): Promise<void> {
  // The last /find narrows the audience too.
  const search = ctx.session.search;
  ctx.session.pending = { kind: 'broadcast', audience, search };
  ctx.session.broadcast = undefined;
  await ctx.reply(ctx.t('broadcast.ask', { audience: audienceLabel(ctx, audience, search) }), {
    parse_mode: 'HTML',
  });
}

/**
 * A message to tenant owners: `/broadcast [all|active|suspended|expiring]` (or the menu
 * button), the text, a confirmation with the count, then the sending through each
 * tenant's own rate-limited bot, with a progress message and a report (see
 * {@link OwnerBroadcaster}).
 */
export const broadcastFeature = new Composer<MasterContext>();
broadcastFeature.command('broadcast', async (ctx) => {
  const word = ctx.payload.trim();
  await askForText(ctx, AUDIENCES.find((audience) => audience === word) ?? 'all');
});
broadcastFeature.use(
  onAction<MasterContext>(ACTION.broadcast, async (ctx) => {
    await ctx.answerCbQuery().catch(() => undefined);
    await askForText(ctx, 'all');
  }),
);
broadcastFeature.on('text', async (ctx, next) => {
  const pending = ctx.session.pending;
  if (pending?.kind !== 'broadcast' || ctx.message.text.startsWith('/')) {
    return next();
  }
  const text = ctx.message.text.trim();
  if (text.length === 0 || text.length > MAX_TEXT) {
    await ctx.reply(ctx.t('broadcast.invalid'));
    return;
  }
  const count = await countOwners(ctx, pending.audience, pending.search);
  ctx.session.pending = undefined;
  if (count === 0) {
    await ctx.reply(ctx.t('broadcast.empty'));
    return;
  }
  ctx.session.broadcast = { audience: pending.audience, search: pending.search, text };
  const { codec } = ctx.scope;
  await ctx.reply(
    ctx.t('broadcast.confirm', {
      count,
      audience: audienceLabel(ctx, pending.audience, pending.search),
      text,
    }),
    {
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [
          [
            button(codec, ctx.t('broadcast.send'), ACTION.broadcastSend),
            button(codec, ctx.t('broadcast.cancel'), ACTION.broadcastCancel),
          ],
        ],
      },
    },
  );
});
broadcastFeature.use(
  onAction<MasterContext>(ACTION.broadcastCancel, async (ctx) => {
    ctx.session.broadcast = undefined;
    await ctx.answerCbQuery().catch(() => undefined);
    await ctx.reply(ctx.t('input.cancelled'));
  }),
  onAction<MasterContext>(ACTION.broadcastSend, async (ctx) => {
    const draft = ctx.session.broadcast;
    await ctx.answerCbQuery().catch(() => undefined);
    if (!draft || ctx.chat === undefined) {
      await ctx.reply(ctx.t('button.outdated'));
      return;
    }
    ctx.session.broadcast = undefined;
    // The recipients are fixed and recorded now; the sending goes on in the background
    // after this update is answered, and resumes after a restart.
    const broadcast = await createOwnerBroadcast(
      ctx.scope.deps.db,
      operatorActor(ctx.from?.id ?? 0),
      audienceFilter(draft.audience, draft.search),
      { text: draft.text, chatId: ctx.chat.id, locale: ctx.locale },
    );
    ctx.scope.broadcasts.start(broadcast, ctx.telegram);
  }),
);
