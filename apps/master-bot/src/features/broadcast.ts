import {
  listTenantsForOperator,
  operatorActor,
  recordOperatorAction,
  type Tenant,
} from '@booking/core';
import { Composer } from 'telegraf';
import { ACTION, button, onAction } from '../callbacks.js';
import { type Audience, audienceFilter, type MasterContext } from '../context.js';

const AUDIENCES: readonly Audience[] = ['all', 'active', 'suspended', 'expiring'];
const MAX_TEXT = 3000;
/** The progress message is edited at most this often. */
const PROGRESS_EVERY_MS = 1_000;

/** Every tenant of the audience that has an owner, and how many have none. */
async function recipients(
  ctx: MasterContext,
  audience: Audience,
  search: string | undefined,
): Promise<{ tenants: Tenant[]; skipped: number }> {
  const tenants: Tenant[] = [];
  let skipped = 0;
  for (let page = 1; ; page++) {
    const found = await listTenantsForOperator(
      ctx.scope.deps.db,
      audienceFilter(audience, search),
      {
        page,
        pageSize: 100,
      },
    );
    for (const tenant of found.tenants) {
      if (tenant.ownerTelegramId === null) {
        skipped++;
      } else {
        tenants.push(tenant);
      }
    }
    if (page >= found.pages) {
      return { tenants, skipped };
    }
  }
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
 * Sends the message to each owner through the owner's own tenant bot (the rate-limited
 * client of bot-kit's pool), editing a progress message as it goes, then reports.
 */
async function send(
  ctx: MasterContext,
  draft: { audience: Audience; search?: string; text: string },
  chatId: number,
): Promise<void> {
  const { audience, search, text } = draft;
  const { tenants, skipped } = await recipients(ctx, audience, search);
  const progress = await ctx.telegram.sendMessage(
    chatId,
    ctx.t('broadcast.progress', { done: 0, count: tenants.length }),
  );
  let sent = 0;
  let failed = 0;
  let shownAt = Date.now();
  for (const [index, tenant] of tenants.entries()) {
    try {
      const telegram = await ctx.scope.telegrams.get(tenant.slug);
      await telegram.sendMessage(Number(tenant.ownerTelegramId), text);
      sent++;
    } catch (error) {
      failed++;
      ctx.log.warn({ tenant: tenant.slug, err: error }, 'broadcast to an owner failed');
    }
    if (Date.now() - shownAt >= PROGRESS_EVERY_MS && index < tenants.length - 1) {
      shownAt = Date.now();
      await ctx.telegram
        .editMessageText(
          chatId,
          progress.message_id,
          undefined,
          ctx.t('broadcast.progress', {
            done: index + 1,
            count: tenants.length,
          }),
        )
        .catch(() => undefined);
    }
  }
  await ctx.telegram
    .editMessageText(
      chatId,
      progress.message_id,
      undefined,
      ctx.t('broadcast.progress', { done: tenants.length, count: tenants.length }),
    )
    .catch(() => undefined);
  await recordOperatorAction(
    ctx.scope.deps.db,
    operatorActor(ctx.from?.id ?? 0),
    'broadcast.sent',
    null,
    {
      audience,
      sent,
      failed,
      skipped,
    },
  );
  await ctx.telegram.sendMessage(chatId, ctx.t('broadcast.report', { sent, failed, skipped }));
}

/**
 * A message to tenant owners: `/broadcast [all|active|suspended|expiring]` (or the menu
 * button), the text, a confirmation with the count, then the sending.
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
  const { tenants } = await recipients(ctx, pending.audience, pending.search);
  ctx.session.pending = undefined;
  if (tenants.length === 0) {
    await ctx.reply(ctx.t('broadcast.empty'));
    return;
  }
  ctx.session.broadcast = { audience: pending.audience, search: pending.search, text };
  const { codec } = ctx.scope;
  await ctx.reply(
    ctx.t('broadcast.confirm', {
      count: tenants.length,
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
    // Hundreds of owners at the per-bot pace take longer than an update may: the
    // sending goes on after this update is answered.
    const chatId = ctx.chat.id;
    void send(ctx, draft, chatId).catch((error: unknown) => {
      ctx.log.error({ err: error }, 'broadcast failed');
    });
  }),
);
