import { AppError } from '../errors/index.js';
import { assertValidSlug } from './slug.js';
import type { Tenant } from './tenant.js';
import {
  findLiveTenantRowByTokenHash,
  listFleetTenantRows,
  markTenantRowTokenRejected,
  updateTenantBotToken,
  updateTenantPinned,
} from './tenant.repository.js';
import {
  invalidTenant,
  lockLiveTenantRow,
  ProvisionTenantInputSchema,
  type TenantChangeDeps,
  type TenantDeps,
  toTenant,
} from './tenant.service.js';
import { publishTenantChange } from './tenant-changes.js';
import { decryptToken, encryptToken, hashToken } from './token-crypto.js';

/**
 * Pins a tenant to a container of its own (`client-bot --tenant <slug>`): running fleets
 * stop serving it within seconds. Pinning a pinned tenant is harmless.
 *
 * @throws AppError `INVALID_SLUG`, `NOT_FOUND`, `TENANT_DELETED`.
 */
export async function pinTenant(deps: TenantChangeDeps, slug: string): Promise<Tenant> {
  return setPinned(deps, slug, true);
}

/**
 * Gives a pinned tenant back to the fleets, which serve it within seconds; stop its own
 * container. Unpinning an unpinned tenant is harmless.
 *
 * @throws AppError `INVALID_SLUG`, `NOT_FOUND`, `TENANT_DELETED`.
 */
export async function unpinTenant(deps: TenantChangeDeps, slug: string): Promise<Tenant> {
  return setPinned(deps, slug, false);
}

async function setPinned(deps: TenantChangeDeps, slug: string, pinned: boolean): Promise<Tenant> {
  assertValidSlug(slug);
  const { tenant, changed } = await deps.db.transaction().execute(async (trx) => {
    const row = await lockLiveTenantRow(trx, slug);
    return row.pinned === pinned
      ? { tenant: toTenant(row), changed: false }
      : { tenant: toTenant(await updateTenantPinned(trx, row.id, pinned)), changed: true };
  });
  if (changed) {
    await publishTenantChange(deps.redis, slug, pinned ? 'pinned' : 'unpinned');
  }
  return tenant;
}

/**
 * Gives a tenant a new bot token (the owner revoked a leaked one, or moved to another
 * bot): stores it encrypted, clears a `token_rejected` mark, and announces it, so the
 * serving process switches to it within seconds.
 *
 * @throws AppError `INVALID_SLUG`; `VALIDATION` (never echoing the token) for a string
 * that is no BotFather token; `CONFLICT` when the bot already serves another tenant;
 * `NOT_FOUND`, `TENANT_DELETED`.
 */
export async function replaceTenantBotToken(
  deps: TenantDeps,
  slug: string,
  botToken: string,
): Promise<Tenant> {
  assertValidSlug(slug);
  const parsed = ProvisionTenantInputSchema.shape.botToken.safeParse(botToken);
  if (!parsed.success) {
    throw invalidTenant(parsed.error.issues.map((issue) => ({ ...issue, path: ['botToken'] })));
  }
  const tokenHash = hashToken(botToken, deps.encryptionKey);
  const tenant = await deps.db.transaction().execute(async (trx) => {
    const row = await lockLiveTenantRow(trx, slug);
    const owner = await findLiveTenantRowByTokenHash(trx, tokenHash);
    if (owner && owner.slug !== slug) {
      throw new AppError('CONFLICT', {
        message: `This bot already serves tenant ${owner.slug}`,
        details: { slug: owner.slug },
      });
    }
    return toTenant(
      await updateTenantBotToken(trx, row.id, {
        bot_token_encrypted: encryptToken(botToken, deps.encryptionKey),
        bot_token_hash: tokenHash,
      }),
    );
  });
  await publishTenantChange(deps.redis, slug, 'token');
  return tenant;
}

/**
 * Records that Telegram refused a tenant's bot token (401: revoked; 404: the bot was
 * deleted), so that no process polls it again until a new token is stored
 * ({@link replaceTenantBotToken} clears the mark). Does nothing when the tenant has
 * another token by now, is marked already, or is deleted.
 *
 * @returns whether the mark was set now.
 */
export async function markTenantTokenRejected(
  deps: TenantDeps,
  slug: string,
  rejectedToken: string,
): Promise<boolean> {
  assertValidSlug(slug);
  const marked = await markTenantRowTokenRejected(
    deps.db,
    slug,
    hashToken(rejectedToken, deps.encryptionKey),
  );
  if (marked) {
    await publishTenantChange(deps.redis, slug, 'bot_status');
  }
  return marked;
}

/** A tenant a fleet serves, with its decrypted bot token. */
export interface FleetTenant {
  tenant: Tenant;
  /**
   * The decrypted bot token, never logged; `null` when it cannot be decrypted (stored
   * under another `TOKEN_ENCRYPTION_KEY`), which the fleet reports instead of serving.
   */
  token: string | null;
}

/**
 * Every tenant `client-bot --fleet` is responsible for: not deleted and not pinned,
 * suspended ones included (their bot tells customers that booking is paused), with
 * their decrypted tokens. Tenants marked `token_rejected` are listed too; the fleet
 * shows them and does not poll them. Reads `platform.tenants` in pages of 1,000.
 */
export async function listFleetTenants(deps: Omit<TenantDeps, 'redis'>): Promise<FleetTenant[]> {
  const found: FleetTenant[] = [];
  for (let afterId: number | undefined; ; ) {
    const rows = await listFleetTenantRows(deps.db, { afterId, limit: 1_000 });
    for (const row of rows) {
      found.push({ tenant: toTenant(row), token: readableToken(row.bot_token_encrypted, deps) });
    }
    const last = rows.at(-1);
    if (rows.length < 1_000 || last === undefined) {
      return found;
    }
    afterId = last.id;
  }
}

function readableToken(encrypted: string, deps: Omit<TenantDeps, 'redis'>): string | null {
  try {
    return decryptToken(encrypted, deps.encryptionKey);
  } catch {
    return null;
  }
}
