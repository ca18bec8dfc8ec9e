import { z } from 'zod';
import { inTransaction, type TenantExecutor } from '../db/index.js';
import { AppError } from '../errors/index.js';
import { BoundedMemo } from '../memo/index.js';
import { parseInput } from '../validation/index.js';
import { type Settings, type SettingsPatch, SettingsSchema } from './settings.js';
import * as repository from './settings.repository.js';

/**
 * The tenant's settings, validated, with defaults for everything never set. A stored
 * document that no longer validates (a field removed from the schema, a hand edit)
 * falls back to the default field by field rather than taking the tenant down.
 * The result is frozen: copy it to derive a changed version.
 */
export async function getSettings(db: TenantExecutor): Promise<Settings> {
  return parseSettingsText(await repository.findSettingsText(db));
}

/**
 * Validates a stored settings document given as JSON text, as {@link getSettings}
 * does (defaults filled in, invalid fields replaced by defaults). For read models
 * that fetch the document together with other data. The result is frozen.
 */
export function parseSettingsText(text: string): Settings {
  return PARSED.get(text, () =>
    deepFreeze(parseStored(JSON.parse(text) as Record<string, unknown>)),
  );
}

// Shared memo entries must not be changed by a caller.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
    Object.freeze(value);
  }
  return value;
}

/**
 * Memo of validated settings by their stored JSON text. Every booking reads the
 * settings, and validating them is costly; equal text always validates equally, so
 * this is a pure memo (tenants with equal settings share an entry), not tenant state.
 */
const PARSED = new BoundedMemo<string, Settings>(1_000);

function parseStored(stored: Record<string, unknown>): Settings {
  const parsed = SettingsSchema.safeParse(stored);
  if (parsed.success) {
    return parsed.data;
  }
  const valid: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) {
    const field = SettingsSchema.shape[key as keyof Settings];
    if (field?.safeParse(value).success) {
      valid[key] = value;
    }
  }
  return SettingsSchema.parse(valid);
}

/**
 * Changes some settings. The patch is validated merged with the current settings;
 * unknown keys are rejected.
 *
 * @throws AppError `VALIDATION` naming each invalid field.
 * @returns the settings after the change.
 */
export async function updateSettings(
  db: TenantExecutor,
  patch: SettingsPatch,
  now: Date = new Date(),
): Promise<Settings> {
  return inTransaction(db, (trx) => updateSettingsInTransaction(trx, patch, now));
}

/**
 * {@link updateSettings} for a caller that already holds a transaction on the tenant's
 * schema (provisioning writes the first settings in its own transaction).
 *
 * @throws AppError `VALIDATION` naming each invalid field.
 */
export async function updateSettingsInTransaction(
  trx: TenantExecutor,
  patch: SettingsPatch,
  now: Date = new Date(),
): Promise<Settings> {
  const stored = await repository.lockSettingsValue(trx);
  const next = parseInput(SettingsSchema.strict(), { ...stored, ...patch }, 'settings');
  await repository.saveSettingsValue(trx, next, now);
  return next;
}

/** A tenant's override of a built-in text. */
export interface TextTemplate {
  key: string;
  locale: string;
  text: string;
  updatedAt: Date;
}

/** Input of {@link setTextTemplate}. */
export const TextTemplateInputSchema = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_.]{0,99}$/, 'lowercase letters, digits, dots and underscores'),
  locale: z.string().min(2).max(10),
  text: z.string().trim().min(1).max(4096),
});
/** See {@link TextTemplateInputSchema}. */
export type TextTemplateInput = z.input<typeof TextTemplateInputSchema>;

/** Every text override of the tenant, optionally of one locale, by key. */
export async function listTextTemplates(
  db: TenantExecutor,
  locale?: string,
): Promise<TextTemplate[]> {
  const rows = await repository.findTextTemplates(db, locale);
  return rows.map((row) => ({
    key: row.key,
    locale: row.locale,
    text: row.text,
    updatedAt: row.updated_at,
  }));
}

/**
 * Overrides the built-in text `key` in `locale`.
 *
 * @throws AppError `VALIDATION` for a malformed key or an empty or oversized text.
 */
export async function setTextTemplate(
  db: TenantExecutor,
  input: TextTemplateInput,
  now: Date = new Date(),
): Promise<void> {
  const template = parseInput(TextTemplateInputSchema, input, 'text template');
  await repository.upsertTextTemplate(db, template, now);
}

/**
 * Removes an override, so the built-in text applies again.
 *
 * @throws AppError `NOT_FOUND` when there was no such override.
 */
export async function removeTextTemplate(
  db: TenantExecutor,
  key: string,
  locale: string,
): Promise<void> {
  if (!(await repository.deleteTextTemplate(db, key, locale))) {
    throw new AppError('NOT_FOUND', {
      message: `No text template ${key} (${locale})`,
      details: { key, locale },
    });
  }
}
