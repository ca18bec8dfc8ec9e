import { outdatedButtons } from '@booking/bot-kit';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../context.js';
import { mainMenu } from '../keyboards.js';
import { consoleAdmin } from './console/access.js';

/** Longest text the bot reads as an answer; longer ones are not names, phones or comments. */
const MAX_TEXT_LENGTH = 2000;

/**
 * What no other feature took: outdated or forged buttons, unknown commands, texts the
 * bot did not ask for, stickers, photos and other media. Each gets a short answer and
 * the menu; nothing changes.
 */
export function fallbackFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  composer.use(outdatedButtons<ClientContext>());
  composer.on('text', async (ctx) => {
    const text = ctx.message.text;
    const key =
      text.length > MAX_TEXT_LENGTH
        ? 'fallback.too_long'
        : text.startsWith('/')
          ? 'fallback.unknown_command'
          : 'fallback.text';
    await ctx.reply(ctx.t(key), { reply_markup: await menuOf(ctx, services) });
  });
  composer.on('message', async (ctx) => {
    await ctx.reply(ctx.t('fallback.unsupported'), {
      reply_markup: await menuOf(ctx, services),
    });
  });
  return composer;
}

async function menuOf(ctx: ClientContext, services: ClientBotServices) {
  return mainMenu(ctx, services.codec, { manage: (await consoleAdmin(ctx)) !== undefined });
}
