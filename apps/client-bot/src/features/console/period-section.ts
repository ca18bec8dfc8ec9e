import { type Admin, isAppError, type TenantExecutor } from '@booking/core';
import { Composer } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { ack, showScreen } from '../../screen.js';
import type { TextKey } from '../../texts/index.js';
import { consoleAction } from './access.js';
import { consoleText } from './input.js';
import { consoleHomeRow } from './menu.js';
import {
  isPeriodPreset,
  type Period,
  parseTypedPeriod,
  periodRows,
  presetPeriod,
} from './period.js';
import type { ConsoleSection } from './sections.js';
import { consoleState } from './state.js';

/** What a report of a period is: its section, how it is read, and how it is shown. */
export interface PeriodReportOptions<Report> {
  id: string;
  label: TextKey;
  /** The area of the typed period (see `consoleText`): the prefix of {@link action}. */
  area: string;
  /** The callback action of the preset buttons. */
  action: string;
  /** The first screen's text, above the presets: it says a period may be typed too. */
  intro: TextKey;
  /** Reads the report from core; its `VALIDATION` (a range core refuses) is answered here. */
  load(db: TenantExecutor, period: Period): Promise<Report>;
  /** Shows or sends the report that {@link load} read. */
  show(
    ctx: ClientContext,
    services: ClientBotServices,
    admin: Admin,
    period: Period,
    report: Report,
  ): Promise<void>;
}

/** The period presets and the way back to the console, as a keyboard. */
export function periodKeyboard(
  ctx: ClientContext,
  services: ClientBotServices,
  action: string,
): InlineKeyboardMarkup {
  return {
    inline_keyboard: [...periodRows(ctx, services.codec, action), consoleHomeRow(ctx, services)],
  };
}

/**
 * An admin's console section that reports on a period: it offers the presets and reads
 * a typed period (`01.04.2030 30.04.2030`), then loads and shows the report of it.
 */
export function periodReportSection<Report>(options: PeriodReportOptions<Report>): ConsoleSection {
  const { area, action } = options;

  async function report(
    ctx: ClientContext,
    services: ClientBotServices,
    admin: Admin,
    period: Period,
  ): Promise<void> {
    let loaded: Report;
    try {
      loaded = await options.load(ctx.scope.db, period);
    } catch (error) {
      if (isAppError(error, 'VALIDATION')) {
        await ctx.reply(ctx.t('console.period.bad_range'));
        return;
      }
      throw error;
    }
    await options.show(ctx, services, admin, period, loaded);
  }

  return {
    id: options.id,
    label: options.label,
    minRole: 'admin',
    async open(ctx, _admin, services) {
      consoleState(ctx).input = { area, step: 'period' };
      await showScreen(ctx, ctx.t(options.intro), periodKeyboard(ctx, services, action));
    },
    feature(services) {
      const composer = new Composer<ClientContext>();
      composer.use(
        consoleAction(services, action, 'admin', async (ctx, admin, [preset]) => {
          if (!isPeriodPreset(preset)) {
            await ack(ctx, ctx.t('button.outdated'));
            return;
          }
          await ack(ctx);
          const { timeZone } = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
          await report(ctx, services, admin, presetPeriod(preset, services.now(), timeZone));
        }),
      );
      composer.use(
        consoleText(services, area, 'admin', async (ctx, admin, _step, text) => {
          const period = parseTypedPeriod(text);
          if (!period) {
            await ctx.reply(ctx.t('console.period.bad'));
            return;
          }
          await report(ctx, services, admin, period);
        }),
      );
      return composer;
    },
  };
}
