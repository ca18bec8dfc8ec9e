import {
  type Admin,
  assignService,
  changeAdminRole,
  createService,
  createSpecialist,
  isAppError,
  parsePhone,
  phoneRegionOf,
  updateService,
  updateSettings,
  updateSpecialist,
} from '@booking/core';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import type { TextKey } from '../../../texts/index.js';
import { ask, goTo, setupOf } from './ask.js';
import { finish, parseWeekdays } from './finish.js';
import type { SetupState } from './state.js';

const NAME_MAX = 200;
const ADDRESS_MAX = 500;
const PHONE_MAX = 50;

/**
 * Reads a typed answer to the setup's current step and saves it where it belongs at
 * once (settings, the catalogue), so leaving midway loses nothing. A step revisited
 * with Back changes what it saved the first time, never adds a second service or
 * specialist. A bad answer is told what is expected, under the same question.
 */
export async function answerStep(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  setup: SetupState,
  text: string,
): Promise<void> {
  const { db, tenant } = ctx.scope;
  const bad = (key: TextKey) => ask(ctx, services, setup, key);
  const saved = () => services.reads.forget(tenant.slug);
  switch (setup.step) {
    case 'name':
      if (text.length < 1 || text.length > NAME_MAX) {
        return bad('setup.bad_name');
      }
      await updateSettings(db, { businessName: text });
      saved();
      return goTo(ctx, services, 'address');
    case 'address':
      if (text.length > ADDRESS_MAX) {
        return bad('setup.bad_address');
      }
      await updateSettings(db, { businessAddress: text });
      saved();
      return goTo(ctx, services, 'phone');
    case 'phone': {
      const settings = await services.reads.settings(tenant.slug, db);
      if (text.length > PHONE_MAX || parsePhone(text, phoneRegionOf(settings)) === undefined) {
        return bad('setup.bad_phone');
      }
      await updateSettings(db, { businessPhone: text });
      saved();
      return goTo(ctx, services, 'zone');
    }
    case 'zone':
      try {
        await updateSettings(db, { timeZone: text });
      } catch (error) {
        if (isAppError(error, 'VALIDATION')) {
          return bad('setup.bad_zone');
        }
        throw error;
      }
      saved();
      return goTo(ctx, services, 'service');
    case 'service':
      if (text.length < 1 || text.length > NAME_MAX) {
        return bad('setup.bad_service');
      }
      setup.serviceName = text;
      if (setup.serviceId !== undefined) {
        await updateService(db, setup.serviceId, { name: text });
        saved();
      }
      return goTo(ctx, services, 'duration');
    case 'duration': {
      const minutes = Number(text);
      if (!/^\d+$/.test(text) || minutes < 5 || minutes > 720) {
        return bad('setup.bad_duration');
      }
      setup.durationMinutes = minutes;
      if (setup.serviceId !== undefined) {
        await updateService(db, setup.serviceId, { durationMinutes: minutes });
        saved();
      }
      return goTo(ctx, services, 'price');
    }
    case 'price': {
      const typed = text.replace(',', '.').replace(/\s/g, '');
      if (!/^\d{1,9}(?:\.\d{1,2})?$/.test(typed)) {
        return bad('setup.bad_price');
      }
      const priceMinor = Math.round(Number(typed) * 100);
      if (setup.serviceId === undefined) {
        const service = await createService(db, {
          name: setup.serviceName ?? '',
          durationMinutes: setup.durationMinutes ?? 60,
          priceMinor,
        });
        setup.serviceId = service.id;
      } else {
        await updateService(db, setup.serviceId, { priceMinor });
      }
      saved();
      return goTo(ctx, services, 'specialist');
    }
    case 'specialist':
      if (text.length < 1 || text.length > NAME_MAX) {
        return bad('setup.bad_specialist');
      }
      return saveSpecialist(ctx, services, admin, text, false);
    case 'days': {
      const hours = parseWeekdays(text);
      if (!hours) {
        return bad('setup.bad_days');
      }
      try {
        return await finish(ctx, services, hours);
      } catch (error) {
        if (isAppError(error, 'VALIDATION')) {
          return bad('setup.bad_days');
        }
        throw error;
      }
    }
    default:
      return undefined;
  }
}

/**
 * The first specialist, performing the first service; "me" links the owner to them.
 * Revisited, the same specialist is renamed and linked or unlinked.
 */
export async function saveSpecialist(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  name: string,
  isOwner: boolean,
): Promise<void> {
  const setup = setupOf(ctx);
  if (setup?.serviceId === undefined) {
    return;
  }
  const { db } = ctx.scope;
  const telegramUserId = isOwner ? admin.telegramUserId : null;
  let staffId = setup.staffId;
  if (staffId === undefined) {
    staffId = (await createSpecialist(db, { name, telegramUserId })).id;
    await assignService(db, { staffId, serviceId: setup.serviceId });
  } else {
    await updateSpecialist(db, staffId, { name, telegramUserId }, services.now());
  }
  if (isOwner || admin.staffId === staffId) {
    await changeAdminRole(
      db,
      { adminId: admin.id, role: admin.role, staffId: isOwner ? staffId : null },
      `admin:${admin.id}`,
    );
  }
  setup.staffId = staffId;
  services.reads.forget(ctx.scope.tenant.slug);
  await goTo(ctx, services, 'hours');
}
