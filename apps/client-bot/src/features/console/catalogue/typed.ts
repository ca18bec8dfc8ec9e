import {
  type Admin,
  assignService,
  createSpecialist,
  getService,
  getSpecialist,
  getWorkingHours,
  isAppError,
  type ServicePatch,
  setWorkingHours,
  updateService,
  updateSpecialist,
} from '@booking/core';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { requireConsoleRole } from '../access.js';
import { consoleText } from '../index.js';
import { parseIntervals } from '../time-off/period.js';
import { answerNewService } from './new-service.js';
import { parseMinutes, parseName, parsePrice, TEXT_MAX } from './parse.js';
import { SERVICE_FIELDS, showService } from './services.js';
import { showHours, showSpecialist } from './specialists.js';
import { audited, CATALOGUE_AREA, retry } from './state.js';

/**
 * Reads a typed value of a service field into a patch; `undefined` (after saying what
 * is expected) when it does not fit.
 */
async function servicePatch(
  ctx: ClientContext,
  services: ClientBotServices,
  field: keyof typeof SERVICE_FIELDS,
  text: string,
): Promise<ServicePatch | undefined> {
  switch (field) {
    case 'name': {
      const name = parseName(text);
      return name === undefined ? void (await retry(ctx, services, 'cat.bad_name')) : { name };
    }
    case 'duration': {
      const minutes = parseMinutes(text, 5, 720);
      return minutes === undefined
        ? void (await retry(ctx, services, 'cat.bad_duration'))
        : { durationMinutes: minutes };
    }
    case 'price': {
      const price = parsePrice(text);
      return price === undefined
        ? void (await retry(ctx, services, 'cat.bad_price'))
        : { priceMinor: price };
    }
    case 'description': {
      const description = text.trim() === '-' ? '' : text.trim();
      return description.length > TEXT_MAX
        ? void (await retry(ctx, services, 'cat.bad_text'))
        : { description };
    }
    case 'buffers': {
      const [before, after, extra] = text.trim().split(/\s+/);
      const bufferBefore = parseMinutes(before ?? '', 0, 240);
      const bufferAfter = parseMinutes(after ?? '', 0, 240);
      return bufferBefore === undefined || bufferAfter === undefined || extra !== undefined
        ? void (await retry(ctx, services, 'cat.bad_buffers'))
        : { bufferBeforeMinutes: bufferBefore, bufferAfterMinutes: bufferAfter };
    }
  }
}

/** Links a specialist to a Telegram user. */
async function linkSpecialist(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  staffId: number,
  telegramUserId: number,
): Promise<void> {
  try {
    const linked = await audited(
      ctx,
      services,
      admin,
      (trx) => updateSpecialist(trx, staffId, { telegramUserId }, services.now()),
      (specialist) => ({
        action: 'specialist.linked',
        target: `staff:${specialist.id}`,
        details: { telegramUserId },
      }),
    );
    clearInput(ctx);
    await showSpecialist(ctx, services, linked, ctx.t('cat.saved'));
  } catch (error) {
    if (!isAppError(error, 'CONFLICT')) {
      throw error;
    }
    await retry(ctx, services, 'cat.link_taken');
  }
}

function clearInput(ctx: ClientContext): void {
  if (ctx.session.console) {
    ctx.session.console.input = undefined;
  }
}

