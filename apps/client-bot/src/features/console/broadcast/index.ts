import { escapeHtml } from '@booking/bot-kit';
import { BROADCAST_TEXT_MAX_LENGTH, countBroadcastAudience, createBroadcast } from '@booking/core';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import { consoleAction } from '../access.js';
import { consoleState, consoleText } from '../index.js';
import { consoleHomeRow } from '../menu.js';
import type { ConsoleSection } from '../sections.js';

/** Callback actions of the broadcast area. */
export const BROADCAST_CB = { send: 'bc.send', edit: 'bc.edit' } as const;

/** The broadcast being composed: its text, once typed. */
export interface BroadcastDraft {
  text: string;
}

const AREA = 'bc';

/** Asks for the text; with nobody to send to, says so instead. */
async function askText(ctx: ClientContext, services: ClientBotServices): Promise<void> {
  const count = await countBroadcastAudience(ctx.scope.db);
  const state = consoleState(ctx);
  state.broadcast = undefined;
  if (count === 0) {
    state.input = undefined;
    await showScreen(ctx, ctx.t('console.broadcast.no_audience'), {
      inline_keyboard: [consoleHomeRow(ctx, services)],
    });
    return;
  }
  state.input = { area: AREA, step: 'text' };
  await showScreen(ctx, ctx.t('console.broadcast.ask', { count }), {
    inline_keyboard: [consoleHomeRow(ctx, services)],
  });
}

/** Compose → preview → confirm; the job sends it (see jobs/broadcast-worker.ts). */
export const broadcastSection: ConsoleSection = {
  id: 'broadcast',
  label: 'console.section.broadcast',
  minRole: 'admin',
  open: (ctx, _admin, services) => askText(ctx, services),
  feature(services) {
    const composer = new Composer<ClientContext>();

    composer.use(
      consoleText(services, AREA, 'admin', async (ctx, _admin, _step, typed) => {
        const text = typed.trim();
        if (text.length === 0 || text.length > BROADCAST_TEXT_MAX_LENGTH) {
          await ctx.reply(ctx.t('console.broadcast.bad_text'));
          return;
        }
        const state = consoleState(ctx);
        state.input = undefined;
        state.broadcast = { text };
        const count = await countBroadcastAudience(ctx.scope.db);
        await ctx.reply(ctx.t('console.broadcast.preview_title'));
        // Exactly what the clients will get: the owner's text, nothing parsed in it.
        await ctx.reply(escapeHtml(text));
        await ctx.reply(ctx.t('console.broadcast.confirm', { count }), {
          reply_markup: {
            inline_keyboard: [
              [
                button(ctx, services.codec, 'console.broadcast.send', BROADCAST_CB.send),
                button(ctx, services.codec, 'console.broadcast.edit', BROADCAST_CB.edit),
              ],
              consoleHomeRow(ctx, services),
            ],
          },
        });
      }),
    );

    // A photo or a sticker where the text was asked for: say what is expected.
    composer.on('message', async (ctx, next) => {
      if (ctx.session.console?.input?.area !== AREA || 'text' in ctx.message) {
        return next();
      }
      await ctx.reply(ctx.t('console.broadcast.bad_text'));
    });

    composer.use(
      consoleAction(services, BROADCAST_CB.edit, 'admin', async (ctx) => {
        await ack(ctx);
        await askText(ctx, services);
      }),
    );

    composer.use(
      consoleAction(services, BROADCAST_CB.send, 'admin', async (ctx, admin) => {
        const state = consoleState(ctx);
        const draft = state.broadcast;
        const chatId = ctx.chat?.id;
        if (!draft || chatId === undefined) {
          // Pressed twice, or after the draft was sent or dropped.
          await ack(ctx, ctx.t('console.broadcast.nothing'));
          return;
        }
        await ack(ctx);
        state.broadcast = undefined;
        const broadcast = await createBroadcast(
          ctx.scope.db,
          {
            text: draft.text,
            createdBy: ctx.from?.id ?? chatId,
            chatId,
            locale: ctx.locale,
            progressMessageId: ctx.callbackQuery?.message?.message_id,
          },
          `admin:${admin.id}`,
          services.now(),
        );
        // This screen becomes the progress message the worker keeps up to date.
        await showScreen(
          ctx,
          ctx.t('console.broadcast.progress', { done: 0, total: broadcast.total }),
          { inline_keyboard: [] },
        );
        await services.jobs.sendBroadcast(ctx.scope.tenant.slug, broadcast.id);
      }),
    );
    return composer;
  },
};
