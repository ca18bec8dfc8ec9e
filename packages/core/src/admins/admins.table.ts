import type { ColumnType, Generated, Selectable } from 'kysely';

/** `admins`: Telegram users who manage the tenant, with their role. */
export interface AdminsTable {
  id: Generated<number>;
  telegram_user_id: number;
  name: string;
  role: 'owner' | 'admin' | 'staff';
  staff_id: number | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
/** A selected `admins` row. */
export type AdminRow = Selectable<AdminsTable>;

/** `admin_invites`: one-time links that make their user an admin or staff member. */
export interface AdminInvitesTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the token; the token itself is only in the link. */
  token_hash: string;
  role: 'admin' | 'staff';
  staff_id: number | null;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  used_by_telegram_user_id: number | null;
}
/** A selected `admin_invites` row. */
export type AdminInviteRow = Selectable<AdminInvitesTable>;
