import { z } from 'zod';

/** What an admin may do: `owner` everything; `admin` everything but managing owners; `staff` their own schedule. */
export type AdminRole = 'owner' | 'admin' | 'staff';
/** Every {@link AdminRole}. */
export const ADMIN_ROLES = ['owner', 'admin', 'staff'] as const satisfies readonly AdminRole[];

/** A Telegram user who manages the tenant. */
export interface Admin {
  id: number;
  telegramUserId: number;
  name: string;
  role: AdminRole;
  /** The specialist this admin is, if any (required in practice for `staff`). */
  staffId: number | null;
}

/** Input of `addAdmin`. */
export const AdminInputSchema = z.object({
  telegramUserId: z.number().int().positive(),
  name: z.string().trim().max(200).default(''),
  role: z.enum(ADMIN_ROLES),
  staffId: z.number().int().positive().nullable().default(null),
});
/** See {@link AdminInputSchema}. */
export type AdminInput = z.input<typeof AdminInputSchema>;
