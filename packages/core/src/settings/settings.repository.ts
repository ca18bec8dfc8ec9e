import { sql } from 'kysely';
import type { TenantExecutor } from '../db/index.js';

/**
 * The query of the stored settings document as JSON text (not yet validated), also
 * usable as a column of a larger read: `.select(settingsTextQuery(db).as('settings_text'))`.
 */
export function settingsTextQuery(db: TenantExecutor) {
  return db
    .selectFrom('settings')
    .select(sql<string>`value::text`.as('value'))
    .where('settings.id', '=', 1);
}

/** The raw stored settings document as JSON text (not yet validated). */
export async function findSettingsText(db: TenantExecutor): Promise<string> {
  const row = await settingsTextQuery(db).executeTakeFirst();
  return row?.value ?? '{}';
}

/** Locks and returns the raw settings document, for a read-modify-write. */
export async function lockSettingsValue(db: TenantExecutor): Promise<Record<string, unknown>> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirst();
  return row?.value ?? {};
}

/** Stores the settings document (inserting the row if a restore lost it). */
export async function saveSettingsValue(
  db: TenantExecutor,
  value: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await db
    .insertInto('settings')
    .values({ id: 1, value: JSON.stringify(value), updated_at: now })
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet({ value: JSON.stringify(value), updated_at: now }),
    )
    .execute();
}

/** Text template overrides, optionally of one locale, ordered by key. */
export async function findTextTemplates(db: TenantExecutor, locale?: string) {
  let query = db.selectFrom('text_templates').selectAll().orderBy('key').orderBy('locale');
  if (locale !== undefined) {
    query = query.where('locale', '=', locale);
  }
  return query.execute();
}

/** Inserts or replaces one text template. */
export async function upsertTextTemplate(
  db: TenantExecutor,
  template: { key: string; locale: string; text: string },
  now: Date,
): Promise<void> {
  await db
    .insertInto('text_templates')
    .values({ ...template, updated_at: now })
    .onConflict((conflict) =>
      conflict.columns(['key', 'locale']).doUpdateSet({ text: template.text, updated_at: now }),
    )
    .execute();
}

/** Deletes one text template; returns whether it existed. */
export async function deleteTextTemplate(
  db: TenantExecutor,
  key: string,
  locale: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('text_templates')
    .where('key', '=', key)
    .where('locale', '=', locale)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
