import {
  calendarKeyboard,
  callbackAction,
  escapeHtml,
  html,
  timeGridKeyboard,
} from '@booking/bot-kit';
import {
  ANY_SPECIALIST,
  AppError,
  addDays,
  type Booking,
  bookAppointment,
  bookAsTelegramUser,
  type Client,
  findClientByTelegramId,
  formatPhone,
  getAvailableSlots,
  getBooking,
  getMonthSummary,
  isAppError,
  isInsideCancellationWindow,
  isPersonName,
  joinWaitlist,
  localDateIn,
  parsePhone,
  phoneRegionOf,
  rescheduleBooking,
  upsertClient,
} from '@booking/core';
import { Composer } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { CB } from '../callbacks.js';
import { showConfirmation } from '../confirmation.js';
import type { ClientBotServices, ClientContext, Wizard } from '../context.js';
import {
  bookingSummary,
  formatDate,
  formatDuration,
  formatPrice,
  formatTime,
  label,
  serviceLabel,
} from '../format.js';
import { parseName, suggestedName, telegramName } from '../input.js';
import { bookingActions, button, menuRow } from '../keyboards.js';
import { showMenu } from '../menu.js';
import { ack, showScreen } from '../screen.js';

/** Options of {@link startWizard}. */
export interface StartWizardOptions {
  serviceId?: number;
  /** Move this booking instead of creating one: the wizard opens at its calendar. */
  reschedule?: Booking;
}

/**
 * Opens the booking wizard: service, specialist (or any), day, time, confirmation.
 * Each step edits the same message; its buttons carry the wizard's flow number, so a
 * button of an older wizard is recognised as outdated.
 */
export async function startWizard(
  ctx: ClientContext,
  services: ClientBotServices,
  options: StartWizardOptions = {},
): Promise<void> {
  const flow = ctx.session.nextFlow;
  ctx.session.nextFlow = flow + 1;
  const wizard: Wizard = { flow };
  if (options.reschedule) {
    wizard.rescheduleBookingId = options.reschedule.id;
    wizard.serviceId = options.reschedule.serviceId;
    wizard.staffId = options.reschedule.staffId;
  } else if (options.serviceId !== undefined) {
    wizard.serviceId = options.serviceId;
  }
  ctx.session.wizard = wizard;
  ctx.session.awaiting = undefined;
  const notice = options.reschedule
    ? ctx.t('my.reschedule_title', {
        summary: html(
          bookingSummary(
            ctx,
            options.reschedule,
            (await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db)).timeZone,
          ),
        ),
      })
    : undefined;
  await renderWizard(ctx, services, notice);
}

