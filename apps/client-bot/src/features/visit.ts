import { callbackAction } from '@booking/bot-kit';
import {
  addFeedbackComment,
  findClientByTelegramId,
  getBooking,
  isAppError,
  leaveFeedback,
} from '@booking/core';
import { Composer } from 'telegraf';
import { CB } from '../callbacks.js';
import type { ClientBotServices, ClientContext } from '../context.js';
import { parseComment } from '../input.js';
import { menuRow } from '../keyboards.js';
import { ack, showScreen } from '../screen.js';

/** Answers to reminders ("I will come") and feedback requests (stars, then a comment). */
export function visitFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();

  composer.use(
    callbackAction<ClientContext>(codec, CB.attend, async (ctx, [id]) => {
      const client = ctx.from ? await findClientByTelegramId(ctx.scope.db, ctx.from.id) : undefined;
      const booking = client
        ? await getBooking(ctx.scope.db, Number(id)).catch(() => undefined)
        : undefined;
      if (!client || !booking || booking.clientId !== client.id) {
        await ctx.answerCbQuery(ctx.t('button.outdated'));
        return;
      }
      if (booking.status !== 'confirmed') {
        await ack(ctx);
        await showScreen(ctx, ctx.t('my.not_active'), { inline_keyboard: [menuRow(ctx, codec)] });
        return;
      }
      await ack(ctx, ctx.t('reminder.confirmed'));
      await ctx.editMessageReplyMarkup({ inline_keyboard: [] }).catch(() => undefined);
      await ctx.reply(ctx.t('reminder.confirmed'));
    }),
  );
  composer.use(
    callbackAction<ClientContext>(codec, CB.rate, async (ctx, [id, stars]) => {
      const client = ctx.from ? await findClientByTelegramId(ctx.scope.db, ctx.from.id) : undefined;
      const rating = Number(stars);
      if (!client || !Number.isInteger(rating) || rating < 1 || rating > 5) {
        await ctx.answerCbQuery(ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      try {
        await leaveFeedback(
          ctx.scope.db,
          { bookingId: Number(id), clientId: client.id, rating },
          services.now(),
        );
      } catch (error) {
        if (isAppError(error, 'CONFLICT')) {
          await showScreen(ctx, ctx.t('feedback.already'), {
            inline_keyboard: [menuRow(ctx, codec)],
          });
          return;
        }
        throw error;
      }
      // The rating is saved already; the comment is optional and may come later.
      ctx.session.awaiting = 'feedback_comment';
      ctx.session.feedback = { bookingId: Number(id), rating };
      await showScreen(ctx, `${'⭐'.repeat(rating)}\n${ctx.t('feedback.comment_prompt')}`, {
        inline_keyboard: [menuRow(ctx, codec)],
      });
    }),
  );
  composer.command('skip', async (ctx, next) => {
    if (ctx.session.awaiting !== 'feedback_comment') {
      return next();
    }
    ctx.session.awaiting = undefined;
    ctx.session.feedback = undefined;
    await ctx.reply(ctx.t('feedback.thanks'));
  });
  composer.on('text', async (ctx, next) => {
    const feedback = ctx.session.feedback;
    if (
      ctx.session.awaiting !== 'feedback_comment' ||
      !feedback ||
      ctx.message.text.startsWith('/')
    ) {
      return next();
    }
    const comment = parseComment(ctx.message.text);
    if (comment === undefined) {
      // Nothing readable (only control characters): ask again, the rating stays.
      await ctx.reply(ctx.t('feedback.bad_comment'));
      return;
    }
    const client = ctx.from ? await findClientByTelegramId(ctx.scope.db, ctx.from.id) : undefined;
    ctx.session.awaiting = undefined;
    ctx.session.feedback = undefined;
    if (client) {
      await addFeedbackComment(ctx.scope.db, {
        bookingId: feedback.bookingId,
        clientId: client.id,
        comment,
      });
    }
    await ctx.reply(ctx.t('feedback.thanks'));
  });
  return composer;
}
