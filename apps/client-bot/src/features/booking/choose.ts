import { callbackAction } from '@booking/bot-kit';
import { ANY_SPECIALIST } from '@booking/core';
import { Composer } from 'telegraf';
import { CB } from '../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { ack } from '../../screen.js';
import { renderWizard } from './render.js';
import { type Wizard, wizardButton } from './state.js';

/** The wizard's choices: service, specialist, month, day, page of times, time. */
export function chooseFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();
  // A choice only records itself: the next step is whatever is missing then.
  const choice = (action: string, record: (wizard: Wizard, args: string[]) => void) =>
    wizardButton(codec, action, async (ctx, wizard, args) => {
      await ack(ctx);
      record(wizard, args);
      await renderWizard(ctx, services);
    });

  composer.use(
    choice(CB.service, (wizard, [serviceId]) => {
      wizard.serviceId = Number(serviceId);
    }),
  );
  composer.use(
    choice(CB.staff, (wizard, [staffId]) => {
      wizard.staffId = staffId === ANY_SPECIALIST ? ANY_SPECIALIST : Number(staffId);
    }),
  );
  composer.use(
    choice(CB.month, (wizard, [month]) => {
      wizard.month = month;
    }),
  );
  composer.use(
    choice(CB.day, (wizard, [date]) => {
      wizard.date = date;
      wizard.timePage = undefined;
    }),
  );
  composer.use(
    choice(CB.timePage, (wizard, [page]) => {
      wizard.timePage = Number(page);
    }),
  );
  composer.use(
    choice(CB.time, (wizard, [epochMinutes, staffId]) => {
      wizard.startsAt = new Date(Number(epochMinutes) * 60_000).toISOString();
      wizard.slotStaffId = Number(staffId);
    }),
  );
  // A closed day does nothing but say so: a press without an answer looks broken.
  composer.use(
    callbackAction<ClientContext>(codec, CB.closedDay, (ctx) => ack(ctx, ctx.t('book.day_closed'))),
  );
  return composer;
}
