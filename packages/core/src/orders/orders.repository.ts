import type { Insertable, Transaction } from 'kysely';
import type { Database, PlatformDatabase } from '../db/index.js';
import type { OrderStatus } from './order.js';
import type { OrderRow, OrdersTable } from './orders.table.js';

type Executor = Database | Transaction<PlatformDatabase>;

/** Inserts an order; returns the row. */
export async function insertOrderRow(
  db: Executor,
  values: Insertable<OrdersTable>,
): Promise<OrderRow> {
  return db.insertInto('platform.orders').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * Inserts the automatic renewal order of a subscription's period unless it exists;
 * either way returns the period's one order.
 */
export async function insertAutoRenewalOrderRowIfAbsent(
  trx: Transaction<PlatformDatabase>,
  values: Insertable<OrdersTable> & { subscription_id: number; renews_period_end: Date },
): Promise<{ row: OrderRow; created: boolean }> {
  const inserted = await trx
    .insertInto('platform.orders')
    .values({ ...values, kind: 'auto_renewal' })
    .onConflict((conflict) =>
      conflict
        .columns(['subscription_id', 'renews_period_end'])
        .where('kind', '=', 'auto_renewal')
        .doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
  if (inserted) {
    return { row: inserted, created: true };
  }
  const existing = await trx
    .selectFrom('platform.orders')
    .selectAll()
    .where('kind', '=', 'auto_renewal')
    .where('subscription_id', '=', values.subscription_id)
    .where('renews_period_end', '=', values.renews_period_end)
    .executeTakeFirstOrThrow();
  return { row: existing, created: false };
}

/** The order with this id, or `undefined`. */
export async function findOrderRow(db: Executor, id: number): Promise<OrderRow | undefined> {
  return db.selectFrom('platform.orders').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The order with this id, locked `FOR UPDATE` until the transaction ends. */
export async function lockOrderRow(
  trx: Transaction<PlatformDatabase>,
  id: number,
): Promise<OrderRow | undefined> {
  return trx
    .selectFrom('platform.orders')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Moves an order to `status`, unless it is already `paid` (a paid order stays paid). */
export async function updateOrderStatus(
  db: Executor,
  id: number,
  status: OrderStatus,
): Promise<void> {
  await db
    .updateTable('platform.orders')
    .set({ status, updated_at: new Date() })
    .where('id', '=', id)
    .where('status', '<>', 'paid')
    .execute();
}

/** Links an order to the subscription its payment created. */
export async function updateOrderSubscription(
  db: Executor,
  id: number,
  subscriptionId: number,
): Promise<void> {
  await db
    .updateTable('platform.orders')
    .set({ subscription_id: subscriptionId, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** An owner's orders, newest first. */
export async function listOrderRowsByOwner(
  db: Executor,
  ownerTelegramId: number,
  limit: number,
): Promise<OrderRow[]> {
  return db
    .selectFrom('platform.orders')
    .selectAll()
    .where('owner_telegram_id', '=', ownerTelegramId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Orders still `pending` whose last change is older than `before`, oldest first. */
export async function listPendingOrderRows(
  db: Executor,
  before: Date,
  limit: number,
): Promise<OrderRow[]> {
  return db
    .selectFrom('platform.orders')
    .selectAll()
    .where('status', '=', 'pending')
    .where('updated_at', '<', before)
    .orderBy('updated_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}
