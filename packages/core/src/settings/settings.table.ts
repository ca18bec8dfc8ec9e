import type { ColumnType } from 'kysely';

/** The single `settings` row (id 1); `value` is validated by `SettingsSchema` on read. */
export interface SettingsTable {
  id: ColumnType<number, number | undefined, never>;
  value: ColumnType<Record<string, unknown>, string, string>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A tenant's override of one built-in text in one locale. */
export interface TextTemplatesTable {
  key: string;
  locale: string;
  text: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
