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
