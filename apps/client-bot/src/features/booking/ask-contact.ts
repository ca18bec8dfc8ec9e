import type { ClientContext } from '../../context.js';
import { label } from '../../format.js';
import { suggestedName } from '../../input.js';

/**
 * Asks a first-time client for their contact: the phone of a client already known by
 * name, or the name first (offering the Telegram profile's) and then the phone.
 */
export async function askContact(
  ctx: ClientContext,
  client: { name: string } | undefined,
): Promise<void> {
  if (client) {
    ctx.session.pendingName = client.name;
    await askPhone(ctx);
    return;
  }
  ctx.session.awaiting = 'name';
  const suggestion = ctx.from ? suggestedName(ctx.from) : undefined;
  await ctx.reply(ctx.t('book.ask_name'), {
    reply_markup: suggestion
      ? { keyboard: [[{ text: suggestion }]], resize_keyboard: true, one_time_keyboard: true }
      : { remove_keyboard: true },
  });
}

/** Asks for the phone, typed or shared with the contact button. */
export async function askPhone(ctx: ClientContext): Promise<void> {
  ctx.session.awaiting = 'phone';
  await ctx.reply(ctx.t('book.ask_phone'), {
    reply_markup: {
      keyboard: [[{ text: label(ctx, 'book.share_phone'), request_contact: true }]],
      resize_keyboard: true,
      one_time_keyboard: true,
    },
  });
}
