import { addAdmin, findAdminByTelegramId } from '../admins/index.js';
import { tenantDb } from '../db/index.js';
import { AppError, isAppError } from '../errors/index.js';
import {
  attachTenantToSubscription,
  getSubscription,
  type Subscription,
} from '../subscriptions/index.js';
import {
  getTenant,
  type Locale,
  provisionTenant,
  type Tenant,
  type TenantDeps,
} from '../tenants/index.js';

/** Input of {@link onboardTenant}. */
export interface OnboardTenantInput {
  /** The paid (or trial) subscription waiting for its bot. */
  subscriptionId: number;
  /** Who pays; becomes the tenant's owner and its owner admin. */
  ownerTelegramId: number;
  /** The owner's name as Telegram shows it, for the admin record. */
  ownerName: string;
  /** The token the owner pasted, already checked with the Bot API's `getMe`. */
  botToken: string;
  /** `getMe`'s id and username of that bot. */
  botId: number;
  botUsername: string;
  locale: Locale;
}

/** Outcome of {@link onboardTenant}. */
export interface OnboardedTenant {
  tenant: Tenant;
  subscription: Subscription;
}

/**
 * The slug of a bot's tenant: its Telegram bot id, which never changes and never
 * belongs to another bot, so an onboarding repeated after a crash finds the tenant it
 * made, and two owners never race for one name.
 */
export function onboardingSlug(botId: number, subscriptionId?: number): string {
  return subscriptionId === undefined ? `bot_${botId}` : `bot_${botId}_${subscriptionId}`;
}

function botTaken(message: string): AppError {
  return new AppError('CONFLICT', { message, details: { reason: 'bot_taken' } });
}

/**
 * Turns a paid (or trial) subscription into a live bot: provisions the tenant (the
 * owner as `owner_telegram_id` and as owner admin, the subscription's plan and
 * `paid_until`) and attaches it to the subscription. Every step is repeatable, so an
 * onboarding cut short (a crash, a restart) is finished by calling this again; the
 * state that says it is unfinished is the subscription without a tenant, in Postgres.
 *
 * @throws AppError `CONFLICT` with `details.reason` `bot_taken` when the bot serves
 * another tenant (or another owner's); `FORBIDDEN` for another owner's subscription;
 * `NOT_FOUND` for an unknown subscription; `VALIDATION` for a malformed token.
 */
export async function onboardTenant(
  deps: TenantDeps,
  input: OnboardTenantInput,
): Promise<OnboardedTenant> {
  const subscription = await getSubscription(deps.db, input.subscriptionId);
  if (subscription.ownerTelegramId !== input.ownerTelegramId) {
    throw new AppError('FORBIDDEN', {
      message: `Subscription ${subscription.id} belongs to another owner`,
    });
  }
  const provision = (slug: string) =>
    provisionTenant(deps, {
      slug,
      botToken: input.botToken,
      botUsername: input.botUsername,
      ownerTelegramId: input.ownerTelegramId,
      locale: input.locale,
      plan: subscription.planCode ?? 'trial',
      paidUntil: subscription.paidUntil,
    });
  let provisioned: Awaited<ReturnType<typeof provisionTenant>>;
  try {
    provisioned = await provision(onboardingSlug(input.botId)).catch((error: unknown) => {
      // The bot's tenant was deleted once: a new tenant for it gets a slug of its own.
      if (isAppError(error, 'TENANT_DELETED')) {
        return provision(onboardingSlug(input.botId, subscription.id));
      }
      throw error;
    });
  } catch (error) {
    if (isAppError(error, 'CONFLICT')) {
      throw botTaken(`Bot ${input.botId} serves another tenant`);
    }
    throw error;
  }
  const { tenant } = provisioned;
  if (tenant.ownerTelegramId !== input.ownerTelegramId) {
    throw botTaken(`Bot ${input.botId} serves another owner's tenant`);
  }
  const scoped = tenantDb(deps.db, tenant.schema);
  if (!(await findAdminByTelegramId(scoped, input.ownerTelegramId))) {
    await addAdmin(
      scoped,
      { telegramUserId: input.ownerTelegramId, role: 'owner', name: input.ownerName },
      'onboarding',
    ).catch((error: unknown) => {
      // Two onboardings of the same tenant racing: the other one added the owner.
      if (!isAppError(error, 'CONFLICT')) {
        throw error;
      }
    });
  }
  let attached: Subscription;
  try {
    attached = await attachTenantToSubscription(deps.db, {
      subscriptionId: subscription.id,
      tenantId: tenant.id,
      ownerTelegramId: input.ownerTelegramId,
    });
  } catch (error) {
    if (isAppError(error, 'CONFLICT')) {
      throw botTaken(`Bot ${input.botId} already has a subscription`);
    }
    throw error;
  }
  return { tenant: await getTenant(deps.db, tenant.slug), subscription: attached };
}
