import {
  type Admin,
  addClientByPhone,
  bookAppointment,
  getClient,
  isAppError,
  isPersonName,
} from '@booking/core';
import { DateTime } from 'luxon';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { ack, showScreen } from '../../../screen.js';
import { consoleAction, requireOwnSchedule } from '../access.js';
import { actorOf } from '../agenda/actions.js';
import { showCard } from '../agenda/card.js';
import { announceConsoleChange } from '../booking-effects.js';
import { consoleText } from '../input.js';
import type { ConsoleSection } from '../sections.js';
import { consoleState } from '../state.js';
import { WALK_IN_AREA, WI } from './state.js';
import {
  askClient,
  askDay,
  askService,
  askSpecialist,
  askTime,
  facts,
  showFound,
  walkIn,
} from './steps.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;
const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

/** Booking for a walk-in or a phone call: find or add the client, then the customers' calendar. */
export const walkInSection: ConsoleSection = {
  id: 'walkin',
  label: 'walkin.section',
  minRole: 'staff',
  open: (ctx, _admin, services) => askClient(ctx, services),
  feature: walkInFeature,
};

function walkInFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  const id = (value: string | undefined) => {
    const parsed = Number(value);
    return Number.isSafeInteger(parsed) && parsed > 0 ? parsed : undefined;
  };
  const outdated = (ctx: ClientContext) => ack(ctx, ctx.t('button.outdated'));

  composer.use(
    consoleAction(services, WI.client, 'staff', async (ctx, _admin, [clientId]) => {
      const found = id(clientId);
      if (found === undefined) {
        return outdated(ctx);
      }
      await ack(ctx);
      await askService(ctx, services, await getClient(ctx.scope.db, found));
    }),
  );
  composer.use(
    consoleAction(services, WI.newClient, 'staff', async (ctx) => {
      await ack(ctx);
      consoleState(ctx).input = { area: WALK_IN_AREA, step: 'name' };
      await showScreen(ctx, ctx.t('walkin.ask_name'), { inline_keyboard: [] });
    }),
  );
  composer.use(
    consoleAction(services, WI.service, 'staff', async (ctx, admin, [serviceId]) => {
      const state = walkIn(ctx);
      const chosen = id(serviceId);
      if (chosen === undefined || state.clientId === undefined) {
        return outdated(ctx);
      }
      await ack(ctx);
      state.serviceId = chosen;
      state.staffId = undefined;
      await askSpecialist(ctx, services, admin);
    }),
  );
  composer.use(
    consoleAction(services, WI.staff, 'staff', async (ctx, admin, [staffId]) => {
      const state = walkIn(ctx);
      const chosen = id(staffId);
      // The schedule is checked first: a replayed button is audited whatever the state.
      if (chosen === undefined || !(await mayBookFor(ctx, services, admin, chosen))) {
        return chosen === undefined ? outdated(ctx) : undefined;
      }
      if (state.serviceId === undefined) {
        return outdated(ctx);
      }
      await ack(ctx);
      state.staffId = chosen;
      await askDay(ctx, services);
    }),
  );
  composer.use(
    consoleAction(services, WI.month, 'staff', async (ctx, _admin, [month]) => {
      if (!month || !MONTH.test(month) || walkIn(ctx).staffId === undefined) {
        return outdated(ctx);
      }
      await ack(ctx);
      await askDay(ctx, services, month);
    }),
  );
  composer.use(
    consoleAction(services, WI.day, 'staff', async (ctx, admin, [date]) => {
      if (!date || !DATE.test(date) || walkIn(ctx).staffId === undefined) {
        return outdated(ctx);
      }
      await ack(ctx);
      await askTime(ctx, services, admin, date);
    }),
  );
  composer.use(
    consoleAction(services, WI.outside, 'admin', async (ctx, _admin, [date]) => {
      if (!date || !DATE.test(date) || walkIn(ctx).staffId === undefined) {
        return outdated(ctx);
      }
      await ack(ctx);
      walkIn(ctx).date = date;
      consoleState(ctx).input = { area: WALK_IN_AREA, step: 'time' };
      const { timeZone } = await facts(ctx, services, walkIn(ctx));
      const label = DateTime.fromISO(date, { zone: timeZone, locale: ctx.locale }).toFormat(
        'ccc, d MMMM',
      );
      await showScreen(ctx, ctx.t('walkin.ask_time', { date: label }), { inline_keyboard: [] });
    }),
  );
  composer.use(
    consoleAction(services, WI.time, 'staff', async (ctx, admin, [minutes, staffId]) => {
      const start = id(minutes);
      const staff = id(staffId);
      if (start === undefined || staff === undefined) {
        return outdated(ctx);
      }
      if (!(await mayBookFor(ctx, services, admin, staff))) {
        return;
      }
      if (walkIn(ctx).serviceId === undefined) {
        return outdated(ctx);
      }
      await ack(ctx);
      await book(ctx, services, admin, new Date(start * 60_000), staff, false);
    }),
  );
  composer.use(
    consoleText(services, WALK_IN_AREA, 'staff', async (ctx, admin, step, text) => {
      const state = walkIn(ctx);
      switch (step) {
        case 'search':
          return showFound(ctx, services, text);
        case 'name':
          if (!isPersonName(text)) {
            await ctx.reply(ctx.t('walkin.bad_name'));
            return;
          }
          state.newName = text.trim();
          consoleState(ctx).input = { area: WALK_IN_AREA, step: 'phone' };
          await ctx.reply(ctx.t('walkin.ask_phone'));
          return;
        case 'phone': {
          try {
            const { client } = await addClientByPhone(
              ctx.scope.db,
              { name: state.newName ?? '', phone: text },
              `admin:${admin.id}`,
              services.now(),
            );
            await askService(ctx, services, client);
          } catch (error) {
            if (isAppError(error, 'VALIDATION')) {
              await ctx.reply(ctx.t('walkin.bad_phone'));
              return;
            }
            throw error;
          }
          return;
        }
        case 'time': {
          const match = TIME.exec(text.trim());
          if (!match || !state.date || state.staffId === undefined) {
            await ctx.reply(ctx.t('walkin.bad_time'));
            return;
          }
          const { timeZone } = await facts(ctx, services, state);
          const startsAt = DateTime.fromISO(state.date, { zone: timeZone })
            .set({ hour: Number(match[1]), minute: Number(match[2]) })
            .toJSDate();
          consoleState(ctx).input = undefined;
          await book(ctx, services, admin, startsAt, state.staffId, true);
          return;
        }
        default:
          consoleState(ctx).input = undefined;
      }
    }),
  );
  return composer;
}