/** The customer's booking wizard and the booking it ends in. */
export function bookingFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();

  // Every wizard button carries its flow first; a button of another flow is outdated.
  const step = (
    action: string,
    handler: (ctx: ClientContext, wizard: Wizard, args: string[]) => Promise<void>,
  ) =>
    callbackAction<ClientContext>(codec, action, async (ctx, [flow, ...args]) => {
      const wizard = ctx.session.wizard;
      if (!wizard || String(wizard.flow) !== flow) {
        await ctx.answerCbQuery(ctx.t('button.outdated'));
        return;
      }
      await handler(ctx, wizard, args);
    });

  composer.use(
    step(CB.service, async (ctx, wizard, [serviceId]) => {
      await ack(ctx);
      wizard.serviceId = Number(serviceId);
      await renderWizard(ctx, services);
    }),
  );
  composer.use(
    step(CB.staff, async (ctx, wizard, [staffId]) => {
      await ack(ctx);
      wizard.staffId = staffId === ANY_SPECIALIST ? ANY_SPECIALIST : Number(staffId);
      await renderWizard(ctx, services);
    }),
  );
  composer.use(
    step(CB.month, async (ctx, wizard, [month]) => {
      await ack(ctx);
      wizard.month = month;
      await renderWizard(ctx, services);
    }),
  );
  composer.use(
    step(CB.day, async (ctx, wizard, [date]) => {
      await ack(ctx);
      wizard.date = date;
      wizard.timePage = undefined;
      await renderWizard(ctx, services);
    }),
  );
  composer.use(
    step(CB.timePage, async (ctx, wizard, [page]) => {
      await ack(ctx);
      wizard.timePage = Number(page);
      await renderWizard(ctx, services);
    }),
  );
  composer.use(
    step(CB.time, async (ctx, wizard, [epochMinutes, staffId]) => {
      await ack(ctx);
      wizard.startsAt = new Date(Number(epochMinutes) * 60_000).toISOString();
      wizard.slotStaffId = Number(staffId);
      await renderWizard(ctx, services);
    }),
  );
  // A closed day does nothing but say so: a press without an answer looks broken.
  composer.use(
    callbackAction<ClientContext>(codec, CB.closedDay, (ctx) => ack(ctx, ctx.t('book.day_closed'))),
  );
  composer.use(
    step(CB.back, async (ctx, wizard) => {
      await ack(ctx);
      if (wizard.startsAt) {
        wizard.startsAt = undefined;
      } else if (wizard.date) {
        wizard.date = undefined;
        wizard.timePage = undefined;
      } else if (wizard.rescheduleBookingId !== undefined) {
        // Rescheduling starts at the calendar: back from there is back to the booking.
        ctx.session.wizard = undefined;
        const booking = await getBooking(ctx.scope.db, wizard.rescheduleBookingId);
        const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
        await showScreen(
          ctx,
          bookingSummary(ctx, booking, settings.timeZone),
          bookingActions(ctx, codec, booking.id),
        );
        return;
      } else if (wizard.staffId !== undefined) {
        wizard.staffId = undefined;
        wizard.month = undefined;
      } else if (wizard.serviceId !== undefined) {
        wizard.serviceId = undefined;
      } else {
        ctx.session.wizard = undefined;
        await showMenu(ctx, services);
        return;
      }
      await renderWizard(ctx, services);
    }),
  );
  composer.use(
    step(CB.confirm, async (ctx, wizard) => {
      await ack(ctx);
      const from = ctx.from;
      if (!from) {
        return;
      }
      if (wizard.rescheduleBookingId === undefined) {
        // A new booking finds the client while it books (and asks for a contact if
        // they have none).
        await finishBooking(ctx, services, { telegramUserId: from.id });
        return;
      }
      const client = await findClientByTelegramId(ctx.scope.db, from.id);
      if (!client?.phone) {
        await askContact(ctx, client);
        return;
      }
      await finishBooking(ctx, services, { client });
    }),
  );
  composer.use(
    step(CB.joinWaitlist, async (ctx, wizard) => {
      await ack(ctx);
      const from = ctx.from;
      if (!from || wizard.serviceId === undefined || !wizard.date) {
        return;
      }
      const existing = await findClientByTelegramId(ctx.scope.db, from.id);
      const client =
        existing ??
        (await upsertClient(
          ctx.scope.db,
          {
            telegramUserId: from.id,
            name: telegramName(from),
            locale: ctx.locale,
            localeChosen: ctx.session.locale !== undefined,
          },
          services.now(),
        ));
      const { service } = await services.reads.schedule(
        ctx.scope.tenant.slug,
        ctx.scope.db,
        wizard.serviceId,
      );
      try {
        await joinWaitlist(
          ctx.scope.db,
          {
            clientId: client.id,
            serviceId: wizard.serviceId,
            staffId:
              wizard.staffId === ANY_SPECIALIST || wizard.staffId === undefined
                ? null
                : wizard.staffId,
            dateFrom: wizard.date,
            dateTo: wizard.date,
          },
          services.now(),
        );
      } catch (error) {
        if (isAppError(error, 'CONFLICT')) {
          await showScreen(ctx, ctx.t('waitlist.already'), {
            inline_keyboard: [menuRow(ctx, codec)],
          });
          return;
        }
        throw error;
      }
      // A time freed while nobody waited is offered to the client now, if any.
      await services.jobs.runWaitlistPass(ctx.scope.tenant.slug);
      const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
      ctx.session.wizard = undefined;
      await showScreen(
        ctx,
        ctx.t('waitlist.joined', {
          service: service.name,
          date: formatDate(wizard.date, settings.timeZone, ctx.locale),
        }),
        { inline_keyboard: [menuRow(ctx, codec)] },
      );
    }),
  );

  // The answers to "your name?" and "your phone?" on a first booking.
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

