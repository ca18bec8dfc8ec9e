import {
  escapeHtml,
  isTelegramUnavailable,
  storedLocale,
  type TelegramPool,
  telegramSendFailure,
} from '@booking/bot-kit';
import {
  type Broadcast,
  type BroadcastCounts,
  type BroadcastJob,
  BroadcastJobSchema,
  type Database,
  deliverOnce,
  deliveryKey,
  finishBroadcast,
  getBroadcast,
  getBroadcastCounts,
  isAppError,
  type Logger,
  listPendingRecipients,
  type PendingRecipient,
  QUEUE_NAMES,
  queuePrefix,
  sendToRecipient,
  setBroadcastProgressMessage,
  type TenantExecutor,
} from '@booking/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Telegram } from 'telegraf';
import type { TenantReads } from '../reads.js';
import { i18n } from '../texts/index.js';

/** Recipients read from Postgres per round trip. */
const PAGE_SIZE = 100;

/** What the broadcast worker needs. */
export interface BroadcastWorkerDeps {
  db: Database;
  /** A connection made with `forBullmq`. */
  connection: Redis;
  namespace: string;
  logger: Logger;
  telegrams: TelegramPool;
  /** Cached tenant rows: every job looks its tenant up. */
  reads: TenantReads;
  now?: () => Date;
  /**
   * Sends in flight at once within one broadcast. The rate limiter paces them; a few
   * keep the bot's budget busy while each send waits for its answer and its claims.
   * Each is a send whose outcome a crash leaves unknown. Default 4.
   */
  sendConcurrency?: number;
  /** How often the progress message is edited. Default 2 s. */
  progressEveryMs?: number;
  /**
   * How long a killed process holds its broadcast before another run takes it over
   * (BullMQ's lock). Default 15 s.
   */
  lockMs?: number;
}

/** The text of the progress and the report, in the owner's locale. */
function ownerTexts(broadcast: Broadcast) {
  const t = i18n.translator(storedLocale(broadcast.locale, 'en'));
  return {
    progress: (done: number) => t('console.broadcast.progress', { done, total: broadcast.total }),
    progressDone: (done: number) =>
      t('console.broadcast.progress_done', { done, total: broadcast.total }),
    report: (counts: BroadcastCounts) =>
      [
        t('console.broadcast.report', { ...counts, total: broadcast.total }),
        ...(counts.unknown > 0 ? [t('console.broadcast.report_unknown', counts)] : []),
      ].join('\n'),
  };
}

/**
 * Starts the worker of the broadcasts queue. A job sends its broadcast to each recipient
 * still pending, through the tenant's rate-limited Telegram client, each send claimed in
 * Postgres first (see core's `sendToRecipient`): a job run again after a crash resumes
 * with the recipients left and sends nobody the message twice. It keeps a progress
 * message in the owner's chat up to date and ends with a report (delivered, blocked the
 * bot, failed), sent once.
 */
