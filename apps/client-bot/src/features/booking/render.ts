import { AppError } from '@booking/core';
import { CB } from '../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { label } from '../../format.js';
import { button } from '../../keyboards.js';
import type { StepView } from './state.js';
import { showConfirmStep } from './steps/confirm.js';
import { showDayStep } from './steps/day.js';
import { showServiceStep } from './steps/service.js';
import { showSpecialistStep } from './steps/specialist.js';
import { showTimeStep } from './steps/time.js';

/**
 * Shows the wizard's current step: the first one whose choice is still missing.
 * `notice` is a line shown above the step (a slot that was taken meanwhile).
 */
export async function renderWizard(
  ctx: ClientContext,
  services: ClientBotServices,
  notice?: string,
): Promise<void> {
  const wizard = ctx.session.wizard;
  if (!wizard) {
    return;
  }
  const { db } = ctx.scope;
  const slug = ctx.scope.tenant.slug;
  const view: StepView = {
    wizard,
    now: services.now(),
    back: [button(ctx, services.codec, 'common.back', CB.back, wizard.flow)],
    settings: await services.reads.settings(slug, db),
    prefix: notice ? `${notice}\n\n` : '',
  };

  if (wizard.serviceId === undefined) {
    await showServiceStep(ctx, services, view);
    return;
  }

  const schedule = await services.reads.schedule(slug, db, wizard.serviceId);
  const service = schedule.service;
  if (!service.active || schedule.specialists.length === 0) {
    throw new AppError('SERVICE_INACTIVE', { message: `Service ${service.id} cannot be booked` });
  }
  if (wizard.staffId === undefined) {
    await showSpecialistStep(ctx, services, view, schedule);
    return;
  }

  const chosen = schedule.specialists.find(({ specialist }) => specialist.id === wizard.staffId);
  const choice = {
    schedule,
    chosen,
    specialistName: chosen ? chosen.specialist.name : label(ctx, 'book.any_specialist'),
    staffId: wizard.staffId,
  };
  if (!wizard.date) {
    await showDayStep(ctx, services, view, choice);
    return;
  }
  if (!wizard.startsAt) {
    await showTimeStep(ctx, services, view, choice, wizard.date);
    return;
  }
  await showConfirmStep(ctx, services, view, choice, new Date(wizard.startsAt));
}
