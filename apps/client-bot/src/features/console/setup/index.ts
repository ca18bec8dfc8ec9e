import { escapeHtml, html, htmlToPlain } from '@booking/bot-kit';
import {
  type Admin,
  assignService,
  changeAdminRole,
  createService,
  createSpecialist,
  isAppError,
  listServices,
  parsePhone,
  phoneRegionOf,
  setWorkingHours,
  updateSettings,
  type WeeklyHours,
} from '@booking/core';
import { Composer } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { mainMenu } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import type { TextKey } from '../../../texts/index.js';
import { consoleAction } from '../access.js';
import { consoleText } from '../input.js';
import { consoleHomeRow } from '../menu.js';
import { consoleState } from '../state.js';
import { HOUR_PRESETS, SETUP_AREA, type SetupState, type SetupStep, SU } from './state.js';

/**
 * Whether `/admin` should run (or resume) the first-run setup: for an owner, while one
 * is under way, or while the tenant has no active service.
 */
export async function needsSetup(ctx: ClientContext, admin: Admin): Promise<boolean> {
  if (admin.role !== 'owner') {
    return false;
  }
  if (consoleState(ctx).setup) {
    return true;
  }
  return (await listServices(ctx.scope.db)).length === 0;
}

/** Starts the setup, or resumes it at the step the owner left. */
export async function runSetup(ctx: ClientContext, services: ClientBotServices): Promise<void> {
  const state = consoleState(ctx);
  if (!state.setup) {
    state.setup = { step: 'name' };
    await ctx.reply(ctx.t('setup.welcome'));
  }
  await ask(ctx, services, state.setup);
}

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

/** Asks the question of the setup's current step. */
async function ask(ctx: ClientContext, services: ClientBotServices, setup: SetupState) {
  const { codec } = services;
  const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
  consoleState(ctx).input = { area: SETUP_AREA, step: setup.step };
  const rows: InlineKeyboardButton[][] = [];
  let params: Record<string, unknown> = {};
  switch (setup.step) {
    case 'address':
    case 'phone':
      rows.push([
        {
          text: htmlToPlain(ctx.t('setup.skip')),
          callback_data: codec.encode(SU.skip, setup.step),
        },
      ]);
      break;
    case 'zone':
      params = { zone: settings.timeZone };
      rows.push([
        {
          text: htmlToPlain(ctx.t('setup.keep_zone', { zone: settings.timeZone })),
          callback_data: codec.encode(SU.keepZone),
        },
      ]);
      break;
    case 'duration':
      params = { service: setup.serviceName ?? '' };
      break;
    case 'specialist':
      rows.push([
        {
          text: htmlToPlain(ctx.t('setup.me', { name: ctx.from?.first_name ?? '' })).slice(0, 60),
          callback_data: codec.encode(SU.me),
        },
      ]);
      break;
    case 'hours': {
      const specialist = setup.staffId
        ? (
            await services.reads.schedule(ctx.scope.tenant.slug, ctx.scope.db, setup.serviceId ?? 0)
          ).specialists.find(({ specialist }) => specialist.id === setup.staffId)?.specialist.name
        : undefined;
      params = { specialist: specialist ?? '' };
      rows.push(
        ...(['weekdays', 'tue_sat', 'every_day'] as const).map((preset) => [
          {
            text: htmlToPlain(ctx.t(`setup.preset_${preset}`)),
            callback_data: codec.encode(SU.preset, preset),
          },
        ]),
        [{ text: htmlToPlain(ctx.t('setup.edit_days')), callback_data: codec.encode(SU.editDays) }],
      );
      break;
    }
    default:
      break;
  }
  await showScreen(ctx, ctx.t(QUESTION[setup.step], params), { inline_keyboard: rows });
}

/** Moves the setup to `step` and asks its question. */
async function goTo(ctx: ClientContext, services: ClientBotServices, step: SetupStep) {
  const setup = consoleState(ctx).setup ?? { step };
  setup.step = step;
  consoleState(ctx).setup = setup;
  await ask(ctx, services, setup);
}

function setupOf(ctx: ClientContext): SetupState | undefined {
  return consoleState(ctx).setup;
}

