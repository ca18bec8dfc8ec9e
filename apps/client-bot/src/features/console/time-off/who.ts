import type { Admin } from '@booking/core';
import { listBlockedPeriods, listSpecialists, unblockPeriod } from '@booking/core';
import { Composer } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import { consoleAction, ownScheduleOf, requireConsoleRole, requireOwnSchedule } from '../access.js';
import { CONSOLE_CB } from '../callbacks.js';
import { consoleHomeRow } from '../menu.js';
import { describePeriod, whoLabel } from './describe.js';
import { TIME_OFF_AREA, TIME_OFF_CB, type TimeOffState } from './state.js';

const YEAR_MS = 366 * 86_400_000;

/**
 * Back and Cancel (to the console), under every step. Back leads to the step before:
 * from a typed answer to whom it is for, from whom to the area (the default).
 */
export function stepRow(
  ctx: ClientContext,
  services: ClientBotServices,
  state?: Pick<TimeOffState, 'mode' | 'staffId'>,
  typing?: 'whom' | 'answer',
): InlineKeyboardButton[] {
  const { codec } = services;
  const back =
    state === undefined || typing === undefined
      ? button(ctx, codec, 'common.back', TIME_OFF_CB.home)
      : typing === 'whom'
        ? button(ctx, codec, 'common.back', TIME_OFF_CB.start, state.mode)
        : button(ctx, codec, 'common.back', TIME_OFF_CB.who, state.mode, state.staffId);
  return [back, button(ctx, codec, 'manage.cancel', CONSOLE_CB.home)];
}

/** The area's first screen: block time, special hours, and the blocks ahead. */
export async function showTimeOff(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
): Promise<void> {
  const { codec } = services;
  const { timeZone } = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
  const now = services.now();
  const own = ownScheduleOf(admin);
  const periods = await listBlockedPeriods(ctx.scope.db, {
    from: now,
    until: new Date(now.getTime() + YEAR_MS),
    staffIds: own === undefined ? undefined : [own],
  });
  const removable = own === undefined ? periods.slice(0, 10) : [];
  const rows: InlineKeyboardButton[][] = [
    [
      button(ctx, codec, 'timeoff.block', TIME_OFF_CB.start, 'block'),
      button(ctx, codec, 'timeoff.hours', TIME_OFF_CB.start, 'hours'),
    ],
  ];
  for (const period of removable) {
    rows.push([
      {
        text: `🗑 ${await whoLabel(ctx, period.staffId)}, ${describePeriod(ctx, period.startsAt, period.endsAt, timeZone)}`,
        callback_data: codec.encode(TIME_OFF_CB.unblock, period.id),
      },
    ]);
  }
  rows.push(consoleHomeRow(ctx, services));
  await showScreen(
    ctx,
    ctx.t('timeoff.title', { periods: removable.length > 0 ? ctx.t('timeoff.periods') : '' }),
    { inline_keyboard: rows },
  );
}

/** The first steps: what (block or hours) and for whom; the removal of a block. */
export function whoFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();

  composer.use(
    consoleAction(services, TIME_OFF_CB.home, 'staff', async (ctx, admin) => {
      await ack(ctx);
      if (ctx.session.console) {
        ctx.session.console.input = undefined;
        ctx.session.console.timeOff = undefined;
      }
      await showTimeOff(ctx, services, admin);
    }),
  );
  composer.use(
    consoleAction(services, TIME_OFF_CB.start, 'staff', async (ctx, admin, [mode]) => {
      await ack(ctx);
      const own = ownScheduleOf(admin);
      const specialists = (await listSpecialists(ctx.scope.db)).filter(
        (specialist) => own === undefined || specialist.id === own,
      );
      const rows: InlineKeyboardButton[][] = [];
      if (own === undefined) {
        rows.push([button(ctx, codec, 'timeoff.business', TIME_OFF_CB.who, mode ?? 'block', 0)]);
      }
      for (const specialist of specialists) {
        rows.push([
          {
            text: specialist.name,
            callback_data: codec.encode(TIME_OFF_CB.who, mode ?? 'block', specialist.id),
          },
        ]);
      }
      rows.push(stepRow(ctx, services));
      await showScreen(ctx, ctx.t('timeoff.who'), { inline_keyboard: rows });
    }),
  );
  composer.use(
    consoleAction(
      services,
      TIME_OFF_CB.who,
      'staff',
      async (ctx, admin, [mode, id]) => {
        const staffId = Number(id);
        const attempt = { action: `console.${TIME_OFF_CB.who}`, target: `staff:${staffId}` };
        const allowed =
          staffId === 0
            ? (await requireConsoleRole(ctx, services, 'admin', attempt)) !== undefined
            : await requireOwnSchedule(ctx, services, admin, staffId, attempt);
        if (!allowed) {
          return;
        }
        await ack(ctx);
        const chosen = mode === 'hours' ? 'hours' : 'block';
        ctx.session.console = {
          ...ctx.session.console,
          timeOff: { mode: chosen, staffId },
          input: { area: TIME_OFF_AREA, step: chosen === 'hours' ? 'hours' : 'period' },
        };
        const who = await whoLabel(ctx, staffId);
        await showScreen(
          ctx,
          ctx.t(chosen === 'hours' ? 'timeoff.ask_hours' : 'timeoff.ask_period', { who }),
          { inline_keyboard: [stepRow(ctx, services, { mode: chosen, staffId }, 'whom')] },
        );
      },
      ([, id]) => `staff:${id}`,
    ),
  );
  composer.use(
    consoleAction(services, TIME_OFF_CB.unblock, 'admin', async (ctx, admin, [id]) => {
      const { timeZone } = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
      const periods = await listBlockedPeriods(ctx.scope.db, {
        from: services.now(),
        until: new Date(services.now().getTime() + YEAR_MS),
      });
      const period = periods.find((entry) => entry.id === Number(id));
      if (!period) {
        await ack(ctx, ctx.t('button.outdated'));
        return;
      }
      const { slotReleased } = await unblockPeriod(ctx.scope.db, {
        blockedPeriodId: period.id,
        actor: { kind: 'admin', adminId: admin.id },
        now: services.now(),
      });
      if (slotReleased) {
        await services.jobs.runWaitlistPass(ctx.scope.tenant.slug);
      }
      await ack(
        ctx,
        ctx.t('timeoff.unblocked', {
          period: describePeriod(ctx, period.startsAt, period.endsAt, timeZone),
        }),
      );
      await showTimeOff(ctx, services, admin);
    }),
  );
  return composer;
}
