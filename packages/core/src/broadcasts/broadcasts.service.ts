import { recordAudit } from '../audit/index.js';
import type { TenantExecutor } from '../db/index.js';
import {
  type DeliverOnceOptions,
  deliverOnce,
  deliveryKey,
  findDelivery,
} from '../deliveries/index.js';
import { notFoundError } from '../errors/index.js';
import { parseInput } from '../validation/index.js';
import {
  type Broadcast,
  type BroadcastCounts,
  type NewBroadcast,
  NewBroadcastSchema,
  type PendingRecipient,
  type RecipientOutcome,
} from './broadcasts.js';
import * as repository from './broadcasts.repository.js';
import type { BroadcastRow } from './broadcasts.table.js';

function toBroadcast(row: BroadcastRow): Broadcast {
  return {
    id: row.id,
    text: row.text,
    createdBy: row.created_by,
    chatId: row.chat_id,
    locale: row.locale,
    progressMessageId: row.progress_message_id,
    status: row.status,
    total: row.total,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/**
 * Creates a broadcast to every client who has a chat with the bot and is not blocked:
 * the recipients are fixed now, in the same transaction, so clients who arrive while it
 * is sent are not added and a resumed broadcast goes to the same people. Audited as
 * `broadcast.created` by `actor`. Queue its job afterwards (see `BroadcastJobSchema`).
 *
 * @throws AppError `VALIDATION` for an empty or too long text (1 to 4096 characters).
 */
export async function createBroadcast(
  db: TenantExecutor,
  input: NewBroadcast,
  actor: string,
  now: Date = new Date(),
): Promise<Broadcast> {
  const data = parseInput(NewBroadcastSchema, input, 'broadcast');
  return db.transaction().execute(async (trx) => {
    const row = await repository.insertBroadcast(trx, {
      text: data.text,
      created_by: data.createdBy,
      chat_id: data.chatId,
      locale: data.locale,
      progress_message_id: data.progressMessageId ?? null,
      total: 0,
      created_at: now,
    });
    const total = await repository.insertRecipientsFromClients(trx, row.id);
    await repository.updateBroadcastTotal(trx, row.id, total);
    await recordAudit(
      trx,
      {
        actor,
        action: 'broadcast.created',
        target: `broadcast:${row.id}`,
        details: { recipients: total, length: data.text.length },
      },
      now,
    );
    return toBroadcast({ ...row, total });
  });
}

/** How many clients a broadcast confirmed now would go to (see {@link createBroadcast}). */
export async function countBroadcastAudience(db: TenantExecutor): Promise<number> {
  return repository.countAudience(db);
}

/** A broadcast by id. @throws AppError `NOT_FOUND`. */
export async function getBroadcast(db: TenantExecutor, id: number): Promise<Broadcast> {
  const row = await repository.findBroadcastById(db, id);
  if (!row) {
    throw notFoundError('broadcast', id);
  }
  return toBroadcast(row);
}

/** Broadcasts not finished yet, oldest first (a reconciler queues their jobs again). */
export async function findSendingBroadcasts(db: TenantExecutor): Promise<Broadcast[]> {
  return (await repository.findSendingBroadcasts(db)).map(toBroadcast);
}

/**
 * Up to `limit` recipients still to send to, by client id, after `afterClientId` (pass
 * the last one of the previous page; 0 at first).
 */
export async function listPendingRecipients(
  db: TenantExecutor,
  broadcastId: number,
  options: { afterClientId?: number; limit?: number } = {},
): Promise<PendingRecipient[]> {
  const rows = await repository.findPendingRecipients(
    db,
    broadcastId,
    options.afterClientId ?? 0,
    Math.min(Math.max(options.limit ?? 100, 1), 1000),
  );
  return rows.map((row) => ({ clientId: row.client_id, telegramUserId: row.telegram_user_id }));
}

/** How many recipients stand at each outcome. */
export async function getBroadcastCounts(
  db: TenantExecutor,
  broadcastId: number,
): Promise<BroadcastCounts> {
  const counts: BroadcastCounts = { pending: 0, sent: 0, blocked: 0, failed: 0, unknown: 0 };
  for (const row of await repository.countRecipientsByOutcome(db, broadcastId)) {
    counts[row.outcome] = Number(row.count);
  }
  return counts;
}

/** Records the message that shows the broadcast's progress. */
export async function setBroadcastProgressMessage(
  db: TenantExecutor,
  broadcastId: number,
  messageId: number,
): Promise<void> {
  await repository.updateProgressMessage(db, broadcastId, messageId);
}

/**
 * Marks a broadcast done once nothing is pending. Returns true for the call that
 * finished it, false when it was done already.
 */
export async function finishBroadcast(
  db: TenantExecutor,
  broadcastId: number,
  now: Date,
): Promise<boolean> {
  return repository.markBroadcastDone(db, broadcastId, now);
}

/** The exactly-once key of a broadcast's message to one client. */
export function broadcastDeliveryKey(broadcastId: number, clientId: number): string {
  return deliveryKey('broadcast', broadcastId, clientId);
}

/** Options of {@link sendToRecipient}. */
export interface SendToRecipientOptions extends DeliverOnceOptions {
  /**
   * Whether a definite failure means the service is down rather than this recipient
   * unreachable: the recipient then stays pending (its claim released) and the error is
   * rethrown, so the broadcast resumes later instead of failing everyone while it is
   * down. Default: never.
   */
  retryLater?: (error: unknown) => boolean;
}

/**
 * Sends a broadcast to one recipient at most once, however often it is asked (a job
 * resumed after a crash asks again for the recipient it was sending to), and records
 * the recipient's outcome: `sent`; `blocked` when the client blocked the bot; `failed`
 * when the send ended in a definite error answer; `unknown` when it was claimed but its
 * answer never came (the sender died or the connection dropped mid-request: it may have
 * arrived, so it is never sent again).
 *
 * @throws errors of Postgres as they come, and a failure `retryLater` picks (the
 *   recipient stays pending, unsent).
 */
export async function sendToRecipient(
  db: TenantExecutor,
  broadcastId: number,
  recipient: PendingRecipient,
  send: () => Promise<unknown>,
  options: SendToRecipientOptions,
): Promise<Exclude<RecipientOutcome, 'pending'>> {
  const key = broadcastDeliveryKey(broadcastId, recipient.clientId);
  let outcome: Exclude<RecipientOutcome, 'pending'>;
  try {
    const delivered = await deliverOnce(db, key, send, options);
    outcome =
      delivered === 'duplicate'
        ? await earlierOutcome(db, key)
        : delivered === 'refused'
          ? 'blocked'
          : delivered;
  } catch (error) {
    // deliverOnce rethrows a definite failure after releasing its claim: the client's own
    // retries are spent, so this recipient ends as failed rather than holding the rest up.
    if (options.classify(error) !== 'failed' || options.retryLater?.(error)) {
      throw error;
    }
    outcome = 'failed';
  }
  await repository.finishPendingRecipient(
    db,
    broadcastId,
    recipient.clientId,
    outcome,
    options.now(),
  );
  return outcome;
}

/** The outcome of a send claimed before (by a run that died before recording it). */
async function earlierOutcome(
  db: TenantExecutor,
  key: string,
): Promise<Exclude<RecipientOutcome, 'pending'>> {
  const delivery = await findDelivery(db, key);
  switch (delivery?.status) {
    case 'sent':
      return 'sent';
    case 'refused':
      return 'blocked';
    case 'released':
      return 'failed';
    default:
      return 'unknown';
  }
}
