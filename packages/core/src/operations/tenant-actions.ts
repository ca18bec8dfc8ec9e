import type { Database } from '../db/index.js';
import { AppError } from '../errors/index.js';
import { listPlans } from '../plans/index.js';
import {
  type DeleteTenantResult,
  deleteTenant,
  getTenant,
  type ProvisionTenantInput,
  type ProvisionTenantResult,
  pinTenant,
  provisionTenant,
  replaceTenantBotToken,
  resumeTenant,
  suspendTenant,
  type Tenant,
  type TenantChangeDeps,
  type UpdateTenantInput,
  unpinTenant,
  updateTenant,
} from '../tenants/index.js';
import type { OperatorDeps } from './operations.js';
import { type OperatorActor, recordOperatorAction } from './operator-audit.js';

/*
 * The operator's changes of a tenant: tenants' own rule, then one audit entry naming the
 * actor. The master bot, the operator API and `pnpm tenant` all call these.
 */

/** Provisions a tenant (see `provisionTenant`) and audits it when it was created. */
export async function provisionTenantBy(
  deps: OperatorDeps,
  actor: OperatorActor,
  input: ProvisionTenantInput,
): Promise<ProvisionTenantResult> {
  const result = await provisionTenant(deps, input);
  if (result.created) {
    await recordOperatorAction(deps.db, actor, 'tenant.provisioned', result.tenant.slug, {
      plan: result.tenant.plan,
    });
  }
  return result;
}

/** Suspends a tenant (see `suspendTenant`) and audits it. */
export async function suspendTenantBy(
  deps: TenantChangeDeps,
  actor: OperatorActor,
  slug: string,
): Promise<Tenant> {
  const tenant = await suspendTenant(deps, slug);
  await recordOperatorAction(deps.db, actor, 'tenant.suspended', slug);
  return tenant;
}

/** Resumes a tenant (see `resumeTenant`) and audits it. */
export async function resumeTenantBy(
  deps: TenantChangeDeps,
  actor: OperatorActor,
  slug: string,
): Promise<Tenant> {
  const tenant = await resumeTenant(deps, slug);
  await recordOperatorAction(deps.db, actor, 'tenant.resumed', slug);
  return tenant;
}

/** Pins a tenant to a container of its own (see `pinTenant`) and audits it. */
export async function pinTenantBy(
  deps: TenantChangeDeps,
  actor: OperatorActor,
  slug: string,
): Promise<Tenant> {
  const tenant = await pinTenant(deps, slug);
  await recordOperatorAction(deps.db, actor, 'tenant.pinned', slug);
  return tenant;
}

/** Gives a pinned tenant back to the fleets (see `unpinTenant`) and audits it. */
export async function unpinTenantBy(
  deps: TenantChangeDeps,
  actor: OperatorActor,
  slug: string,
): Promise<Tenant> {
  const tenant = await unpinTenant(deps, slug);
  await recordOperatorAction(deps.db, actor, 'tenant.unpinned', slug);
  return tenant;
}

/**
 * Changes a tenant's profile (see `updateTenant`) and audits the fields changed, never
 * their values for the owner (a person's id). A plan must be `trial` or the code of one
 * of `platform.plans`.
 *
 * @throws AppError `VALIDATION` (an unknown plan names the codes there are), `NOT_FOUND`,
 * `TENANT_DELETED`.
 */
export async function updateTenantBy(
  deps: { db: Database },
  actor: OperatorActor,
  slug: string,
  input: UpdateTenantInput,
): Promise<Tenant> {
  if (input.plan !== undefined) {
    await assertKnownPlan(deps.db, input.plan);
  }
  const before = input.plan !== undefined ? (await getTenant(deps.db, slug)).plan : undefined;
  const tenant = await updateTenant(deps.db, slug, input);
  await recordOperatorAction(deps.db, actor, 'tenant.updated', slug, {
    fields: Object.keys(input).filter((key) => input[key as keyof UpdateTenantInput] !== undefined),
  });
  if (input.plan !== undefined && before !== input.plan) {
    await recordOperatorAction(deps.db, actor, 'tenant.plan_changed', slug, {
      from: before,
      to: input.plan,
    });
  }
  return tenant;
}

/** Moves a tenant to another plan and audits it (`from`, `to`); see {@link updateTenantBy}. */
export async function changeTenantPlanBy(
  deps: { db: Database },
  actor: OperatorActor,
  slug: string,
  plan: string,
): Promise<Tenant> {
  return updateTenantBy(deps, actor, slug, { plan });
}

async function assertKnownPlan(db: Database, plan: string): Promise<void> {
  if (plan === 'trial') {
    return;
  }
  const codes = (await listPlans(db, { includeInactive: true })).map((known) => known.code);
  if (!codes.includes(plan)) {
    throw invalidPlan(`must be trial or one of ${codes.join(', ')}`);
  }
}

/** A `VALIDATION` error about the tenant's plan, in the shape of tenants' field errors. */
export function invalidPlan(message: string): AppError {
  return new AppError('VALIDATION', {
    message: `Invalid tenant: plan ${message}`,
    details: { fields: ['plan'], issues: [{ field: 'plan', message }] },
  });
}

/** Stores a new bot token for a tenant (see `replaceTenantBotToken`) and audits it. */
export async function replaceTenantTokenBy(
  deps: OperatorDeps,
  actor: OperatorActor,
  slug: string,
  botToken: string,
): Promise<Tenant> {
  const tenant = await replaceTenantBotToken(deps, slug, botToken);
  await recordOperatorAction(deps.db, actor, 'tenant.token_replaced', slug);
  return tenant;
}

/**
 * Deletes a tenant for good (see `deleteTenant`) and audits it. `confirmSlug` must repeat
 * the slug: the two-step confirmation of the console.
 *
 * @throws AppError `VALIDATION` when `confirmSlug` differs; `NOT_FOUND`.
 */
export async function deleteTenantBy(
  deps: OperatorDeps,
  actor: OperatorActor,
  slug: string,
  confirmSlug: string,
): Promise<DeleteTenantResult> {
  if (confirmSlug.trim() !== slug) {
    throw new AppError('VALIDATION', {
      message: 'Type the tenant slug exactly to confirm the deletion',
      details: {
        fields: ['confirmSlug'],
        issues: [{ field: 'confirmSlug', message: 'must repeat the slug' }],
      },
    });
  }
  const result = await deleteTenant(deps, slug, { queueNamespace: deps.queueNamespace });
  await recordOperatorAction(deps.db, actor, 'tenant.deleted', slug, {
    redisKeysDeleted: result.redisKeysDeleted,
    queuedJobsRemoved: result.queuedJobsRemoved,
  });
  return result;
}
