import { type Admin, getService, listServices, type Service, updateService } from '@booking/core';
import { Composer } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { formatPrice } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import type { TextKey } from '../../../texts/index.js';
import { consoleAction } from '../access.js';
import { consoleHomeRow } from '../menu.js';
import { ask, audited, CATALOGUE_CB } from './state.js';

/** The fields of a service an admin edits, and what each asks. */
export const SERVICE_FIELDS = {
  name: 'cat.ask_name',
  duration: 'cat.ask_duration',
  price: 'cat.ask_price',
  description: 'cat.ask_description',
  buffers: 'cat.ask_buffers',
} as const satisfies Record<string, TextKey>;
/** See {@link SERVICE_FIELDS}. */
export type ServiceField = keyof typeof SERVICE_FIELDS;

/** Every service, active or not, in display order. */
export async function showServices(ctx: ClientContext, services: ClientBotServices) {
  const { codec } = services;
  const all = await listServices(ctx.scope.db, { includeInactive: true });
  await showScreen(ctx, ctx.t('cat.services_title'), {
    inline_keyboard: [
      ...all.map((service) => [
        {
          text: `${service.active ? '' : '⏸ '}${service.name}`,
          callback_data: codec.encode(CATALOGUE_CB.service, service.id),
        },
      ]),
      [button(ctx, codec, 'cat.new_service', CATALOGUE_CB.serviceNew)],
      [button(ctx, codec, 'common.back', CATALOGUE_CB.home)],
      consoleHomeRow(ctx, services),
    ],
  });
}

/** A service with every field and its actions. */
export async function showService(
  ctx: ClientContext,
  services: ClientBotServices,
  service: Service,
  heading = '',
) {
  const { codec } = services;
  const edit = (key: TextKey, field: ServiceField): InlineKeyboardButton =>
    button(ctx, codec, key, CATALOGUE_CB.serviceEdit, service.id, field);
  const text = ctx.t('cat.service_card', {
    name: service.name,
    inactive: service.active ? '' : ctx.t('cat.inactive'),
    duration: service.durationMinutes,
    price: formatPrice(service.priceMinor, service.currency, ctx.locale),
    before: service.bufferBeforeMinutes,
    after: service.bufferAfterMinutes,
    description: service.description,
  });
  await showScreen(ctx, heading ? `${heading}\n\n${text}` : text, {
    inline_keyboard: [
      [edit('cat.edit_name', 'name'), edit('cat.edit_duration', 'duration')],
      [edit('cat.edit_price', 'price'), edit('cat.edit_description', 'description')],
      [edit('cat.edit_buffers', 'buffers')],
      [
        button(ctx, codec, 'cat.move_up', CATALOGUE_CB.serviceMove, service.id, -1),
        button(ctx, codec, 'cat.move_down', CATALOGUE_CB.serviceMove, service.id, 1),
      ],
      [
        button(
          ctx,
          codec,
          service.active ? 'cat.deactivate' : 'cat.activate',
          CATALOGUE_CB.serviceToggle,
          service.id,
        ),
      ],
      [button(ctx, codec, 'common.back', CATALOGUE_CB.services)],
      consoleHomeRow(ctx, services),
    ],
  });
}

/** Moves a service one place up (-1) or down (1): every service gets its index as order. */
async function moveService(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  serviceId: number,
  step: number,
) {
  await audited(
    ctx,
    services,
    admin,
    async (trx) => {
      const all = await listServices(trx, { includeInactive: true });
      const index = all.findIndex((service) => service.id === serviceId);
      const target = index + step;
      if (index < 0 || target < 0 || target >= all.length) {
        return all.map((service) => service.id);
      }
      const order = [...all];
      [order[index], order[target]] = [order[target] as Service, order[index] as Service];
      for (const [position, service] of order.entries()) {
        if (service.sortOrder !== position) {
          await updateService(trx, service.id, { sortOrder: position });
        }
      }
      return order.map((service) => service.id);
    },
    (order) => ({
      action: 'service.reordered',
      target: `service:${serviceId}`,
      details: { order },
    }),
  );
}

/** Services: the list, a card, switching active, reordering, and asking for a field. */
export function servicesFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  const target = ([id]: string[]) => (id ? `service:${id}` : undefined);

  composer.use(
    consoleAction(services, CATALOGUE_CB.services, 'admin', async (ctx) => {
      await ack(ctx);
      if (ctx.session.console) {
        ctx.session.console.input = undefined;
      }
      await showServices(ctx, services);
    }),
  );
  composer.use(
    consoleAction(
      services,
      CATALOGUE_CB.service,
      'admin',
      async (ctx, _admin, [id]) => {
        await ack(ctx);
        if (ctx.session.console) {
          ctx.session.console.input = undefined;
        }
        await showService(ctx, services, await getService(ctx.scope.db, Number(id)));
      },
      target,
    ),
  );
  composer.use(
    consoleAction(
      services,
      CATALOGUE_CB.serviceToggle,
      'admin',
      async (ctx, admin, [id]) => {
        await ack(ctx);
        const current = await getService(ctx.scope.db, Number(id));
        const changed = await audited(
          ctx,
          services,
          admin,
          (trx) => updateService(trx, current.id, { active: !current.active }),
          (service) => ({
            action: service.active ? 'service.activated' : 'service.deactivated',
            target: `service:${service.id}`,
            details: {},
          }),
        );
        await showService(ctx, services, changed);
      },
      target,
    ),
  );
  composer.use(
    consoleAction(
      services,
      CATALOGUE_CB.serviceMove,
      'admin',
      async (ctx, admin, [id, step]) => {
        await ack(ctx);
        await moveService(ctx, services, admin, Number(id), step === '-1' ? -1 : 1);
        await showServices(ctx, services);
      },
      target,
    ),
  );
  composer.use(
    consoleAction(
      services,
      CATALOGUE_CB.serviceEdit,
      'admin',
      async (ctx, _admin, [id, field]) => {
        if (!field || !(field in SERVICE_FIELDS)) {
          await ack(ctx, ctx.t('button.outdated'));
          return;
        }
        await ack(ctx);
        const service = await getService(ctx.scope.db, Number(id));
        await ask(
          ctx,
          services,
          `se:${service.id}:${field}`,
          ctx.t(SERVICE_FIELDS[field as ServiceField]),
        );
      },
      target,
    ),
  );
  return composer;
}
