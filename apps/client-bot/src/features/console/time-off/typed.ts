import { isAppError, setSpecialHours } from '@booking/core';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { formatDate } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { showScreen } from '../../../screen.js';
import { consoleText } from '../index.js';
import { consoleHomeRow } from '../menu.js';
import { showPreview } from './confirm.js';
import { whoLabel } from './describe.js';
import { parsePeriod, parseSpecialHours } from './period.js';
import { TIME_OFF_AREA, TIME_OFF_CB, timeOffState } from './state.js';
import { stepRow } from './who.js';

const REASON_MAX_LENGTH = 200;

/** The typed answers of the wizard: the period, its reason, special hours. */
export function typedFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  composer.use(
    consoleText(services, TIME_OFF_AREA, 'staff', async (ctx, admin, step, text) => {
      const state = timeOffState(ctx);
      const console = ctx.session.console;
      if (!state || !console) {
        return;
      }
      const { timeZone } = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
      const retry = { inline_keyboard: [stepRow(ctx, services)] };
      switch (step) {
        case 'period': {
          const period = parsePeriod(text, timeZone, services.now());
          if (!period) {
            await showScreen(ctx, ctx.t('timeoff.bad_period'), retry);
            return;
          }
          state.startsAt = period.startsAt.toISOString();
          state.endsAt = period.endsAt.toISOString();
          console.input = { area: TIME_OFF_AREA, step: 'reason' };
          await showScreen(ctx, ctx.t('timeoff.ask_reason'), retry);
          return;
        }
        case 'reason': {
          const reason = text.trim().replace(/\s+/g, ' ');
          if (reason.length === 0 || reason.length > REASON_MAX_LENGTH) {
            await showScreen(ctx, ctx.t('timeoff.bad_reason'), retry);
            return;
          }
          state.reason = reason;
          console.input = undefined;
          await showPreview(ctx, services, state, timeZone);
          return;
        }
        case 'hours': {
          const hours = parseSpecialHours(text, timeZone, services.now());
          const saved =
            hours &&
            (await setSpecialHours(
              ctx.scope.db,
              { staffId: state.staffId === 0 ? null : state.staffId, ...hours, adminId: admin.id },
              services.now(),
            ).catch((error: unknown) => {
              if (isAppError(error, 'VALIDATION')) {
                return undefined;
              }
              throw error;
            }));
          if (!saved) {
            await showScreen(ctx, ctx.t('timeoff.bad_hours'), retry);
            return;
          }
          console.input = undefined;
          console.timeOff = undefined;
          await showScreen(
            ctx,
            ctx.t('timeoff.hours_done', {
              who: await whoLabel(ctx, saved.staffId),
              date: formatDate(saved.date, timeZone, ctx.locale),
              hours:
                saved.intervals.length === 0
                  ? ctx.t('timeoff.closed')
                  : saved.intervals
                      .map((interval) => `${interval.start}–${interval.end}`)
                      .join(', '),
            }),
            {
              inline_keyboard: [
                [button(ctx, services.codec, 'timeoff.section', TIME_OFF_CB.home)],
                consoleHomeRow(ctx, services),
              ],
            },
          );
          return;
        }
      }
    }),
  );
  return composer;
}
