import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/index.js';
import { inTransaction, type TenantExecutor } from '../db/index.js';
import { AppError } from '../errors/index.js';
import { parseInput } from '../validation/index.js';
import type { Admin } from './admins.js';
import * as repository from './admins.repository.js';
import { addAdmin, getTeamManager } from './admins.service.js';

/** How long an invite link works, hours. */
export const ADMIN_INVITE_TTL_HOURS = 24;

/** The `/start` payload prefix of an invite link: `join_<token>`. */
export const ADMIN_INVITE_PREFIX = 'join_';

/** An invite as its maker sees it; the token is shown once, at creation. */
export interface AdminInvite {
  id: number;
  role: 'admin' | 'staff';
  staffId: number | null;
  expiresAt: Date;
}

/** Input of {@link createAdminInvite}. */
export const AdminInviteInputSchema = z.object({
  /** Owners are made by promoting an admin, never by a link. */
  role: z.enum(['admin', 'staff']),
  /** The specialist a staff member is (their own schedule). */
  staffId: z.number().int().positive().nullable().default(null),
});
/** See {@link AdminInviteInputSchema}. */
export type AdminInviteInput = z.input<typeof AdminInviteInputSchema>;

// A Telegram start parameter allows 64 characters of [A-Za-z0-9_-]; 18 random bytes
// give 24 of them, 144 bits, beyond guessing.
const TOKEN_BYTES = 18;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{24}$/;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function invalidInvite(reason: 'unknown' | 'used' | 'expired'): AppError {
  return new AppError('NOT_FOUND', {
    message: `Invite link ${reason}`,
    details: { what: 'invite', reason },
  });
}

/**
 * Makes a one-time invite link token, valid {@link ADMIN_INVITE_TTL_HOURS} hours, for the
 * role chosen now. Only an owner may invite. Audited as `admin.invited` (without the token).
 *
 * @param createdByAdminId the admin who invites.
 * @returns the invite and its token (the only time the token exists outside the link).
 * @throws AppError `FORBIDDEN` unless the inviter is an owner; `VALIDATION`.
 */
export async function createAdminInvite(
  db: TenantExecutor,
  input: AdminInviteInput & { createdByAdminId: number },
  now: Date = new Date(),
): Promise<{ invite: AdminInvite; token: string }> {
  const data = parseInput(AdminInviteInputSchema, input, 'invite');
  return inTransaction(db, async (trx) => {
    const manager = await getTeamManager(trx, input.createdByAdminId);
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const row = await repository.insertAdminInvite(trx, {
      token_hash: hashToken(token),
      role: data.role,
      staff_id: data.staffId,
      created_by: `admin:${manager.id}`,
      created_at: now,
      expires_at: new Date(now.getTime() + ADMIN_INVITE_TTL_HOURS * 3_600_000),
    });
    const invite: AdminInvite = {
      id: row.id,
      role: row.role,
      staffId: row.staff_id,
      expiresAt: row.expires_at,
    };
    await recordAudit(
      trx,
      {
        actor: `admin:${manager.id}`,
        action: 'admin.invited',
        target: `invite:${invite.id}`,
        details: { role: invite.role, staffId: invite.staffId },
      },
      now,
    );
    return { invite, token };
  });
}

/**
 * Uses an invite: its Telegram user becomes an admin with the invite's role. The
 * invite works once, within its validity; of two users racing for one link, one wins.
 * Audited as `admin.added` by `invite:<id>`.
 *
 * @throws AppError `NOT_FOUND` (details `reason`: `unknown`, `used` or `expired`);
 *   `CONFLICT` when the user already is an admin (the invite stays unused).
 */
export async function acceptAdminInvite(
  db: TenantExecutor,
  input: { token: string; telegramUserId: number; name: string },
  now: Date = new Date(),
): Promise<Admin> {
  if (!TOKEN_PATTERN.test(input.token)) {
    throw invalidInvite('unknown');
  }
  return inTransaction(db, async (trx) => {
    const row = await repository.lockAdminInviteByHash(trx, hashToken(input.token));
    if (row === undefined) {
      throw invalidInvite('unknown');
    }
    if (row.used_at !== null) {
      throw invalidInvite('used');
    }
    if (row.expires_at <= now) {
      throw invalidInvite('expired');
    }
    const admin = await addAdmin(
      trx,
      {
        telegramUserId: input.telegramUserId,
        name: input.name.slice(0, 200),
        role: row.role,
        staffId: row.staff_id,
      },
      `invite:${row.id}`,
      now,
    );
    await repository.markAdminInviteUsed(trx, row.id, input.telegramUserId, now);
    return admin;
  });
}
