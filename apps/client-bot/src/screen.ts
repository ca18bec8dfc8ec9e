import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { ClientContext } from './context.js';

/** Updates whose pressed message must stay as it is. */
const kept = new WeakSet<ClientContext>();

/**
 * Keeps the message whose button was pressed as it is: the screens of this update come
 * as new messages below it. A booking's confirmation stays in the chat this way.
 */
export function keepPressedMessage(ctx: ClientContext): void {
  kept.add(ctx);
}

/**
 * Shows a screen: edits the message whose button was pressed when there is one (a
 * wizard stays one message that changes) and it is not kept (see
 * {@link keepPressedMessage}), otherwise sends a new message.
 *
 * @returns the id of the message that shows the screen.
 */
export async function showScreen(
  ctx: ClientContext,
  text: string,
  markup: InlineKeyboardMarkup,
): Promise<number> {
  const pressed = kept.has(ctx) ? undefined : ctx.callbackQuery?.message;
  if (pressed) {
    try {
      await ctx.editMessageText(text, { reply_markup: markup });
      return pressed.message_id;
    } catch (error) {
      const outcome = failedEditOutcome(error);
      if (outcome === 'shown') {
        return pressed.message_id;
      }
      if (outcome === 'fail') {
        throw error;
      }
      // A message deleted or too old to edit: the screen comes as a new message.
    }
  }
  const sent = await ctx.reply(text, { reply_markup: markup });
  return sent.message_id;
}

/**
 * What a failed edit of a screen means: `shown` when the message already shows it
 * (pressing a button that leads to the screen shown, or an edit retried after it took
 * effect), `send-new` when the message was deleted or is too old to edit, else `fail`.
 */
export function failedEditOutcome(error: unknown): 'shown' | 'send-new' | 'fail' {
  const description = String((error as Error).message);
  if (description.includes('message is not modified')) {
    return 'shown';
  }
  if (
    description.includes('message to edit not found') ||
    description.includes("can't be edited")
  ) {
    return 'send-new';
  }
  return 'fail';
}

/** Updates whose button press was answered: Telegram takes one answer per press. */
const answered = new WeakSet<ClientContext>();

/**
 * Answers the pressed button, so the client stops its spinner; once per press, however
 * many steps call it. Not awaited: the answer travels while the handler does its work,
 * saving a round trip per press.
 */
export async function ack(ctx: ClientContext, text?: string): Promise<void> {
  if (ctx.callbackQuery && !answered.has(ctx)) {
    answered.add(ctx);
    ctx.answerCbQuery(text).catch((error: unknown) => {
      ctx.log.warn({ err: error }, 'could not answer a button press');
    });
  }
}