export function startBroadcastWorker(deps: BroadcastWorkerDeps): { close(): Promise<void> } {
  const now = deps.now ?? (() => new Date());
  const concurrency = Math.max(1, deps.sendConcurrency ?? 4);
  const progressEveryMs = deps.progressEveryMs ?? 2_000;

  const run = async (job: Job<BroadcastJob>): Promise<void> => {
    const parsed = BroadcastJobSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError('invalid broadcast job');
    }
    const { tenant: slug, broadcastId } = parsed.data;
    const db = await deps.reads.activeTenantDb(slug, deps.db);
    if (!db) {
      return;
    }
    const broadcast = await getBroadcast(db, broadcastId).catch((error: unknown) => {
      if (isAppError(error, 'NOT_FOUND')) {
        return undefined;
      }
      throw error;
    });
    if (!broadcast || broadcast.status === 'done') {
      return;
    }
    const facts = { tenant: slug, broadcast: broadcastId, job: job.id };
    const telegram = await deps.telegrams.get(slug);
    const words = ownerTexts(broadcast);
    const progress = await startProgress(db, telegram, broadcast, words.progress);
    const text = escapeHtml(broadcast.text);
    const send = (recipient: PendingRecipient) =>
      sendToRecipient(
        db,
        broadcastId,
        recipient,
        () => telegram.sendMessage(recipient.telegramUserId, text),
        // The Bot API down past the client's retries: the job retries later from here,
        // rather than marking everyone left as failed.
        { now, classify: telegramSendFailure, retryLater: isTelegramUnavailable },
      );

    let shownAt = Date.now();
    let after = 0;
    for (;;) {
      const page = await listPendingRecipients(db, broadcastId, {
        afterClientId: after,
        limit: PAGE_SIZE,
      });
      if (page.length === 0) {
        break;
      }
      after = page.at(-1)?.clientId ?? after;
      await forEachConcurrently(page, concurrency, async (recipient) => {
        await send(recipient);
        if (Date.now() - shownAt >= progressEveryMs) {
          shownAt = Date.now();
          await progress.show(words.progress);
        }
      });
    }

    const counts = await getBroadcastCounts(db, broadcastId);
    const done = counts.sent + counts.blocked + counts.failed + counts.unknown;
    await progress.show(words.progressDone, done);
    // The report goes once, before the broadcast is marked done: a crash between the two
    // runs the job again, which finds the report claimed and only marks it done.
    await deliverOnce(
      db,
      deliveryKey('broadcast-report', broadcastId),
      () => telegram.sendMessage(broadcast.chatId, words.report(counts)),
      { now, classify: telegramSendFailure },
    );
    await finishBroadcast(db, broadcastId, now());
    deps.logger.info({ ...facts, ...counts }, 'broadcast finished');
  };

  const worker = new Worker<BroadcastJob>(QUEUE_NAMES.broadcasts, run, {
    connection: deps.connection,
    prefix: queuePrefix(deps.namespace),
    // Each broadcast spends its bot's whole budget: more at once would only wait.
    concurrency: 2,
    lockDuration: deps.lockMs ?? 15_000,
    stalledInterval: Math.max(1_000, Math.floor((deps.lockMs ?? 15_000) / 3)),
    // A job taken over after a crash resumes from Postgres: never fail it for stalling.
    maxStalledCount: 1_000,
  });
  worker.on('failed', (job, error) => {
    deps.logger.warn(
      { err: error, job: job?.id, tenant: job?.data.tenant },
      'broadcast job failed; it is retried',
    );
  });
  worker.on('error', (error) => deps.logger.error({ err: error }, 'broadcasts worker error'));
  return { close: () => worker.close() };
}

/**
 * The progress message of a broadcast: the one it was confirmed with, or a new one. Its
 * edits are best effort: a lost edit is made good by the next one and the report.
 */
async function startProgress(
  db: TenantExecutor,
  telegram: Telegram,
  broadcast: Broadcast,
  text: (done: number) => string,
) {
  const doneSoFar = async () => {
    const counts = await getBroadcastCounts(db, broadcast.id);
    return broadcast.total - counts.pending;
  };
  let messageId = broadcast.progressMessageId;
  let lastText: string | undefined;
  const show = async (render: (done: number) => string, done?: number): Promise<void> => {
    const next = render(done ?? (await doneSoFar()));
    if (next === lastText) {
      return;
    }
    lastText = next;
    try {
      if (messageId === null) {
        const message = await telegram.sendMessage(broadcast.chatId, next);
        messageId = message.message_id;
        await setBroadcastProgressMessage(db, broadcast.id, messageId);
      } else {
        await telegram.editMessageText(broadcast.chatId, messageId, undefined, next);
      }
    } catch {
      // Not worth holding the broadcast up: the next edit or the report tells the owner.
    }
  };
  await show(text);
  return { show };
}

/** Runs `task` over `items` with at most `limit` at once; rejects with the first error. */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < items.length && !failed) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
