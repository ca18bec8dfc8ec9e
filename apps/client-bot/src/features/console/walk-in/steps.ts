import {
  type Admin,
  type Client,
  formatPhone,
  getClient,
  listClients,
  phoneRegionOf,
} from '@booking/core';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { formatDate, serviceLabel } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { showScreen } from '../../../screen.js';
import { ownScheduleOf, roleAllows } from '../access.js';
import { consoleHomeRow } from '../menu.js';
import { dayPickerKeyboard, timePickerKeyboard } from '../slot-picker.js';
import { consoleState } from '../state.js';
import { WALK_IN_AREA, type WalkInState, WI } from './state.js';

/** Clients a search shows at most. */
const MAX_FOUND = 8;

/** The walk-in state, created on first use. */
export function walkIn(ctx: ClientContext): WalkInState {
  const state = consoleState(ctx);
  state.walkIn ??= {};
  return state.walkIn;
}

/** The first step: find a client by name or phone (typed), or add one. */
export async function askClient(ctx: ClientContext, services: ClientBotServices): Promise<void> {
  consoleState(ctx).walkIn = {};
  consoleState(ctx).input = { area: WALK_IN_AREA, step: 'search' };
  await showScreen(ctx, ctx.t('walkin.find'), {
    inline_keyboard: [
      [button(ctx, services.codec, 'walkin.new_client', WI.newClient)],
      consoleHomeRow(ctx, services),
    ],
  });
}

/** The clients matching a typed name or phone fragment, each a button. */
export async function showFound(
  ctx: ClientContext,
  services: ClientBotServices,
  query: string,
): Promise<void> {
  const { db, tenant } = ctx.scope;
  const settings = await services.reads.settings(tenant.slug, db);
  // A phone is stored in E.164: look digits up without the spaces and dashes people type.
  const digits = query.replace(/[\s()-]/g, '');
  const search = /^\+?\d{3,}$/.test(digits) ? digits.replace(/^\+/, '') : query.trim();
  const found = await listClients(db, { search, limit: MAX_FOUND });
  const rows: InlineKeyboardButton[][] = found.map((client) => [
    {
      text: `${client.name}${client.phone ? ` · ${formatPhone(client.phone, phoneRegionOf(settings))}` : ''}`.slice(
        0,
        60,
      ),
      callback_data: services.codec.encode(WI.client, client.id),
    },
  ]);
  rows.push(
    [button(ctx, services.codec, 'walkin.new_client', WI.newClient)],
    consoleHomeRow(ctx, services),
  );
  await showScreen(
    ctx,
    found.length > 0
      ? ctx.t('walkin.found')
      : ctx.t('walkin.not_found', { query: query.slice(0, 100) }),
    { inline_keyboard: rows },
  );
}

/** The services to book `client` for. */
export async function askService(
  ctx: ClientContext,
  services: ClientBotServices,
  client: Client,
): Promise<void> {
  const state = walkIn(ctx);
  state.clientId = client.id;
  consoleState(ctx).input = undefined;
  const list = await services.reads.services(ctx.scope.tenant.slug, ctx.scope.db);
  await showScreen(ctx, ctx.t('walkin.choose_service', { client: client.name }), {
    inline_keyboard: [
      ...list.map((service) => [
        {
          text: serviceLabel(ctx, service),
          callback_data: services.codec.encode(WI.service, service.id),
        },
      ]),
      consoleHomeRow(ctx, services),
    ],
  });
}

/** The specialists of the chosen service; staff book on their own schedule only. */
export async function askSpecialist(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
): Promise<void> {
  const state = walkIn(ctx);
  const { client, schedule } = await facts(ctx, services, state);
  const own = ownScheduleOf(admin);
  const specialists = schedule.specialists.filter(
    ({ specialist }) => own === undefined || specialist.id === own,
  );
  if (specialists.length === 1) {
    state.staffId = specialists[0]?.specialist.id;
    await askDay(ctx, services);
    return;
  }
  await showScreen(
    ctx,
    ctx.t('walkin.choose_specialist', { client: client.name, service: schedule.service.name }),
    {
      inline_keyboard: [
        ...specialists.map(({ specialist }) => [
          { text: specialist.name, callback_data: services.codec.encode(WI.staff, specialist.id) },
        ]),
        consoleHomeRow(ctx, services),
      ],
    },
  );
}

/** The calendar customers see, for the chosen service and specialist. */
export async function askDay(
  ctx: ClientContext,
  services: ClientBotServices,
  month?: string,
): Promise<void> {
  const state = walkIn(ctx);
  const { client, schedule, specialistName } = await facts(ctx, services, state);
  const keyboard = await dayPickerKeyboard(
    ctx,
    services,
    { serviceId: schedule.service.id, staffId: state.staffId as number },
    month,
    {
      day: (date) => services.codec.encode(WI.day, date),
      month: (target) => services.codec.encode(WI.month, target),
    },
    [consoleHomeRow(ctx, services)],
  );
  await showScreen(
    ctx,
    ctx.t('walkin.choose_day', {
      client: client.name,
      service: schedule.service.name,
      specialist: specialistName,
    }),
    keyboard,
  );
}

/** The free times of the chosen day, and for owners and admins the "outside hours" switch. */
export async function askTime(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  date: string,
): Promise<void> {
  const state = walkIn(ctx);
  state.date = date;
  consoleState(ctx).input = undefined;
  const { client, schedule, specialistName, timeZone } = await facts(ctx, services, state);
  const { codec } = services;
  const extra: InlineKeyboardButton[][] = [];
  if (roleAllows(admin.role, 'admin')) {
    extra.push([button(ctx, codec, 'walkin.outside_hours', WI.outside, date)]);
  }
  extra.push([
    button(ctx, codec, 'common.back', WI.month, date.slice(0, 7)),
    ...consoleHomeRow(ctx, services),
  ]);
  const keyboard = await timePickerKeyboard(
    ctx,
    services,
    { serviceId: schedule.service.id, staffId: state.staffId as number },
    date,
    (minutes, staffId) => codec.encode(WI.time, minutes, staffId),
    extra,
  );
  const dateLabel = formatDate(date, timeZone, ctx.locale);
  await showScreen(
    ctx,
    keyboard
      ? ctx.t('walkin.choose_time', {
          client: client.name,
          service: schedule.service.name,
          specialist: specialistName,
          date: dateLabel,
        })
      : ctx.t('walkin.no_times', { date: dateLabel }),
    keyboard ?? { inline_keyboard: extra },
  );
}

/** What every step shows: the client, the service's schedule, the chosen specialist. */
export async function facts(ctx: ClientContext, services: ClientBotServices, state: WalkInState) {
  const { db, tenant } = ctx.scope;
  if (state.clientId === undefined || state.serviceId === undefined) {
    throw new Error('The walk-in booking lost its client or service');
  }
  const [client, schedule, settings] = await Promise.all([
    getClient(db, state.clientId),
    services.reads.schedule(tenant.slug, db, state.serviceId),
    services.reads.settings(tenant.slug, db),
  ]);
  const specialistName =
    schedule.specialists.find(({ specialist }) => specialist.id === state.staffId)?.specialist
      .name ?? '';
  return { client, schedule, specialistName, timeZone: settings.timeZone };
}
