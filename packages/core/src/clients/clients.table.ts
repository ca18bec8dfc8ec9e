import type { ColumnType, Generated, Selectable } from 'kysely';

/** `clients`: the customers of a tenant, one per Telegram user. */
export interface ClientsTable {
  id: Generated<number>;
  /** Empty for a client booked by phone or at the desk, who never wrote to the bot. */
  telegram_user_id: number | null;
  name: string;
  phone: string | null;
  locale: string;
  /** The client picked `locale` in the bot (else it came from Telegram or the default). */
  locale_chosen: ColumnType<boolean, boolean | undefined, boolean>;
  blocked: ColumnType<boolean, boolean | undefined, boolean>;
  /** Bumped by every change to the client's bookings (optimistic concurrency). */
  booking_version: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
/** A selected `clients` row. */
export type ClientRow = Selectable<ClientsTable>;