/** The first-run setup's buttons and typed answers; owners only. */
export function setupFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  const slug = (ctx: ClientContext) => ctx.scope.tenant.slug;

  composer.use(
    consoleAction(services, SU.skip, 'owner', async (ctx, _admin, [step]) => {
      const setup = setupOf(ctx);
      if (!setup || setup.step !== step) {
        return ack(ctx, ctx.t('button.outdated'));
      }
      await ack(ctx);
      await goTo(ctx, services, step === 'address' ? 'phone' : 'zone');
    }),
  );
  composer.use(
    consoleAction(services, SU.keepZone, 'owner', async (ctx) => {
      if (setupOf(ctx)?.step !== 'zone') {
        return ack(ctx, ctx.t('button.outdated'));
      }
      await ack(ctx);
      await goTo(ctx, services, 'service');
    }),
  );
  composer.use(
    consoleAction(services, SU.me, 'owner', async (ctx, admin) => {
      if (setupOf(ctx)?.step !== 'specialist') {
        return ack(ctx, ctx.t('button.outdated'));
      }
      await ack(ctx);
      await addSpecialist(ctx, services, admin, ctx.from?.first_name || 'Owner', true);
    }),
  );
  composer.use(
    consoleAction(services, SU.preset, 'owner', async (ctx, admin, [name]) => {
      const setup = setupOf(ctx);
      const preset = HOUR_PRESETS[name as keyof typeof HOUR_PRESETS];
      if (setup?.step !== 'hours' || !preset) {
        return ack(ctx, ctx.t('button.outdated'));
      }
      await ack(ctx);
      const hours: WeeklyHours = Object.fromEntries(
        preset.days.map((day) => [day, [{ start: preset.start, end: preset.end }]]),
      );
      await finish(ctx, services, admin, hours);
    }),
  );
  composer.use(
    consoleAction(services, SU.editDays, 'owner', async (ctx) => {
      if (setupOf(ctx)?.step !== 'hours') {
        return ack(ctx, ctx.t('button.outdated'));
      }
      await ack(ctx);
      await goTo(ctx, services, 'days');
    }),
  );
  composer.use(
    consoleText(services, SETUP_AREA, 'owner', async (ctx, admin, step, raw) => {
      const setup = setupOf(ctx);
      const text = raw.trim();
      if (!setup || setup.step !== step) {
        consoleState(ctx).input = undefined;
        return;
      }
      const { db } = ctx.scope;
      const bad = (key: TextKey) => ctx.reply(ctx.t(key));
      switch (setup.step) {
        case 'name':
          if (text.length < 1 || text.length > 200) {
            return bad('setup.bad_name');
          }
          await updateSettings(db, { businessName: text });
          services.reads.forget(slug(ctx));
          return goTo(ctx, services, 'address');
        case 'address':
          if (text.length > 500) {
            return bad('setup.bad_address');
          }
          await updateSettings(db, { businessAddress: text });
          return goTo(ctx, services, 'phone');
        case 'phone': {
          const settings = await services.reads.settings(slug(ctx), db);
          if (text.length > 50 || parsePhone(text, phoneRegionOf(settings)) === undefined) {
            return bad('setup.bad_phone');
          }
          await updateSettings(db, { businessPhone: text });
          services.reads.forget(slug(ctx));
          return goTo(ctx, services, 'zone');
        }
        case 'zone':
          try {
            await updateSettings(db, { timeZone: text });
          } catch (error) {
            if (isAppError(error, 'VALIDATION')) {
              return bad('setup.bad_zone');
            }
            throw error;
          }
          services.reads.forget(slug(ctx));
          return goTo(ctx, services, 'service');
        case 'service':
          if (text.length < 1 || text.length > 200) {
            return bad('setup.bad_service');
          }
          setup.serviceName = text;
          return goTo(ctx, services, 'duration');
        case 'duration': {
          const minutes = Number(text);
          if (!Number.isInteger(minutes) || minutes < 5 || minutes > 720) {
            return bad('setup.bad_duration');
          }
          setup.durationMinutes = minutes;
          return goTo(ctx, services, 'price');
        }
        case 'price': {
          const price = Number(text.replace(',', '.').replace(/\s/g, ''));
          if (!Number.isFinite(price) || price < 0 || price > 100_000_000) {
            return bad('setup.bad_price');
          }
          const service = await createService(db, {
            name: setup.serviceName ?? '',
            durationMinutes: setup.durationMinutes ?? 60,
            priceMinor: Math.round(price * 100),
          });
          setup.serviceId = service.id;
          return goTo(ctx, services, 'specialist');
        }
        case 'specialist':
          if (text.length < 1 || text.length > 200) {
            return bad('setup.bad_specialist');
          }
          return addSpecialist(ctx, services, admin, text, false);
        case 'days': {
          const hours = parseWeekdays(text);
          if (!hours) {
            return bad('setup.bad_days');
          }
          try {
            return await finish(ctx, services, admin, hours);
          } catch (error) {
            if (isAppError(error, 'VALIDATION')) {
              return bad('setup.bad_days');
            }
            throw error;
          }
        }
        default:
          return undefined;
      }
    }),
  );
  return composer;
}

