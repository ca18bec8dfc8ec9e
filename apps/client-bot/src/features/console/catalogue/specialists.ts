import {
  assignService,
  getSpecialist,
  getWorkingHours,
  listServices,
  listSpecialistServices,
  listSpecialists,
  type Specialist,
  unassignService,
  updateSpecialist,
} from '@booking/core';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import type { TextKey } from '../../../texts/index.js';
import { consoleAction } from '../access.js';
import { consoleHomeRow } from '../menu.js';
import { ask, audited, CATALOGUE_CB } from './state.js';

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/** Every specialist, active or not, in display order. */
export async function showSpecialists(ctx: ClientContext, services: ClientBotServices) {
  const { codec } = services;
  const all = await listSpecialists(ctx.scope.db, { includeInactive: true });
  await showScreen(ctx, ctx.t('cat.specialists_title'), {
    inline_keyboard: [
      ...all.map((specialist) => [
        {
          text: `${specialist.active ? '' : '⏸ '}${specialist.name}`,
          callback_data: codec.encode(CATALOGUE_CB.specialist, specialist.id),
        },
      ]),
      [button(ctx, codec, 'cat.new_specialist', CATALOGUE_CB.specialistNew)],
      [button(ctx, codec, 'common.back', CATALOGUE_CB.home)],
      consoleHomeRow(ctx, services),
    ],
  });
}

/** A specialist with their services and actions. */
export async function showSpecialist(
  ctx: ClientContext,
  services: ClientBotServices,
  specialist: Specialist,
  heading = '',
) {
  const { codec } = services;
  const performed = await listSpecialistServices(ctx.scope.db, specialist.id);
  const text = ctx.t('cat.specialist_card', {
    name: specialist.name,
    inactive: specialist.active ? '' : ctx.t('cat.inactive'),
    bio: specialist.bio,
    telegram:
      specialist.telegramUserId === null
        ? ctx.t('cat.not_linked')
        : ctx.t('cat.linked', { id: specialist.telegramUserId }),
    services: performed.map((entry) => entry.service.name).join(', ') || ctx.t('cat.no_services'),
  });
  const action = (key: TextKey, name: string, ...args: Array<string | number>) =>
    button(ctx, codec, key, name, specialist.id, ...args);
  await showScreen(ctx, heading ? `${heading}\n\n${text}` : text, {
    inline_keyboard: [
      [
        action('cat.edit_name', CATALOGUE_CB.specialistEdit, 'name'),
        action('cat.edit_bio', CATALOGUE_CB.specialistEdit, 'bio'),
      ],
      [action('cat.assign', CATALOGUE_CB.assign), action('cat.hours', CATALOGUE_CB.hours)],
      [action('cat.link', CATALOGUE_CB.specialistLink)],
      [
        action(
          specialist.active ? 'cat.deactivate' : 'cat.activate',
          CATALOGUE_CB.specialistToggle,
        ),
      ],
      [button(ctx, codec, 'common.back', CATALOGUE_CB.specialists)],
      consoleHomeRow(ctx, services),
    ],
  });
}

/** A specialist's services: switch each on or off; ✏️ their own duration and price. */
export async function showAssignments(
  ctx: ClientContext,
  services: ClientBotServices,
  specialist: Specialist,
) {
  const { codec } = services;
  const [all, performed] = await Promise.all([
    listServices(ctx.scope.db, { includeInactive: true }),
    listSpecialistServices(ctx.scope.db, specialist.id),
  ]);
  const terms = new Map(performed.map((entry) => [entry.serviceId, entry]));
  await showScreen(ctx, ctx.t('cat.assign_title', { name: specialist.name }), {
    inline_keyboard: [
      ...all.map((service) => {
        const own = terms.get(service.id);
        const row = [
          {
            text: `${own ? '✅' : '▫️'} ${service.name}${own ? ` · ${own.durationMinutes}′` : ''}`,
            callback_data: codec.encode(CATALOGUE_CB.assignToggle, specialist.id, service.id),
          },
        ];
        if (own) {
          row.push({
            text: ctx.t('cat.terms', { service: service.name }),
            callback_data: codec.encode(CATALOGUE_CB.assignTerms, specialist.id, service.id),
          });
        }
        return row;
      }),
      [button(ctx, codec, 'common.back', CATALOGUE_CB.specialist, specialist.id)],
      consoleHomeRow(ctx, services),
    ],
  });
}

/** A specialist's week: each day's intervals, a button per day. */
export async function showHours(
  ctx: ClientContext,
  services: ClientBotServices,
  specialist: Specialist,
) {
  const { codec } = services;
  const hours = await getWorkingHours(ctx.scope.db, specialist.id);
  const dayText = (day: (typeof WEEKDAYS)[number]) => {
    const intervals = hours[day] ?? [];
    return intervals.length === 0
      ? ctx.t('cat.day_off')
      : intervals.map((interval) => `${interval.start}–${interval.end}`).join(', ');
  };
  const week = WEEKDAYS.map((day) => `${ctx.t(`cat.weekday.${day}`)}: ${dayText(day)}`).join('\n');
  await showScreen(ctx, ctx.t('cat.hours_title', { name: specialist.name, week }), {
    inline_keyboard: [
      ...[WEEKDAYS.slice(0, 4), WEEKDAYS.slice(4)].map((days) =>
        days.map((day) =>
          button(ctx, codec, `cat.weekday.${day}`, CATALOGUE_CB.hoursDay, specialist.id, day),
        ),
      ),
      [button(ctx, codec, 'common.back', CATALOGUE_CB.specialist, specialist.id)],
      consoleHomeRow(ctx, services),
    ],
  });
}

