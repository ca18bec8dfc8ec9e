import type { Admin } from '@booking/core';
import { type AuditEntry, auditedChange, type TenantExecutor } from '@booking/core';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { button } from '../../../keyboards.js';
import { showScreen } from '../../../screen.js';
import type { TextKey } from '../../../texts/index.js';
import { CONSOLE_CB } from '../callbacks.js';

/** Callback actions of the catalogue area (prefix `ct.`). */
export const CATALOGUE_CB = {
  home: 'ct',
  /** Services: list; card (id); edit a field (id, field); new; toggle active (id); move (id, -1|1). */
  services: 'ct.s',
  service: 'ct.sc',
  serviceEdit: 'ct.se',
  serviceNew: 'ct.sn',
  serviceToggle: 'ct.st',
  serviceMove: 'ct.sm',
  /** Specialists: list; card; edit a field; new; toggle; link Telegram. */
  specialists: 'ct.p',
  specialist: 'ct.pc',
  specialistEdit: 'ct.pe',
  specialistNew: 'ct.pn',
  specialistToggle: 'ct.pt',
  specialistLink: 'ct.pl',
  /** A specialist's services: screen (staff); switch (staff, service); own terms (staff, service). */
  assign: 'ct.pa',
  assignToggle: 'ct.px',
  assignTerms: 'ct.pq',
  /** Working hours: week (staff); one day (staff, weekday). */
  hours: 'ct.ph',
  hoursDay: 'ct.pd',
  /** The new-service wizard at a step (`name`, `duration`, `price`), its draft kept. */
  serviceNewStep: 'ct.sw',
} as const;

/** The area's typed answers (console input area `ct`). */
export const CATALOGUE_AREA = 'ct';

/** The catalogue's wizard state (the console session's `catalogue`). */
export interface CatalogueState {
  /** A new service being typed in. */
  draft?: { name?: string; durationMinutes?: number };
}

/**
 * Where Back leads from a typed step (`<kind>:<id>:<detail>`, see typed.ts): the screen
 * or step the question was asked from.
 */
export function backOf(
  ctx: ClientContext,
  services: ClientBotServices,
  step: string,
): InlineKeyboardButton {
  const [kind, first] = step.split(':');
  const back = (action: string, ...args: Array<string | number>) =>
    button(ctx, services.codec, 'common.back', action, ...args);
  switch (kind) {
    case 'se':
      return back(CATALOGUE_CB.service, first ?? '');
    case 'sn':
      return first === 'price'
        ? back(CATALOGUE_CB.serviceNewStep, 'duration')
        : first === 'duration'
          ? back(CATALOGUE_CB.serviceNewStep, 'name')
          : back(CATALOGUE_CB.services);
    case 'pe':
    case 'pl':
      return back(CATALOGUE_CB.specialist, first ?? '');
    case 'pq':
      return back(CATALOGUE_CB.assign, first ?? '');
    case 'pd':
      return back(CATALOGUE_CB.hours, first ?? '');
    case 'pn':
      return back(CATALOGUE_CB.specialists);
    default:
      return back(CATALOGUE_CB.home);
  }
}

/**
 * Asks for a typed answer: remembers the step and shows, under `text`, `extra` rows (a
 * Keep) and Back (see {@link backOf}) and Cancel.
 */
export async function ask(
  ctx: ClientContext,
  services: ClientBotServices,
  step: string,
  text: string,
  extra: InlineKeyboardButton[][] = [],
): Promise<void> {
  ctx.session.console = { ...ctx.session.console, input: { area: CATALOGUE_AREA, step } };
  await showScreen(ctx, text, {
    inline_keyboard: [...extra, stepRow(ctx, services, backOf(ctx, services, step))],
  });
}

/**
 * Says what a bad answer to the step under way should have been, with the step's Back
 * and Cancel: the question stays, so the next message is read as the answer again.
 */
export async function retry(
  ctx: ClientContext,
  services: ClientBotServices,
  key: TextKey,
): Promise<void> {
  const step = ctx.session.console?.input?.step ?? '';
  await showScreen(ctx, ctx.t(key), {
    inline_keyboard: [stepRow(ctx, services, backOf(ctx, services, step))],
  });
}

/** Back (to `back`) and Cancel (to the console). */
export function stepRow(
  ctx: ClientContext,
  services: ClientBotServices,
  back: InlineKeyboardButton,
): InlineKeyboardButton[] {
  return [back, button(ctx, services.codec, 'manage.cancel', CONSOLE_CB.home)];
}

/** Runs a catalogue change with its audit row (actor: the admin), in one transaction. */
export function audited<T>(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  change: (trx: TenantExecutor) => Promise<T>,
  entry: (result: T) => Omit<AuditEntry, 'actor'>,
): Promise<T> {
  return auditedChange(
    ctx.scope.db,
    change,
    (result) => ({ actor: `admin:${admin.id}`, ...entry(result) }),
    services.now(),
  );
}
