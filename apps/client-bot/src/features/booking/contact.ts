import {
  AppError,
  formatPhone,
  isPersonName,
  parsePhone,
  phoneRegionOf,
  upsertClient,
} from '@booking/core';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { parseName, telegramName } from '../../input.js';
import { askContact, askPhone } from './ask-contact.js';
import { finishBooking } from './finish-booking.js';

/** The answers to "your name?" and "your phone?" on a first booking. */
export function contactFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  composer.on('contact', async (ctx, next) => {
    if (ctx.session.awaiting !== 'phone') {
      return next();
    }
    const { contact } = ctx.message;
    // The contact button shares the user's own card; an attached card of someone else
    // (another user_id, or none: a phone-book entry) is not their phone.
    if (contact.user_id !== ctx.from.id) {
      await ctx.reply(ctx.t('book.foreign_contact'));
      return;
    }
    // Telegram shares a number in full international form, often without its plus.
    const shared = contact.phone_number;
    await acceptPhone(ctx, services, shared.startsWith('+') ? shared : `+${shared}`);
  });
  composer.on('text', async (ctx, next) => {
    const text = ctx.message.text.trim();
    if (ctx.session.awaiting === 'name' && !text.startsWith('/')) {
      const answer = parseName(text);
      if ('problem' in answer) {
        await ctx.reply(
          ctx.t(answer.problem === 'length' ? 'book.bad_name' : 'book.bad_name_characters'),
        );
        return;
      }
      ctx.session.pendingName = answer.name;
      await askPhone(ctx);
      return;
    }
    if (ctx.session.awaiting === 'phone' && !text.startsWith('/')) {
      await acceptPhone(ctx, services, text);
      return;
    }
    return next();
  });
  return composer;
}

/** Saves the client with the name given and the phone `input`, then books. */
async function acceptPhone(
  ctx: ClientContext,
  services: ClientBotServices,
  input: string,
): Promise<void> {
  const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
  const region = phoneRegionOf(settings);
  const phone = parsePhone(input, region);
  if (!phone) {
    await ctx.reply(ctx.t('book.bad_phone'));
    return;
  }
  const from = ctx.from;
  if (!from) {
    return;
  }
  // A session written before names were checked may hold one Postgres cannot store:
  // ask for the name again rather than fail every try.
  const pending = ctx.session.pendingName;
  if (pending !== undefined && !isPersonName(pending)) {
    ctx.session.pendingName = undefined;
    await askContact(ctx, undefined);
    return;
  }
  const client = await upsertClient(
    ctx.scope.db,
    {
      telegramUserId: from.id,
      name: pending ?? telegramName(from),
      phone,
      locale: ctx.locale,
      localeChosen: ctx.session.locale !== undefined,
    },
    services.now(),
  );
  ctx.session.awaiting = undefined;
  ctx.session.pendingName = undefined;
  await ctx.reply(
    ctx.t('book.contact_saved', { name: client.name, phone: formatPhone(phone, region) }),
    {
      reply_markup: { remove_keyboard: true },
    },
  );
  if (!ctx.session.wizard?.startsAt) {
    throw new AppError('CONFLICT', {
      message: 'The booking screen expired while asking for the phone',
    });
  }
  await finishBooking(ctx, services, { client });
}
