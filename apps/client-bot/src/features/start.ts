import {
  BOT_LOCALES,
  type BotContext,
  type BotLocale,
  callbackAction,
  isBotLocale,
} from '@booking/bot-kit';
import { ADMIN_INVITE_PREFIX, findClientByTelegramId, updateClient } from '@booking/core';
import { Composer } from 'telegraf';
import { CB } from '../callbacks.js';
import type { ClientBotServices, ClientContext, Session } from '../context.js';
import { parseStartPayload } from '../input.js';
import { menuRow } from '../keyboards.js';
import { showMenu } from '../menu.js';
import { ack, keepPressedMessage, showScreen } from '../screen.js';
import { startWizard } from './booking/index.js';
import { showMyBookings } from './my-bookings.js';
import { showWaitlist } from './waitlist.js';

const LANGUAGE_NAMES: Record<BotLocale, string> = { ru: 'Русский', en: 'English', es: 'Español' };

/** `/start` (with `svc_<id>` deep links), the main menu, help and language. */
export function startFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();

  composer.start(async (ctx, next) => {
    // An invite to the team is the console's (features/console/team).
    if (ctx.payload.startsWith(ADMIN_INVITE_PREFIX)) {
      return next();
    }
    ctx.session.awaiting = undefined;
    if (ctx.session.console) {
      ctx.session.console.input = undefined;
    }
    const deepLink = parseStartPayload(ctx.payload);
    if (deepLink) {
      await startWizard(ctx, services, deepLink);
      return;
    }
    await showMenu(ctx, services);
  });
  composer.command('book', (ctx) => startWizard(ctx, services));
  composer.command('my', (ctx) => showMyBookings(ctx, services));
  composer.command('help', (ctx) => showHelp(ctx, services));
  composer.command('language', (ctx) => showLanguages(ctx, services));
  composer.command('skip', async (ctx, next) =>
    ctx.session.awaiting === 'feedback_comment' ? next() : showMenu(ctx, services),
  );

  composer.use(
    callbackAction<ClientContext>(codec, CB.menu, async (ctx, [item]) => {
      await ack(ctx);
      ctx.session.awaiting = undefined;
      switch (item) {
        case 'book':
          return startWizard(ctx, services);
        case 'my':
          return showMyBookings(ctx, services);
        case 'waitlist':
          return showWaitlist(ctx, services);
        case 'language':
          return showLanguages(ctx, services);
        case 'help':
          return showHelp(ctx, services);
        case 'below':
          // Pressed under a booking's confirmation, which stays in the chat.
          keepPressedMessage(ctx);
          ctx.session.wizard = undefined;
          return showMenu(ctx, services);
        default:
          ctx.session.wizard = undefined;
          return showMenu(ctx, services);
      }
    }),
  );
  composer.use(
    callbackAction<ClientContext>(codec, CB.language, async (ctx, [locale]) => {
      if (!isBotLocale(locale)) {
        await ctx.answerCbQuery(ctx.t('button.outdated'));
        return;
      }
      ctx.session.locale = locale;
      ctx.locale = locale;
      const translate = await services.texts.translator(
        ctx.scope.tenant.slug,
        ctx.scope.db,
        locale,
      );
      ctx.t = (key, params) => translate(key, params as Parameters<typeof translate>[1]);
      // Reminders and offers are written in the client's stored language, and a chosen
      // one outlives the session (see restoreSession). A client who has not booked yet
      // has no row: their first booking stores the choice.
      const client = ctx.from ? await findClientByTelegramId(ctx.scope.db, ctx.from.id) : undefined;
      if (client && (client.locale !== locale || !client.localeChosen)) {
        await updateClient(ctx.scope.db, client.id, { locale, localeChosen: true }, services.now());
      }
      await ack(ctx, ctx.t('language.set'));
      await showMenu(ctx, services);
    }),
  );
  composer.use(callbackAction<ClientContext>(codec, CB.noop, (ctx) => ack(ctx)));
  return composer;
}

/**
 * What a user's new session starts with: who their client record is, and the language
 * they chose, when their session expired since (a week without a message) or Redis
 * lost it. Runs once per new session.
 */
export async function restoreSession(ctx: BotContext<Session>): Promise<Partial<Session>> {
  const client = ctx.from ? await findClientByTelegramId(ctx.scope.db, ctx.from.id) : undefined;
  if (!client) {
    return {};
  }
  const { locale } = client;
  return {
    clientId: client.id,
    ...(client.localeChosen && isBotLocale(locale) ? { locale } : {}),
  };
}

async function showHelp(ctx: ClientContext, services: ClientBotServices): Promise<void> {
  await showScreen(ctx, ctx.t('help.text'), { inline_keyboard: [menuRow(ctx, services.codec)] });
}

async function showLanguages(ctx: ClientContext, services: ClientBotServices): Promise<void> {
  await showScreen(ctx, ctx.t('language.choose'), {
    inline_keyboard: [
      BOT_LOCALES.map((locale) => ({
        text: `${locale === ctx.locale ? '✓ ' : ''}${LANGUAGE_NAMES[locale]}`,
        callback_data: services.codec.encode(CB.language, locale),
      })),
      menuRow(ctx, services.codec),
    ],
  });
}