async function askContact(ctx: ClientContext, client: { name: string } | undefined): Promise<void> {
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

async function askPhone(ctx: ClientContext): Promise<void> {
  ctx.session.awaiting = 'phone';
  await ctx.reply(ctx.t('book.ask_phone'), {
    reply_markup: {
      keyboard: [[{ text: label(ctx, 'book.share_phone'), request_contact: true }]],
      resize_keyboard: true,
      one_time_keyboard: true,
    },
  });
}

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

/**
 * Books (or moves) what the wizard holds: for a client looked up beforehand, or for the
 * Telegram user, whose client the booking finds itself (and who is asked for a name and
 * phone first if there is none). A slot taken meanwhile shows the day's fresh times.
 */
async function finishBooking(
  ctx: ClientContext,
  services: ClientBotServices,
  who: { client: Client } | { telegramUserId: number },
): Promise<void> {
  const wizard = ctx.session.wizard;
  if (!wizard?.startsAt || wizard.serviceId === undefined || wizard.staffId === undefined) {
    throw new AppError('CONFLICT', { message: 'The booking wizard is incomplete' });
  }
  const { db, tenant } = ctx.scope;
  const startsAt = new Date(wizard.startsAt);
  const now = services.now();
  const settings = await services.reads.settings(tenant.slug, db);
  let booking: Booking;
  let previous: Booking | undefined;
  try {
    if (wizard.rescheduleBookingId !== undefined) {
      if (!('client' in who)) {
        throw new Error('A booking is moved by a client looked up beforehand');
      }
      previous = await getBooking(db, wizard.rescheduleBookingId);
      const result = await rescheduleBooking(
        db,
        { bookingId: wizard.rescheduleBookingId, startsAt, staffId: wizard.staffId },
        { actor: { kind: 'client', clientId: who.client.id }, now },
      );
      booking = result.booking;
      if (result.slotReleased) {
        await services.jobs.runWaitlistPass(tenant.slug);
      }
    } else {
      const choice = { serviceId: wizard.serviceId, staffId: wizard.staffId, startsAt };
      const outcome =
        'client' in who
          ? { booked: await bookAppointment(db, { ...choice, clientId: who.client.id }, { now }) }
          : await bookAsTelegramUser(
              db,
              { ...choice, telegramUserId: who.telegramUserId },
              { now, requirePhone: true },
            );
      if ('contactNeeded' in outcome) {
        await askContact(ctx, outcome.contactNeeded.client);
        return;
      }
      booking = outcome.booked;
    }
  } catch (error) {
    if (isAppError(error, 'SLOT_TAKEN')) {
      wizard.startsAt = undefined;
      await renderWizard(
        ctx,
        services,
        ctx.t('book.slot_taken', { time: formatTime(startsAt, settings.timeZone) }),
      );
      return;
    }
    throw error;
  }
  ctx.session.wizard = undefined;
  ctx.session.clientId = booking.clientId;
  // The booking is committed: its jobs, the admins' notice and the customer's screen do
  // not wait for each other (a moved booking's old jobs go before its new ones).
  await Promise.all([
    (async () => {
      if (previous) {
        await services.jobs.unscheduleVisit(tenant.slug, booking.id, settings);
      }
      await services.jobs.scheduleVisit(tenant.slug, booking, settings, now);
    })(),
    services.jobs.notifyAdmins({
      tenant: tenant.slug,
      kind: previous ? 'rescheduled' : 'booked',
      bookingId: booking.id,
      by: 'client',
      ...(previous ? { previousStartsAt: previous.startsAt.toISOString() } : {}),
    }),
    showConfirmation(
      ctx,
      services,
      booking,
      previous ? 'rescheduled' : 'booked',
      settings.timeZone,
    ),
  ]);
}

/**
 * Shows the wizard's current step. `notice` is a line shown above the step (a slot
 * that was taken meanwhile).
 */
async function renderWizard(
  ctx: ClientContext,
  services: ClientBotServices,
  notice?: string,
): Promise<void> {
  const wizard = ctx.session.wizard;
  if (!wizard) {
    return;
  }
  const { codec } = services;
  const { db } = ctx.scope;
  const now = services.now();
  const back = [button(ctx, codec, 'common.back', CB.back, wizard.flow)];
  const slug = ctx.scope.tenant.slug;
  const settings = await services.reads.settings(slug, db);
  const zone = settings.timeZone;
  const prefix = notice ? `${notice}\n\n` : '';

  if (wizard.serviceId === undefined) {
    const list = await services.reads.services(slug, db);
    if (list.length === 0) {
      wizard.messageId = await showScreen(ctx, ctx.t('book.no_services'), {
        inline_keyboard: [menuRow(ctx, codec)],
      });
      return;
    }
    const rows: InlineKeyboardButton[][] = list.map((service) => [
      {
        text: serviceLabel(ctx, service),
        callback_data: codec.encode(CB.service, wizard.flow, service.id),
      },
    ]);
    wizard.messageId = await showScreen(ctx, ctx.t('book.choose_service'), {
      inline_keyboard: [...rows, back],
    });
    return;
  }

  const schedule = await services.reads.schedule(slug, db, wizard.serviceId);
  const service = schedule.service;
  if (!service.active || schedule.specialists.length === 0) {
    throw new AppError('SERVICE_INACTIVE', { message: `Service ${service.id} cannot be booked` });
  }
  if (wizard.staffId === undefined) {
    const rows: InlineKeyboardButton[][] = [
      [
        {
          text: label(ctx, 'book.any_specialist'),
          callback_data: codec.encode(CB.staff, wizard.flow, ANY_SPECIALIST),
        },
      ],
      ...schedule.specialists.map(({ specialist }) => [
        {
          text: specialist.name,
          callback_data: codec.encode(CB.staff, wizard.flow, specialist.id),
        },
      ]),
    ];
    const lines = [`<b>${escapeHtml(service.name)}</b>`];
    if (service.description) {
      lines.push(escapeHtml(service.description));
    }
    lines.push(
      ctx.t('book.service_details', {
        duration: formatDuration(ctx, service.durationMinutes),
        price: formatPrice(service.priceMinor, service.currency, ctx.locale),
      }),
      '',
      ctx.t('book.choose_specialist'),
    );
    wizard.messageId = await showScreen(ctx, `${prefix}${lines.join('\n')}`, {
      inline_keyboard: [...rows, back],
    });
    return;
  }

  const chosen = schedule.specialists.find(({ specialist }) => specialist.id === wizard.staffId);
  const specialistName = chosen ? chosen.specialist.name : label(ctx, 'book.any_specialist');
  const staffId = wizard.staffId;

  if (!wizard.date) {
    const today = localDateIn(zone, now.getTime());
    const firstMonth = today.slice(0, 7);
    const lastMonth = addDays(today, settings.bookingHorizonDays).slice(0, 7);
    const month =
      wizard.month && wizard.month >= firstMonth && wizard.month <= lastMonth
        ? wizard.month
        : firstMonth;
    wizard.month = month;
    // When moving a booking, its own time is free for the move.
    const exclude = { excludeBookingId: wizard.rescheduleBookingId };
    const days = await getMonthSummary(db, { serviceId: service.id, staffId, month }, now, exclude);
    const keyboard = calendarKeyboard({
      month,
      days,
      locale: ctx.locale,
      firstMonth,
      lastMonth,
      callbacks: {
        day: (date) => codec.encode(CB.day, wizard.flow, date),
        month: (target) => codec.encode(CB.month, wizard.flow, target),
        noop: () => codec.encode(CB.noop),
        closed: () => codec.encode(CB.closedDay),
      },
      extraRows: [back],
    });
    wizard.messageId = await showScreen(
      ctx,
      `${prefix}${ctx.t('book.choose_day', { service: service.name, specialist: specialistName })}`,
      keyboard,
    );
    return;
  }

  const dateLabel = formatDate(wizard.date, zone, ctx.locale);
  if (!wizard.startsAt) {
    const available = await getAvailableSlots(
      db,
      { serviceId: service.id, staffId, from: wizard.date, to: wizard.date },
      now,
      { excludeBookingId: wizard.rescheduleBookingId },
    );
    const times =
      staffId === ANY_SPECIALIST
        ? available.times.map((time) => ({
            startsAt: time.startsAt,
            staffId: time.staffIds[0] as number,
          }))
        : available.slots.map((slot) => ({ startsAt: slot.startsAt, staffId: slot.staffId }));
    if (times.length === 0) {
      wizard.messageId = await showScreen(
        ctx,
        `${prefix}${ctx.t('book.day_full', { date: dateLabel, service: service.name })}`,
        {
          inline_keyboard: [
            [button(ctx, codec, 'book.join_waitlist', CB.joinWaitlist, wizard.flow)],
            back,
          ],
        },
      );
      return;
    }
    const keyboard = timeGridKeyboard(
      times.map((time) => ({
        label: formatTime(time.startsAt, zone),
        callbackData: codec.encode(
          CB.time,
          wizard.flow,
          Math.round(time.startsAt.getTime() / 60_000),
          time.staffId,
        ),
      })),
      {
        page: wizard.timePage,
        callbacks: {
          page: (page) => codec.encode(CB.timePage, wizard.flow, page),
          noop: () => codec.encode(CB.noop),
        },
        extraRows: [back],
      },
    );
    wizard.messageId = await showScreen(
      ctx,
      `${prefix}${ctx.t('book.choose_time', { service: service.name, specialist: specialistName, date: dateLabel })}`,
      keyboard,
    );
    return;
  }

  // With "any specialist" the chosen time already belongs to one person: name them.
  const slotOwner =
    chosen ?? schedule.specialists.find(({ specialist }) => specialist.id === wizard.slotStaffId);
  const startsAt = new Date(wizard.startsAt);
  const summary = bookingSummary(
    ctx,
    {
      serviceName: service.name,
      staffName: slotOwner?.specialist.name ?? specialistName,
      startsAt,
      priceMinor: slotOwner?.terms.priceMinor ?? service.priceMinor,
      currency: service.currency,
    },
    zone,
  );
  // Said before the customer confirms, not discovered when they try to cancel.
  const windowNotice = isInsideCancellationWindow(startsAt, settings.cancellationWindowHours, now)
    ? `\n\n${ctx.t('book.window_notice', { hours: settings.cancellationWindowHours })}`
    : '';
  wizard.messageId = await showScreen(
    ctx,
    `${prefix}${ctx.t('book.confirm_prompt', { summary: html(summary) })}${windowNotice}`,
    {
      inline_keyboard: [[button(ctx, codec, 'book.confirm', CB.confirm, wizard.flow)], back],
    },
  );
}
