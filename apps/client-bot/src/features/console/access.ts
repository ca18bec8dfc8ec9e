import { callbackAction } from '@booking/bot-kit';
import {
  type Admin,
  type AdminRole,
  ensureOwnerAdmin,
  findAdminByTelegramId,
  recordRefusedAccess,
} from '@booking/core';
import type { MiddlewareFn } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../context.js';
import type { TextKey } from '../../texts/index.js';

/** Higher ranks may do everything lower ones may. */
const ROLE_RANK: Record<AdminRole, number> = { staff: 1, admin: 2, owner: 3 };

/** Whether `role` may do what `needed` may. */
export function roleAllows(role: AdminRole, needed: AdminRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

/** Each update's admin record, looked up at most once per update. */
const adminOfUpdate = new WeakMap<ClientContext, Promise<Admin | undefined>>();

/**
 * The admin record (owner, admin or staff) of the user of this update, or `undefined`
 * for a customer. Read from Postgres on first use in an update, never from the session:
 * a removed or demoted admin loses access with their next press.
 *
 * The tenant's `owner_telegram_id` is an owner even on a tenant provisioned before
 * provisioning recorded owners: their first look-up makes them one.
 */
export function consoleAdmin(ctx: ClientContext): Promise<Admin | undefined> {
  let found = adminOfUpdate.get(ctx);
  if (!found) {
    found = lookUpAdmin(ctx);
    adminOfUpdate.set(ctx, found);
  }
  return found;
}

async function lookUpAdmin(ctx: ClientContext): Promise<Admin | undefined> {
  const userId = ctx.from?.id;
  if (userId === undefined) {
    return undefined;
  }
  const admin = await findAdminByTelegramId(ctx.scope.db, userId);
  if (admin === undefined && ctx.scope.tenant.ownerTelegramId === userId) {
    return ensureOwnerAdmin(ctx.scope.db, userId, 'system');
  }
  return admin;
}

/** What a refused user was trying, for the audit log. */
export interface Attempt {
  /** Dotted action name, e.g. `agenda.no_show`. */
  action: string;
  /** The object, e.g. `booking:42`. */
  target?: string;
}

/**
 * Refuses an action: answers the user (the button's spinner, or a message), changes
 * nothing, and leaves an `access.refused` audit row.
 */
async function refuse(
  ctx: ClientContext,
  admin: Admin | undefined,
  attempt: Attempt,
  reason: 'not_admin' | 'role' | 'not_own_schedule',
  services: ClientBotServices,
): Promise<void> {
  ctx.log.warn({ attempted: attempt.action, reason }, 'console action refused');
  await recordRefusedAccess(
    ctx.scope.db,
    {
      telegramUserId: ctx.from?.id ?? 0,
      admin,
      action: attempt.action,
      target: attempt.target,
      reason,
    },
    services.now(),
  );
  const key: TextKey =
    reason === 'not_admin'
      ? 'console.refused'
      : reason === 'role'
        ? 'console.refused_role'
        : 'console.refused_schedule';
  if (ctx.callbackQuery) {
    await ctx.answerCbQuery(ctx.t(key), { show_alert: true });
  } else {
    await ctx.reply(ctx.t(key));
  }
}

/**
 * The user's admin record when their role is at least `needed`; otherwise refuses (see
 * {@link refuse}) and returns `undefined`. Every console handler calls this (or goes
 * through {@link consoleAction}) before it reads or changes anything.
 */
export async function requireConsoleRole(
  ctx: ClientContext,
  services: ClientBotServices,
  needed: AdminRole,
  attempt: Attempt,
): Promise<Admin | undefined> {
  const admin = await consoleAdmin(ctx);
  if (admin === undefined) {
    await refuse(ctx, undefined, attempt, 'not_admin', services);
    return undefined;
  }
  if (!roleAllows(admin.role, needed)) {
    await refuse(ctx, admin, attempt, 'role', services);
    return undefined;
  }
  return admin;
}

/**
 * Whether `admin` may act on the schedule of specialist `staffId`: owners and admins on
 * anyone's, staff on their own only. On refusal answers, audits and returns false.
 */
export async function requireOwnSchedule(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  staffId: number,
  attempt: Attempt,
): Promise<boolean> {
  if (roleAllows(admin.role, 'admin') || admin.staffId === staffId) {
    return true;
  }
  await refuse(ctx, admin, attempt, 'not_own_schedule', services);
  return false;
}

/**
 * The schedule a user may see: `undefined` (everyone's) for owners and admins, the
 * specialist's own id for staff.
 */
export function ownScheduleOf(admin: Admin): number | undefined {
  return roleAllows(admin.role, 'admin') ? undefined : (admin.staffId ?? -1);
}

/**
 * A console button's handler: presses of buttons `codec` encoded with `action` reach
 * `handler` only after {@link requireConsoleRole} passed for `needed`; the audit names
 * the attempt `action` with the button's first argument as target, unless `target`
 * names it better.
 */
export function consoleAction(
  services: ClientBotServices,
  action: string,
  needed: AdminRole,
  handler: (ctx: ClientContext, admin: Admin, args: string[]) => Promise<unknown>,
  target?: (args: string[]) => string | undefined,
): MiddlewareFn<ClientContext> {
  return callbackAction<ClientContext>(services.codec, action, async (ctx, args) => {
    const admin = await requireConsoleRole(ctx, services, needed, {
      action: `console.${action}`,
      target: target ? target(args) : args.join(':') || undefined,
    });
    if (admin) {
      await handler(ctx, admin, args);
    }
  });
}
