import { htmlToPlain } from '@booking/bot-kit';
import { getService, getSpecialist } from '@booking/core';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { formatPrice } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { showScreen } from '../../../screen.js';
import type { TextKey } from '../../../texts/index.js';
import { consoleState } from '../state.js';
import { previousStep, SETUP_AREA, type SetupState, type SetupStep, SU } from './state.js';

const QUESTION: Record<SetupStep, TextKey> = {
  name: 'setup.ask_name',
  address: 'setup.ask_address',
  phone: 'setup.ask_phone',
  zone: 'setup.ask_zone',
  service: 'setup.ask_service',
  duration: 'setup.ask_duration',
  price: 'setup.ask_price',
  specialist: 'setup.ask_specialist',
  hours: 'setup.ask_hours',
  days: 'setup.ask_days',
};

/** The setup under way, if any. */
export function setupOf(ctx: ClientContext): SetupState | undefined {
  return consoleState(ctx).setup;
}

/**
 * The answer the step already has (the owner came back to it), as shown; `undefined`
 * on a first visit. The time zone always has one: it is asked as "keep or change".
 */
async function currentAnswer(
  ctx: ClientContext,
  services: ClientBotServices,
  setup: SetupState,
): Promise<string | undefined> {
  const { db, tenant } = ctx.scope;
  const settings = await services.reads.settings(tenant.slug, db);
  switch (setup.step) {
    case 'name':
      return settings.businessName || undefined;
    case 'address':
      return settings.businessAddress || undefined;
    case 'phone':
      return settings.businessPhone || undefined;
    case 'service':
      return setup.serviceName;
    case 'duration':
      return setup.durationMinutes === undefined ? undefined : String(setup.durationMinutes);
    case 'price': {
      if (setup.serviceId === undefined) {
        return undefined;
      }
      const service = await getService(db, setup.serviceId);
      return formatPrice(service.priceMinor, service.currency, ctx.locale);
    }
    case 'specialist':
      return setup.staffId === undefined
        ? undefined
        : (await getSpecialist(db, setup.staffId)).name;
    default:
      return undefined;
  }
}

/** The step's own buttons: skip, keep the zone, "me", the hour presets. */
async function stepButtons(
  ctx: ClientContext,
  services: ClientBotServices,
  setup: SetupState,
): Promise<{ rows: InlineKeyboardButton[][]; params: Record<string, unknown> }> {
  const { codec } = services;
  const plain = (key: TextKey, params?: Record<string, unknown>) => htmlToPlain(ctx.t(key, params));
  switch (setup.step) {
    case 'address':
    case 'phone':
      return {
        rows: [[{ text: plain('setup.skip'), callback_data: codec.encode(SU.skip, setup.step) }]],
        params: {},
      };
    case 'zone': {
      const { timeZone } = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
      return {
        rows: [
          [
            {
              text: plain('setup.keep_zone', { zone: timeZone }),
              callback_data: codec.encode(SU.keepZone),
            },
          ],
        ],
        params: { zone: timeZone },
      };
    }
    case 'duration':
      return { rows: [], params: { service: setup.serviceName ?? '' } };
    case 'specialist':
      return {
        rows: [
          [
            {
              text: plain('setup.me', { name: ctx.from?.first_name ?? '' }).slice(0, 60),
              callback_data: codec.encode(SU.me),
            },
          ],
        ],
        params: {},
      };
    case 'hours': {
      const specialist =
        setup.staffId === undefined ? '' : (await getSpecialist(ctx.scope.db, setup.staffId)).name;
      return {
        rows: [
          ...(['weekdays', 'tue_sat', 'every_day'] as const).map((preset) => [
            {
              text: plain(`setup.preset_${preset}`),
              callback_data: codec.encode(SU.preset, preset),
            },
          ]),
          [button(ctx, codec, 'setup.edit_days', SU.editDays)],
        ],
        params: { specialist },
      };
    }
    default:
      return { rows: [], params: {} };
  }
}

/**
 * Asks the question of the setup's current step: with the answer it already has and
 * Keep (after Back), the step's own buttons, then Back (but on the first step) and
 * Cancel. With `problem`, what a bad answer is told comes first.
 */
export async function ask(
  ctx: ClientContext,
  services: ClientBotServices,
  setup: SetupState,
  problem?: TextKey,
): Promise<void> {
  const { codec } = services;
  consoleState(ctx).input = { area: SETUP_AREA, step: setup.step };
  const { rows, params } = await stepButtons(ctx, services, setup);
  const lines = [ctx.t(QUESTION[setup.step], params)];
  if (problem) {
    lines.unshift(ctx.t(problem), '');
  }
  const current = await currentAnswer(ctx, services, setup);
  if (current !== undefined) {
    lines.push('', ctx.t('setup.current', { value: current }));
    rows.unshift([button(ctx, codec, 'setup.keep', SU.keep, setup.step)]);
  }
  const back = previousStep(setup.step);
  rows.push([
    ...(back === undefined ? [] : [button(ctx, codec, 'common.back', SU.back, setup.step)]),
    button(ctx, codec, 'manage.cancel', SU.cancel),
  ]);
  await showScreen(ctx, lines.join('\n'), { inline_keyboard: rows });
}

/** Moves the setup to `step` and asks its question. */
export async function goTo(
  ctx: ClientContext,
  services: ClientBotServices,
  step: SetupStep,
): Promise<void> {
  const setup = setupOf(ctx) ?? { step };
  setup.step = step;
  consoleState(ctx).setup = setup;
  await ask(ctx, services, setup);
}
