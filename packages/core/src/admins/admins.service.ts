import { recordAudit } from '../audit/index.js';
import type { TenantExecutor } from '../db/index.js';
import { AppError, notFoundError } from '../errors/index.js';
import {
  FOREIGN_KEY_VIOLATION,
  parseInput,
  pgErrorFacts,
  UNIQUE_VIOLATION,
} from '../validation/index.js';
import { type Admin, type AdminInput, AdminInputSchema, type AdminRole } from './admins.js';
import * as repository from './admins.repository.js';
import type { AdminRow } from './admins.table.js';

function toAdmin(row: AdminRow): Admin {
  return {
    id: row.id,
    telegramUserId: row.telegram_user_id,
    name: row.name,
    role: row.role,
    staffId: row.staff_id,
  };
}

function notFound(id: number): AppError {
  return notFoundError('admin', id);
}

/** Every admin, oldest first. */
export async function listAdmins(db: TenantExecutor): Promise<Admin[]> {
  return (await repository.findAdmins(db)).map(toAdmin);
}

/** The admin record of a Telegram user, if they are one. Bots call this to authorize. */
export async function findAdminByTelegramId(
  db: TenantExecutor,
  telegramUserId: number,
): Promise<Admin | undefined> {
  const row = await repository.findAdminByTelegramId(db, telegramUserId);
  return row === undefined ? undefined : toAdmin(row);
}

/** An admin by id. @throws AppError `NOT_FOUND`. */
export async function getAdmin(db: TenantExecutor, id: number): Promise<Admin> {
  const row = await repository.findAdminById(db, id);
  if (row === undefined) {
    throw notFound(id);
  }
  return toAdmin(row);
}

/**
 * Makes a Telegram user an admin. Audited as `admin.added`.
 *
 * @param actor who did it, for the audit log (e.g. `admin:1`, `operator`).
 * @throws AppError `VALIDATION`; `CONFLICT` when the user is already an admin;
 *   `NOT_FOUND` for an unknown specialist.
 */
export async function addAdmin(
  db: TenantExecutor,
  input: AdminInput,
  actor: string,
  now: Date = new Date(),
): Promise<Admin> {
  const data = parseInput(AdminInputSchema, input, 'admin');
  return db.transaction().execute(async (trx) => {
    const row = await repository
      .insertAdmin(trx, {
        telegram_user_id: data.telegramUserId,
        name: data.name,
        role: data.role,
        staff_id: data.staffId,
        created_at: now,
        updated_at: now,
      })
      .catch((error: unknown) => {
        const facts = pgErrorFacts(error);
        if (facts?.code === UNIQUE_VIOLATION) {
          throw new AppError('CONFLICT', {
            message: `Telegram user ${data.telegramUserId} is already an admin`,
            details: { what: 'admin', telegramUserId: data.telegramUserId },
          });
        }
        if (facts?.code === FOREIGN_KEY_VIOLATION) {
          // Only a linked specialist can break the foreign key, so the id is set.
          throw notFoundError('specialist', data.staffId as number);
        }
        throw error;
      });
    const admin = toAdmin(row);
    await recordAudit(
      trx,
      { actor, action: 'admin.added', target: `admin:${admin.id}`, details: { ...admin } },
      now,
    );
    return admin;
  });
}

/**
 * Changes an admin's role (and, optionally, linked specialist). The last owner
 * cannot be demoted: the tenant always keeps someone who can manage admins.
 * Audited as `admin.role_changed`.
 *
 * @throws AppError `NOT_FOUND`; `LAST_OWNER` when demoting the only owner.
 */
export async function changeAdminRole(
  db: TenantExecutor,
  input: { adminId: number; role: AdminRole; staffId?: number | null },
  actor: string,
  now: Date = new Date(),
): Promise<Admin> {
  return db.transaction().execute(async (trx) => {
    const owners = await repository.lockOwners(trx);
    const current = await repository.lockAdminById(trx, input.adminId);
    if (current === undefined) {
      throw notFound(input.adminId);
    }
    if (current.role === 'owner' && input.role !== 'owner' && owners.length <= 1) {
      throw new AppError('LAST_OWNER', {
        message: 'The last owner cannot be demoted',
        details: { adminId: input.adminId },
      });
    }
    const row = await repository.updateAdminById(trx, input.adminId, {
      role: input.role,
      staff_id: input.staffId === undefined ? current.staff_id : input.staffId,
      updated_at: now,
    });
    await recordAudit(
      trx,
      {
        actor,
        action: 'admin.role_changed',
        target: `admin:${row.id}`,
        details: { from: current.role, to: row.role },
      },
      now,
    );
    return toAdmin(row);
  });
}

