import { type Admin, createService, listServices } from '@booking/core';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { button } from '../../../keyboards.js';
import { ack } from '../../../screen.js';
import type { TextKey } from '../../../texts/index.js';
import { consoleAction } from '../access.js';
import { parseMinutes, parseName, parsePrice } from './parse.js';
import { showService } from './services.js';
import { ask, audited, CATALOGUE_CB, type CatalogueState, retry } from './state.js';

/** The new-service wizard's steps, in order. */
const STEPS = ['name', 'duration', 'price'] as const;
type NewServiceStep = (typeof STEPS)[number];

const QUESTION: Record<NewServiceStep, TextKey> = {
  name: 'cat.ask_name',
  duration: 'cat.ask_duration',
  price: 'cat.ask_price',
};

type Draft = NonNullable<CatalogueState['draft']>;

function draftOf(ctx: ClientContext): Draft {
  return ctx.session.console?.catalogue?.draft ?? {};
}

function saveDraft(ctx: ClientContext, draft: Draft): void {
  ctx.session.console = { ...ctx.session.console, catalogue: { draft } };
}

/**
 * Asks a step of the new service. A step answered before (the admin came back with
 * Back) shows its answer and Keep; Back leads to the step before, Cancel to the console.
 */
async function askStep(ctx: ClientContext, services: ClientBotServices, step: NewServiceStep) {
  const draft = draftOf(ctx);
  const current =
    step === 'name' ? draft.name : step === 'duration' ? draft.durationMinutes : undefined;
  const lines = [ctx.t(QUESTION[step])];
  const keep = [];
  if (current !== undefined) {
    lines.push('', ctx.t('cat.current', { value: current }));
    const next = STEPS[STEPS.indexOf(step) + 1] ?? step;
    keep.push([button(ctx, services.codec, 'cat.keep', CATALOGUE_CB.serviceNewStep, next)]);
  }
  await ask(ctx, services, `sn:${step}`, lines.join('\n'), keep);
}

/** "New service" and the wizard's Back and Keep. */
export function newServiceFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();
  composer.use(
    consoleAction(services, CATALOGUE_CB.serviceNew, 'admin', async (ctx) => {
      await ack(ctx);
      saveDraft(ctx, {});
      await askStep(ctx, services, 'name');
    }),
  );
  composer.use(
    consoleAction(services, CATALOGUE_CB.serviceNewStep, 'admin', async (ctx, _admin, [step]) => {
      const draft = ctx.session.console?.catalogue?.draft;
      const known = STEPS.find((candidate) => candidate === step);
      // A step is reached only with the answers before it: a replayed button after the
      // wizard ended finds no draft.
      const reachable =
        known === 'name' ||
        (known === 'duration' && draft?.name !== undefined) ||
        (known === 'price' && draft?.durationMinutes !== undefined);
      if (!draft || !known || !reachable) {
        await ack(ctx, ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      await askStep(ctx, services, known);
    }),
  );
  return composer;
}

/** A typed answer to the new-service step `step`; the last one creates the service. */
export async function answerNewService(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  step: string | undefined,
  text: string,
): Promise<void> {
  const draft = draftOf(ctx);
  if (step === 'name') {
    const name = parseName(text);
    if (name === undefined) {
      return retry(ctx, services, 'cat.bad_name');
    }
    saveDraft(ctx, { ...draft, name });
    return askStep(ctx, services, 'duration');
  }
  if (step === 'duration') {
    const minutes = parseMinutes(text, 5, 720);
    if (minutes === undefined) {
      return retry(ctx, services, 'cat.bad_duration');
    }
    saveDraft(ctx, { ...draft, durationMinutes: minutes });
    return askStep(ctx, services, 'price');
  }
  const price = parsePrice(text);
  if (price === undefined) {
    return retry(ctx, services, 'cat.bad_price');
  }
  const { name, durationMinutes } = draft;
  if (name === undefined || durationMinutes === undefined) {
    return askStep(ctx, services, name === undefined ? 'name' : 'duration');
  }
  const created = await audited(
    ctx,
    services,
    admin,
    async (trx) => {
      const order = (await listServices(trx, { includeInactive: true })).length;
      return createService(trx, { name, durationMinutes, priceMinor: price, sortOrder: order });
    },
    (service) => ({
      action: 'service.created',
      target: `service:${service.id}`,
      details: { name, durationMinutes, priceMinor: price },
    }),
  );
  if (ctx.session.console) {
    ctx.session.console.input = undefined;
    ctx.session.console.catalogue = undefined;
  }
  await showService(ctx, services, created, ctx.t('cat.saved'));
}
