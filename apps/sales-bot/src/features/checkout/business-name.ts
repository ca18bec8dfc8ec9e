import { Composer } from 'telegraf';
import type { SalesContext } from '../../context.js';

const MAX_NAME_LENGTH = 100;

/** Step 2 of a purchase: the business's name, 1 to 100 characters of plain text. */
export function businessNameStep(): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.on('message', async (ctx, next) => {
    if (ctx.session.awaiting !== 'business' || !ctx.session.checkout) {
      return next();
    }
    const text = 'text' in ctx.message ? ctx.message.text.trim() : '';
    if (text === '' || text.startsWith('/') || text.length > MAX_NAME_LENGTH) {
      await ctx.reply(ctx.t('checkout.business_invalid'));
      return;
    }
    ctx.session.checkout.businessName = text;
    ctx.session.awaiting = 'email';
    await ctx.reply(ctx.t('checkout.ask_email'));
  });
  return composer;
}
