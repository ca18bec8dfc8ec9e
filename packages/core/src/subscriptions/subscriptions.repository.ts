import { type Insertable, sql, type Transaction, type Updateable } from 'kysely';
import type { Database, PlatformDatabase } from '../db/index.js';
import type { SubscriptionRow, SubscriptionsTable } from './subscriptions.table.js';

type Executor = Database | Transaction<PlatformDatabase>;

/** A subscription row joined with its tenant's slug and status. */
export type SubscriptionTenantRow = SubscriptionRow & {
  tenant_slug: string;
  tenant_status: 'active' | 'suspended' | 'deleted';
};

/** Inserts a subscription; returns the row. */
export async function insertSubscriptionRow(
  db: Executor,
  values: Insertable<SubscriptionsTable>,
): Promise<SubscriptionRow> {
  return db
    .insertInto('platform.subscriptions')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Inserts the subscription a purchase order pays for unless it exists (then returns
 * `undefined`): one subscription per purchase, whatever runs twice.
 */
export async function insertPurchasedSubscriptionRowIfAbsent(
  trx: Transaction<PlatformDatabase>,
  values: Insertable<SubscriptionsTable> & { purchase_order_id: number },
): Promise<SubscriptionRow | undefined> {
  return trx
    .insertInto('platform.subscriptions')
    .values(values)
    .onConflict((conflict) => conflict.column('purchase_order_id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Records the one trial of a Telegram user; false when the user had one already. */
export async function insertTrialRowIfAbsent(
  trx: Transaction<PlatformDatabase>,
  ownerTelegramId: number,
  subscriptionId: number,
): Promise<boolean> {
  const row = await trx
    .insertInto('platform.trials')
    .values({ owner_telegram_id: ownerTelegramId, subscription_id: subscriptionId })
    .onConflict((conflict) => conflict.column('owner_telegram_id').doNothing())
    .returning('owner_telegram_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** True when the Telegram user has had a trial. */
export async function hasTrialRow(db: Executor, ownerTelegramId: number): Promise<boolean> {
  const row = await db
    .selectFrom('platform.trials')
    .select('owner_telegram_id')
    .where('owner_telegram_id', '=', ownerTelegramId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The subscription with this id, or `undefined`. */
export async function findSubscriptionRow(
  db: Executor,
  id: number,
): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('platform.subscriptions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The subscription with this id, locked `FOR UPDATE` until the transaction ends. */
export async function lockSubscriptionRow(
  trx: Transaction<PlatformDatabase>,
  id: number,
): Promise<SubscriptionRow | undefined> {
  return trx
    .selectFrom('platform.subscriptions')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The subscription created by a purchase order, or `undefined`. */
export async function findSubscriptionRowByPurchaseOrder(
  db: Executor,
  orderId: number,
): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('platform.subscriptions')
    .selectAll()
    .where('purchase_order_id', '=', orderId)
    .executeTakeFirst();
}

/** The subscription of a tenant, or `undefined`. */
export async function findSubscriptionRowByTenant(
  db: Executor,
  tenantId: number,
): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('platform.subscriptions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
}

/** An owner's subscriptions, oldest first. */
export async function listSubscriptionRowsByOwner(
  db: Executor,
  ownerTelegramId: number,
): Promise<SubscriptionRow[]> {
  return db
    .selectFrom('platform.subscriptions')
    .selectAll()
    .where('owner_telegram_id', '=', ownerTelegramId)
    .orderBy('id')
    .execute();
}

/** Changes a subscription; returns the updated row. */
export async function updateSubscriptionRow(
  db: Executor,
  id: number,
  values: Updateable<SubscriptionsTable>,
): Promise<SubscriptionRow> {
  return db
    .updateTable('platform.subscriptions')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

function withTenant(db: Executor) {
  return db
    .selectFrom('platform.subscriptions as s')
    .innerJoin('platform.tenants as t', 't.id', 's.tenant_id')
    .selectAll('s')
    .select(['t.slug as tenant_slug', 't.status as tenant_status']);
}

/**
 * Subscriptions whose saved method is due a charge: auto-renewal on, a tenant, the
 * period ending within `(from, until]`, and no automatic renewal order for that
 * period yet. Soonest first.
 */
export async function listRenewalDueRows(
  db: Executor,
  from: Date,
  until: Date,
  limit: number,
): Promise<SubscriptionTenantRow[]> {
  return withTenant(db)
    .where('s.auto_renew', '=', true)
    .where('t.status', '<>', 'deleted')
    .where('s.paid_until', '>', from)
    .where('s.paid_until', '<=', until)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('platform.orders as o')
            .select(sql.lit(1).as('one'))
            .where('o.kind', '=', 'auto_renewal')
            .whereRef('o.subscription_id', '=', 's.id')
            .whereRef('o.renews_period_end', '=', 's.paid_until'),
        ),
      ),
    )
    .orderBy('s.paid_until')
    .orderBy('s.id')
    .limit(limit)
    .execute() as Promise<SubscriptionTenantRow[]>;
}

/** Subscriptions of live tenants whose period ends within `(from, until]`, soonest first. */
export async function listEndingRows(
  db: Executor,
  from: Date,
  until: Date,
  afterId: number,
  limit: number,
): Promise<SubscriptionTenantRow[]> {
  return withTenant(db)
    .where('t.status', '=', 'active')
    .where('s.paid_until', '>', from)
    .where('s.paid_until', '<=', until)
    .where('s.id', '>', afterId)
    .orderBy('s.id')
    .limit(limit)
    .execute() as Promise<SubscriptionTenantRow[]>;
}

/** Subscriptions whose period ended while their tenant is still active, oldest end first. */
export async function listExpiredActiveRows(
  db: Executor,
  now: Date,
  limit: number,
): Promise<SubscriptionTenantRow[]> {
  return withTenant(db)
    .where('t.status', '=', 'active')
    .where('s.paid_until', '<=', now)
    .orderBy('s.paid_until')
    .orderBy('s.id')
    .limit(limit)
    .execute() as Promise<SubscriptionTenantRow[]>;
}

/** Subscriptions paid for but not attached to a tenant yet (onboarding unfinished). */
export async function listUnattachedRowsByOwner(
  db: Executor,
  ownerTelegramId: number,
): Promise<SubscriptionRow[]> {
  return db
    .selectFrom('platform.subscriptions')
    .selectAll()
    .where('owner_telegram_id', '=', ownerTelegramId)
    .where('tenant_id', 'is', null)
    .orderBy('id')
    .execute();
}
