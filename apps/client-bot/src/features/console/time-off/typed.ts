import { isAppError } from '@booking/core';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { showScreen } from '../../../screen.js';
import { consoleText } from '../index.js';
import { affectedBookings, saveChange, showPreview, typedChange } from './confirm.js';
import { parsePeriod, parseSpecialHours } from './period.js';
import { TIME_OFF_AREA, timeOffState } from './state.js';
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
      // Back from the period or hours leads to whom; from the reason, to the period or hours.
      const retry = {
        inline_keyboard: [stepRow(ctx, services, state, step === 'reason' ? 'answer' : 'whom')],
      };
      const next = { inline_keyboard: [stepRow(ctx, services, state, 'answer')] };
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
          await showScreen(ctx, ctx.t('timeoff.ask_reason'), next);
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
          if (hours) {
            state.date = hours.date;
            state.intervals = hours.intervals;
          }
          const change = hours && typedChange(state);
          // Core reads the intervals (order, overlaps) before anything is saved.
          const affected =
            change &&
            (await affectedBookings(ctx, change).catch((error: unknown) => {
              if (isAppError(error, 'VALIDATION')) {
                return undefined;
              }
              throw error;
            }));
          if (!affected) {
            await showScreen(ctx, ctx.t('timeoff.bad_hours'), retry);
            return;
          }
          if (affected.length === 0) {
            await saveChange(ctx, services, admin.id, state, 'keep');
            return;
          }
          console.input = { area: TIME_OFF_AREA, step: 'reason' };
          await showScreen(
            ctx,
            ctx.t('timeoff.ask_reason_hours', { count: affected.length }),
            next,
          );
          return;
        }
      }
    }),
  );
  return composer;
}