/** The first specialist, performing the first service; "me" links the owner to them. */
async function addSpecialist(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  name: string,
  isOwner: boolean,
): Promise<void> {
  const setup = setupOf(ctx);
  if (!setup?.serviceId) {
    return;
  }
  const { db } = ctx.scope;
  const specialist = await createSpecialist(db, {
    name,
    telegramUserId: isOwner ? admin.telegramUserId : null,
  });
  await assignService(db, { staffId: specialist.id, serviceId: setup.serviceId });
  if (isOwner) {
    await changeAdminRole(
      db,
      { adminId: admin.id, role: admin.role, staffId: specialist.id },
      `admin:${admin.id}`,
    );
  }
  setup.staffId = specialist.id;
  services.reads.forget(ctx.scope.tenant.slug);
  await goTo(ctx, services, 'hours');
}

/** Lines like `1-5 09:00-18:00`: weekdays (1 Monday … 7 Sunday) and one interval each. */
export function parseWeekdays(text: string): WeeklyHours | undefined {
  const hours: Record<string, Array<{ start: string; end: string }>> = {};
  const lines = text
    .split(/[\n;]+/)
    .map((line) => line.trim())
    .filter(Boolean);
  for (const line of lines) {
    const match = /^([1-7])(?:\s*-\s*([1-7]))?\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(line);
    if (!match) {
      return undefined;
    }
    const from = Number(match[1]);
    const to = Number(match[2] ?? match[1]);
    const start = (match[3] as string).padStart(5, '0');
    const end = (match[4] as string).padStart(5, '0');
    if (to < from) {
      return undefined;
    }
    for (let day = from; day <= to; day++) {
      hours[String(day)] = [...(hours[String(day)] ?? []), { start, end }];
    }
  }
  return lines.length > 0 ? hours : undefined;
}

/** Saves the hours, ends the setup, and shows the links and the customer's first screen. */
async function finish(
  ctx: ClientContext,
  services: ClientBotServices,
  _admin: Admin,
  hours: WeeklyHours,
): Promise<void> {
  const setup = setupOf(ctx);
  if (!setup?.staffId) {
    return;
  }
  const { db, tenant } = ctx.scope;
  await setWorkingHours(db, setup.staffId, hours);
  consoleState(ctx).setup = undefined;
  consoleState(ctx).input = undefined;
  services.reads.forget(tenant.slug);
  const bot = ctx.botInfo?.username ?? tenant.botUsername ?? '';
  const list = await listServices(db);
  const links = list.map(
    (service) => `${escapeHtml(service.name)}: https://t.me/${bot}?start=svc_${service.id}`,
  );
  await showScreen(
    ctx,
    ctx.t('setup.done', { link: `https://t.me/${bot}`, services: links.join('\n') }),
    { inline_keyboard: [consoleHomeRow(ctx, services)] },
  );
  // The preview: the greeting and menu a customer's /start gets, as a new message.
  const settings = await services.reads.settings(tenant.slug, db);
  const lines = [ctx.t('start.greeting', { business: settings.businessName })];
  if (settings.businessAddress) {
    lines.push(ctx.t('start.address', { address: settings.businessAddress }));
  }
  if (settings.businessPhone) {
    lines.push(ctx.t('start.phone', { phone: settings.businessPhone }));
  }
  lines.push('', ctx.t('menu.prompt'));
  await ctx.reply(ctx.t('setup.preview', { screen: html(lines.join('\n')) }), {
    reply_markup: mainMenu(ctx, services.codec),
  });
}