/** Staff book on their own schedule only (refused and audited otherwise). */
async function mayBookFor(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  staffId: number,
): Promise<boolean> {
  return requireOwnSchedule(ctx, services, admin, staffId, {
    action: 'console.walkin.book',
    target: `staff:${staffId}`,
  });
}

/**
 * Books what the walk-in holds. The engine decides: a time someone took meanwhile is
 * refused (`SLOT_TAKEN`), and the day's fresh times come back.
 */
async function book(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  startsAt: Date,
  staffId: number,
  outsideHours: boolean,
): Promise<void> {
  const state = walkIn(ctx);
  if (state.clientId === undefined || state.serviceId === undefined) {
    await ack(ctx, ctx.t('button.outdated'));
    return;
  }
  try {
    const booking = await bookAppointment(
      ctx.scope.db,
      { clientId: state.clientId, serviceId: state.serviceId, staffId, startsAt },
      { actor: actorOf(admin), now: services.now(), outsideHours },
    );
    consoleState(ctx).walkIn = undefined;
    await announceConsoleChange(ctx, services, { kind: 'booked', booking });
    await showCard(
      ctx,
      services,
      booking,
      ctx.t(booking.clientTelegramUserId ? 'walkin.booked_told' : 'walkin.booked'),
    );
  } catch (error) {
    if (isAppError(error, 'SLOT_TAKEN') && state.date && !outsideHours) {
      await ctx.reply(ctx.t('errors.slot_taken'));
      await askTime(ctx, services, admin, state.date);
      return;
    }
    throw error;
  }
}
