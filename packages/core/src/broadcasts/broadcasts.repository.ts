import type { TenantExecutor } from '../db/index.js';
import type { RecipientOutcome } from './broadcasts.js';
import type { BroadcastRow } from './broadcasts.table.js';

/** Inserts a broadcast; returns its row. */
export async function insertBroadcast(
  db: TenantExecutor,
  values: {
    text: string;
    created_by: number;
    chat_id: number;
    locale: string;
    progress_message_id: number | null;
    total: number;
    created_at: Date;
  },
): Promise<BroadcastRow> {
  return db.insertInto('broadcasts').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * Adds every client who has a Telegram chat with the bot and is not blocked as a
 * recipient, in one statement; returns how many.
 */
export async function insertRecipientsFromClients(
  db: TenantExecutor,
  broadcastId: number,
): Promise<number> {
  const result = await db
    .insertInto('broadcast_recipients')
    .columns(['broadcast_id', 'client_id', 'telegram_user_id'])
    .expression((eb) =>
      eb
        .selectFrom('clients')
        .select([eb.val(broadcastId).as('broadcast_id'), 'id', 'telegram_user_id'])
        .where('blocked', '=', false)
        .where('telegram_user_id', 'is not', null)
        .where('telegram_user_id', '>', 0),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/** How many clients a broadcast created now would go to. */
export async function countAudience(db: TenantExecutor): Promise<number> {
  const row = await db
    .selectFrom('clients')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('blocked', '=', false)
    .where('telegram_user_id', 'is not', null)
    .where('telegram_user_id', '>', 0)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Sets the number of recipients. */
export async function updateBroadcastTotal(
  db: TenantExecutor,
  id: number,
  total: number,
): Promise<void> {
  await db.updateTable('broadcasts').set({ total }).where('id', '=', id).execute();
}

/** One broadcast by id. */
export async function findBroadcastById(
  db: TenantExecutor,
  id: number,
): Promise<BroadcastRow | undefined> {
  return db.selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Broadcasts still sending, oldest first. */
export async function findSendingBroadcasts(db: TenantExecutor): Promise<BroadcastRow[]> {
  return db
    .selectFrom('broadcasts')
    .selectAll()
    .where('status', '=', 'sending')
    .orderBy('id')
    .execute();
}

/** Up to `limit` pending recipients after client `afterClientId`, by client id. */
export async function findPendingRecipients(
  db: TenantExecutor,
  broadcastId: number,
  afterClientId: number,
  limit: number,
) {
  return db
    .selectFrom('broadcast_recipients')
    .select(['client_id', 'telegram_user_id'])
    .where('broadcast_id', '=', broadcastId)
    .where('outcome', '=', 'pending')
    .where('client_id', '>', afterClientId)
    .orderBy('client_id')
    .limit(limit)
    .execute();
}

/** Moves a pending recipient to `outcome`; returns whether it was pending. */
export async function finishPendingRecipient(
  db: TenantExecutor,
  broadcastId: number,
  clientId: number,
  outcome: Exclude<RecipientOutcome, 'pending'>,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('broadcast_recipients')
    .set({ outcome, finished_at: now })
    .where('broadcast_id', '=', broadcastId)
    .where('client_id', '=', clientId)
    .where('outcome', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Recipients per outcome. */
export async function countRecipientsByOutcome(db: TenantExecutor, broadcastId: number) {
  return db
    .selectFrom('broadcast_recipients')
    .select(['outcome', (eb) => eb.fn.countAll<string>().as('count')])
    .where('broadcast_id', '=', broadcastId)
    .groupBy('outcome')
    .execute();
}

/** Records the progress message. */
export async function updateProgressMessage(
  db: TenantExecutor,
  id: number,
  messageId: number,
): Promise<void> {
  await db
    .updateTable('broadcasts')
    .set({ progress_message_id: messageId })
    .where('id', '=', id)
    .execute();
}

/** Marks a sending broadcast done; returns whether it was sending. */
export async function markBroadcastDone(
  db: TenantExecutor,
  id: number,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('broadcasts')
    .set({ status: 'done', finished_at: now })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