/**
 * Removes an admin. An owner cannot be removed: demote them first (which the last
 * owner cannot be). Audited as `admin.removed`.
 *
 * @throws AppError `NOT_FOUND`; `FORBIDDEN` for an owner.
 */
export async function removeAdmin(
  db: TenantExecutor,
  adminId: number,
  actor: string,
  now: Date = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await repository.lockAdminById(trx, adminId);
    if (current === undefined) {
      throw notFound(adminId);
    }
    if (current.role === 'owner') {
      throw new AppError('FORBIDDEN', {
        message: 'An owner cannot be removed; demote them first',
        details: { adminId, role: current.role },
      });
    }
    await repository.deleteAdminById(trx, adminId);
    await recordAudit(
      trx,
      {
        actor,
        action: 'admin.removed',
        target: `admin:${adminId}`,
        details: { ...toAdmin(current) },
      },
      now,
    );
  });
}

/**
 * Makes a Telegram user an owner of the tenant: adds them, or raises their role when
 * they already are an admin or staff. Harmless when they already are an owner (nothing
 * is written then). Audited as `admin.added` or `admin.role_changed`. Pass a transaction
 * (provisioning does), so the row and its audit entry commit together; see
 * {@link ensureOwnerAdmin} otherwise.
 *
 * @returns the owner's record.
 */
export async function ensureOwnerAdminInTransaction(
  trx: TenantExecutor,
  telegramUserId: number,
  actor: string,
  now: Date = new Date(),
): Promise<Admin> {
  const before = await repository.findAdminByTelegramId(trx, telegramUserId);
  const changed = await repository.upsertOwnerRow(trx, {
    telegram_user_id: telegramUserId,
    name: '',
    now,
  });
  if (changed === undefined) {
    // Already an owner: the conflict's WHERE skipped the update.
    return toAdmin(before as AdminRow);
  }
  const admin = toAdmin(changed);
  await recordAudit(
    trx,
    before === undefined
      ? { actor, action: 'admin.added', target: `admin:${admin.id}`, details: { ...admin } }
      : {
          actor,
          action: 'admin.role_changed',
          target: `admin:${admin.id}`,
          details: { from: before.role, to: admin.role },
        },
    now,
  );
  return admin;
}

/** {@link ensureOwnerAdminInTransaction} in a transaction of its own. */
export async function ensureOwnerAdmin(
  db: TenantExecutor,
  telegramUserId: number,
  actor: string,
  now: Date = new Date(),
): Promise<Admin> {
  return db
    .transaction()
    .execute((trx) => ensureOwnerAdminInTransaction(trx, telegramUserId, actor, now));
}

/** What a refused console action was, for {@link recordRefusedAccess}. */
export interface RefusedAccess {
  /** The Telegram user who tried. */
  telegramUserId: number;
  /** Their admin record, when they have one (staff trying an admin's action). */
  admin?: Admin;
  /** What they tried, e.g. `agenda.cancel`. */
  action: string;
  /** The object they tried it on, e.g. `booking:42`. */
  target?: string;
  /** Why it was refused, e.g. `role` or `not_own_schedule`. */
  reason: string;
}

/**
 * Records that a console action was refused: audited as `access.refused`, with who
 * tried what, so an owner can see forged or replayed buttons. Changes nothing else.
 */
export async function recordRefusedAccess(
  db: TenantExecutor,
  refused: RefusedAccess,
  now: Date = new Date(),
): Promise<void> {
  await recordAudit(
    db,
    {
      actor: refused.admin ? `admin:${refused.admin.id}` : `telegram:${refused.telegramUserId}`,
      action: 'access.refused',
      target: refused.target ?? null,
      details: {
        attempted: refused.action,
        reason: refused.reason,
        role: refused.admin?.role ?? 'customer',
        telegramUserId: refused.telegramUserId,
      },
    },
    now,
  );
}