/** Specialists: list, card, active switch, services and their terms, hours, links. */
export function specialistsFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  const target = ([id]: string[]) => (id ? `staff:${id}` : undefined);
  const clearInput = (ctx: ClientContext) => {
    if (ctx.session.console) {
      ctx.session.console.input = undefined;
    }
  };
  const on = (action: string, handler: Parameters<typeof consoleAction>[3]) =>
    composer.use(consoleAction(services, action, 'admin', handler, target));

  on(CATALOGUE_CB.specialists, async (ctx) => {
    await ack(ctx);
    clearInput(ctx);
    await showSpecialists(ctx, services);
  });
  on(CATALOGUE_CB.specialist, async (ctx, _admin, [id]) => {
    await ack(ctx);
    clearInput(ctx);
    await showSpecialist(ctx, services, await getSpecialist(ctx.scope.db, Number(id)));
  });
  on(CATALOGUE_CB.specialistToggle, async (ctx, admin, [id]) => {
    await ack(ctx);
    const current = await getSpecialist(ctx.scope.db, Number(id));
    const changed = await audited(
      ctx,
      services,
      admin,
      (trx) => updateSpecialist(trx, current.id, { active: !current.active }, services.now()),
      (specialist) => ({
        action: specialist.active ? 'specialist.activated' : 'specialist.deactivated',
        target: `staff:${specialist.id}`,
        details: {},
      }),
    );
    await showSpecialist(ctx, services, changed);
  });
  on(CATALOGUE_CB.specialistEdit, async (ctx, _admin, [id, field]) => {
    if (field !== 'name' && field !== 'bio') {
      await ack(ctx, ctx.t('button.outdated'));
      return;
    }
    await ack(ctx);
    const specialist = await getSpecialist(ctx.scope.db, Number(id));
    await ask(
      ctx,
      services,
      `pe:${specialist.id}:${field}`,
      ctx.t(field === 'name' ? 'cat.ask_name' : 'cat.ask_bio'),
    );
  });
  on(CATALOGUE_CB.specialistNew, async (ctx) => {
    await ack(ctx);
    await ask(ctx, services, 'pn:name', ctx.t('cat.ask_name'));
  });
  on(CATALOGUE_CB.specialistLink, async (ctx, _admin, [id]) => {
    await ack(ctx);
    const specialist = await getSpecialist(ctx.scope.db, Number(id));
    await ask(ctx, services, `pl:${specialist.id}`, ctx.t('cat.ask_link'));
  });
  on(CATALOGUE_CB.assign, async (ctx, _admin, [id]) => {
    await ack(ctx);
    clearInput(ctx);
    await showAssignments(ctx, services, await getSpecialist(ctx.scope.db, Number(id)));
  });
  on(CATALOGUE_CB.assignToggle, async (ctx, admin, [id, serviceId]) => {
    await ack(ctx);
    const specialist = await getSpecialist(ctx.scope.db, Number(id));
    const service = Number(serviceId);
    const performed = await listSpecialistServices(ctx.scope.db, specialist.id);
    const assigned = performed.some((entry) => entry.serviceId === service);
    await audited(
      ctx,
      services,
      admin,
      async (trx) => {
        if (assigned) {
          await unassignService(trx, specialist.id, service);
        } else {
          await assignService(trx, { staffId: specialist.id, serviceId: service });
        }
      },
      () => ({
        action: assigned ? 'specialist.service_removed' : 'specialist.service_added',
        target: `staff:${specialist.id}`,
        details: { serviceId: service },
      }),
    );
    await showAssignments(ctx, services, specialist);
  });
  on(CATALOGUE_CB.assignTerms, async (ctx, _admin, [id, serviceId]) => {
    await ack(ctx);
    const specialist = await getSpecialist(ctx.scope.db, Number(id));
    const performed = await listSpecialistServices(ctx.scope.db, specialist.id);
    const entry = performed.find((candidate) => candidate.serviceId === Number(serviceId));
    if (!entry) {
      await showAssignments(ctx, services, specialist);
      return;
    }
    await ask(
      ctx,
      services,
      `pq:${specialist.id}:${entry.serviceId}`,
      ctx.t('cat.ask_terms', { service: entry.service.name, name: specialist.name }),
    );
  });
  on(CATALOGUE_CB.hours, async (ctx, _admin, [id]) => {
    await ack(ctx);
    clearInput(ctx);
    await showHours(ctx, services, await getSpecialist(ctx.scope.db, Number(id)));
  });
  on(CATALOGUE_CB.hoursDay, async (ctx, _admin, [id, day]) => {
    if (!WEEKDAYS.includes(day as (typeof WEEKDAYS)[number])) {
      await ack(ctx, ctx.t('button.outdated'));
      return;
    }
    await ack(ctx);
    const specialist = await getSpecialist(ctx.scope.db, Number(id));
    await ask(
      ctx,
      services,
      `pd:${specialist.id}:${day}`,
      ctx.t('cat.ask_hours', { day: ctx.t(`cat.weekday.${day}` as TextKey) }),
    );
  });
  return composer;
}
