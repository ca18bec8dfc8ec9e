import { type Admin, listServices, type WeeklyHours } from '@booking/core';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import { consoleAction } from '../access.js';
import { CONSOLE_CB } from '../callbacks.js';
import { consoleText } from '../input.js';
import { consoleState } from '../state.js';
import { answerStep, saveSpecialist } from './answers.js';
import { ask, goTo, setupOf } from './ask.js';
import { finish } from './finish.js';
import {
  HOUR_PRESETS,
  isSetupStep,
  nextStep,
  previousStep,
  SETUP_AREA,
  type SetupStep,
  SU,
} from './state.js';

export { parseWeekdays } from './finish.js';

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

/**
 * The first-run setup: one step a screen (questions in ask.ts, typed answers in
 * answers.ts, the end in finish.ts). Every step has Back (to the step before, its
 * answer shown with Keep) and Cancel (everything entered stays, `/admin` resumes).
 * Owners only.
 */
export function setupFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  /** A button of the step on screen: `handler` runs only if the setup is still there. */
  const onStep = (
    action: string,
    steps: readonly SetupStep[] | 'any',
    handler: (ctx: ClientContext, admin: Admin, step: SetupStep, args: string[]) => Promise<void>,
  ) =>
    consoleAction(services, action, 'owner', async (ctx, admin, args) => {
      const step = setupOf(ctx)?.step;
      const onScreen = args[0];
      const stale =
        step === undefined ||
        (steps !== 'any' && !steps.includes(step)) ||
        (isSetupStep(onScreen) && onScreen !== step);
      if (stale) {
        await ack(ctx, ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      await handler(ctx, admin, step, args);
    });

  composer.use(
    onStep(SU.skip, ['address', 'phone'], (ctx, _admin, step) =>
      goTo(ctx, services, step === 'address' ? 'phone' : 'zone'),
    ),
  );
  composer.use(onStep(SU.keepZone, ['zone'], (ctx) => goTo(ctx, services, 'service')));
  composer.use(
    onStep(SU.me, ['specialist'], (ctx, admin) =>
      saveSpecialist(ctx, services, admin, ctx.from?.first_name || 'Owner', true),
    ),
  );
  composer.use(
    onStep(SU.preset, ['hours'], async (ctx, _admin, _step, [name]) => {
      const preset = HOUR_PRESETS[name as keyof typeof HOUR_PRESETS];
      if (!preset) {
        return;
      }
      const hours: WeeklyHours = Object.fromEntries(
        preset.days.map((day) => [day, [{ start: preset.start, end: preset.end }]]),
      );
      await finish(ctx, services, hours);
    }),
  );
  composer.use(onStep(SU.editDays, ['hours'], (ctx) => goTo(ctx, services, 'days')));
  composer.use(
    onStep(SU.keep, 'any', async (ctx, _admin, step) => {
      const next = nextStep(step);
      if (next) {
        await goTo(ctx, services, next);
      }
    }),
  );
  composer.use(
    onStep(SU.back, 'any', async (ctx, _admin, step) => {
      const previous = previousStep(step);
      if (previous) {
        await goTo(ctx, services, previous);
      }
    }),
  );
  composer.use(
    onStep(SU.cancel, 'any', async (ctx) => {
      // The answers are saved already; the step stays in the session for /admin.
      consoleState(ctx).input = undefined;
      await showScreen(ctx, ctx.t('setup.paused'), {
        inline_keyboard: [[button(ctx, services.codec, 'setup.resume', CONSOLE_CB.home)]],
      });
    }),
  );
  composer.use(
    consoleText(services, SETUP_AREA, 'owner', async (ctx, admin, step, raw) => {
      const setup = setupOf(ctx);
      if (!setup || setup.step !== step) {
        consoleState(ctx).input = undefined;
        return;
      }
      await answerStep(ctx, services, admin, setup, raw.trim());
    }),
  );
  return composer;
}
