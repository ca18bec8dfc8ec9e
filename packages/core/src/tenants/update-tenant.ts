import { z } from 'zod';
import { ensureOwnerAdminInTransaction } from '../admins/index.js';
import { type Database, tenantDb } from '../db/index.js';
import { updateSettingsInTransaction } from '../settings/index.js';
import { assertValidSlug } from './slug.js';
import type { Tenant } from './tenant.js';
import { updateTenantProfile } from './tenant.repository.js';
import { invalidTenant, lockLiveTenantRow, TENANT_FIELDS, toTenant } from './tenant.service.js';

/** What {@link updateTenant} may change; fields left out stay as they are. */
export const UpdateTenantInputSchema = z.object({
  botUsername: TENANT_FIELDS.botUsername.optional(),
  ownerTelegramId: TENANT_FIELDS.ownerTelegramId.optional(),
  timeZone: TENANT_FIELDS.timeZone.optional(),
  locale: TENANT_FIELDS.locale.optional(),
  plan: TENANT_FIELDS.plan.optional(),
});
/** Input of {@link updateTenant}. */
export type UpdateTenantInput = z.input<typeof UpdateTenantInputSchema>;

/**
 * Changes a tenant's bot username, owner, time zone, language or plan. The time zone
 * and language are also written to the tenant's settings, in the same transaction,
 * because availability and the bot's texts read them from there.
 *
 * @throws AppError `INVALID_SLUG`; `VALIDATION` naming each bad field; `NOT_FOUND`;
 * `TENANT_DELETED`.
 */
export async function updateTenant(
  db: Database,
  slug: string,
  input: UpdateTenantInput,
): Promise<Tenant> {
  assertValidSlug(slug);
  const parsed = UpdateTenantInputSchema.strict().safeParse(input);
  if (!parsed.success) {
    throw invalidTenant(parsed.error.issues);
  }
  const patch = parsed.data;
  return db.transaction().execute(async (trx) => {
    const row = await lockLiveTenantRow(trx, slug);
    const updated = await updateTenantProfile(trx, row.id, {
      bot_username: patch.botUsername,
      owner_telegram_id: patch.ownerTelegramId,
      time_zone: patch.timeZone,
      locale: patch.locale,
      plan: patch.plan,
    });
    if (patch.timeZone !== undefined || patch.locale !== undefined) {
      await updateSettingsInTransaction(tenantDb(trx as unknown as Database, row.schema_name), {
        ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
        ...(patch.locale !== undefined ? { defaultLocale: patch.locale } : {}),
      });
    }
    if (patch.ownerTelegramId !== undefined) {
      // The new owner gets the console at once; a previous owner keeps their role until
      // an owner changes it in the console (a tenant never loses its last owner).
      await ensureOwnerAdminInTransaction(
        tenantDb(trx as unknown as Database, row.schema_name),
        patch.ownerTelegramId,
        'operator',
      );
    }
    return toTenant(updated);
  });
}