/** The catalogue's typed answers (and a shared contact for a link). */
export function typedFeature(services: ClientBotServices): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();

  composer.on('contact', async (ctx, next) => {
    const input = ctx.session.console?.input;
    if (input?.area !== CATALOGUE_AREA || !input.step.startsWith('pl:')) {
      return next();
    }
    const admin = await requireConsoleRole(ctx, services, 'admin', {
      action: 'console.ct.link',
    });
    if (!admin) {
      return;
    }
    const userId = ctx.message.contact.user_id;
    if (userId === undefined) {
      await retry(ctx, services, 'cat.bad_link');
      return;
    }
    await linkSpecialist(ctx, services, admin, Number(input.step.slice(3)), userId);
  });

  composer.use(
    consoleText(services, CATALOGUE_AREA, 'admin', async (ctx, admin, step, text) => {
      const [kind, first, second] = step.split(':');
      const now = services.now();
      switch (kind) {
        case 'se': {
          const field = second as keyof typeof SERVICE_FIELDS;
          if (!(field in SERVICE_FIELDS)) {
            return;
          }
          const patch = await servicePatch(ctx, services, field, text);
          if (!patch) {
            return;
          }
          const saved = await audited(
            ctx,
            services,
            admin,
            (trx) => updateService(trx, Number(first), patch),
            (service) => ({
              action: 'service.updated',
              target: `service:${service.id}`,
              details: { ...patch },
            }),
          );
          clearInput(ctx);
          await showService(ctx, services, saved, ctx.t('cat.saved'));
          return;
        }
        case 'sn':
          return answerNewService(ctx, services, admin, first, text);
        case 'pn': {
          const name = parseName(text);
          if (name === undefined) {
            await retry(ctx, services, 'cat.bad_name');
            return;
          }
          const created = await audited(
            ctx,
            services,
            admin,
            (trx) => createSpecialist(trx, { name }),
            (specialist) => ({
              action: 'specialist.created',
              target: `staff:${specialist.id}`,
              details: { name },
            }),
          );
          clearInput(ctx);
          await showSpecialist(ctx, services, created, ctx.t('cat.saved'));
          return;
        }
        case 'pe': {
          const staffId = Number(first);
          const value =
            second === 'name' ? parseName(text) : text.trim() === '-' ? '' : text.trim();
          if (value === undefined || value.length > TEXT_MAX) {
            await retry(ctx, services, second === 'name' ? 'cat.bad_name' : 'cat.bad_text');
            return;
          }
          const patch = second === 'name' ? { name: value } : { bio: value };
          const saved = await audited(
            ctx,
            services,
            admin,
            (trx) => updateSpecialist(trx, staffId, patch, now),
            (specialist) => ({
              action: 'specialist.updated',
              target: `staff:${specialist.id}`,
              details: patch,
            }),
          );
          clearInput(ctx);
          await showSpecialist(ctx, services, saved, ctx.t('cat.saved'));
          return;
        }
        case 'pl': {
          const typed = text.trim();
          if (!/^\d{1,15}$/.test(typed)) {
            await retry(ctx, services, 'cat.bad_link');
            return;
          }
          await linkSpecialist(ctx, services, admin, Number(first), Number(typed));
          return;
        }
        case 'pq': {
          const staffId = Number(first);
          const serviceId = Number(second);
          const [minutesText, priceText, extra] = text.trim().split(/\s+/);
          const own = text.trim() === '-';
          const minutes = parseMinutes(minutesText ?? '', 5, 720);
          const price = parsePrice(priceText ?? '');
          if (!own && (minutes === undefined || price === undefined || extra !== undefined)) {
            await retry(ctx, services, 'cat.bad_terms');
            return;
          }
          const terms = own
            ? { durationMinutes: null, priceMinor: null }
            : { durationMinutes: minutes as number, priceMinor: price as number };
          await audited(
            ctx,
            services,
            admin,
            (trx) => assignService(trx, { staffId, serviceId, ...terms }),
            () => ({
              action: 'specialist.terms_changed',
              target: `staff:${staffId}`,
              details: { serviceId, ...terms },
            }),
          );
          clearInput(ctx);
          await showSpecialist(
            ctx,
            services,
            await getSpecialist(ctx.scope.db, staffId),
            `${ctx.t('cat.saved')} ${(await getService(ctx.scope.db, serviceId)).name}`,
          );
          return;
        }
        case 'pd': {
          const staffId = Number(first);
          const day = second as '1' | '2' | '3' | '4' | '5' | '6' | '7';
          const intervals = parseIntervals(text);
          if (!intervals) {
            await retry(ctx, services, 'cat.bad_hours');
            return;
          }
          try {
            await audited(
              ctx,
              services,
              admin,
              async (trx) => {
                const week = { ...(await getWorkingHours(trx, staffId)), [day]: intervals };
                return setWorkingHours(trx, staffId, week);
              },
              (week) => ({
                action: 'specialist.hours_changed',
                target: `staff:${staffId}`,
                details: { weekday: Number(day), intervals: week[day] ?? [] },
              }),
            );
          } catch (error) {
            if (!isAppError(error, 'VALIDATION')) {
              throw error;
            }
            await retry(ctx, services, 'cat.bad_hours');
            return;
          }
          clearInput(ctx);
          await showHours(ctx, services, await getSpecialist(ctx.scope.db, staffId));
          return;
        }
      }
    }),
  );
  return composer;
}
