import {
  callbackCodecFor,
  isTelegramUnavailable,
  storedLocale,
  type TelegramPool,
  telegramErrorCode,
} from '@booking/bot-kit';
import {
  type AdminNoticeDelivery,
  type CancellationDelivery,
  type ConfirmationDelivery,
  type Database,
  type DeliveryJob,
  DeliveryJobSchema,
  deliveryKey,
  formatPhone,
  getBookingNotice,
  isAppError,
  type Logger,
  phoneRegionOf,
  QUEUE_NAMES,
  queuePrefix,
  type TenantExecutor,
} from '@booking/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { adminEventMessage, cancellationMessage, confirmationMessage } from '../messages.js';
import type { TenantReads } from '../reads.js';
import { failedEditOutcome } from '../screen.js';
import type { TenantTexts } from '../texts/translator.js';
import { DELIVERY_BACKOFF_TYPE } from './deliveries.js';
import { sendMessageOnce } from './send-once.js';

/** After this long a delivery is given up: a notice a day late tells nobody anything. */
const MAX_DELIVERY_AGE_MS = 24 * 3_600_000;

/** Waits between a delivery's attempts. */
export interface DeliveryBackoff {
  /** The wait after the first failed attempt; it doubles per attempt. Default 1 s. */
  initialDelayMs: number;
  /**
   * The longest wait: a delivery goes out at most this long after the Bot API is back
   * (each attempt itself retries within the Telegram client's deadline). Default 30 s.
   */
  maxDelayMs: number;
}

const DEFAULT_DELIVERY_BACKOFF: DeliveryBackoff = { initialDelayMs: 1_000, maxDelayMs: 30_000 };

/** The wait before attempt `attemptsMade + 1` of a delivery. */
export function deliveryBackoffMs(attemptsMade: number, backoff: DeliveryBackoff): number {
  const exponent = Math.min(Math.max(attemptsMade - 1, 0), 30);
  return Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** exponent);
}

/** What the deliveries worker needs. */
export interface DeliveryWorkerDeps {
  db: Database;
  /** A connection made with `forBullmq`. */
  connection: Redis;
  namespace: string;
  logger: Logger;
  texts: TenantTexts;
  telegrams: TelegramPool;
  encryptionKey: Buffer;
  /** Cached tenant rows: every job looks its tenant up. */
  reads: TenantReads;
  concurrency?: number;
  backoff?: Partial<DeliveryBackoff>;
  /** The clock of the claims; default the system clock. */
  now?: () => Date;
}

/**
 * Starts the worker of the deliveries queue: each job renders its message from what
 * Postgres holds now and sends it. While the Bot API is unavailable an attempt fails
 * (after the Telegram client's own retries) and the job waits its backoff and tries
 * again, until the API takes it or the job is a day old. A booking cancelled or moved
 * meanwhile is not confirmed.
 */
export function startDeliveryWorker(deps: DeliveryWorkerDeps): { close(): Promise<void> } {
  const backoff = { ...DEFAULT_DELIVERY_BACKOFF, ...deps.backoff };
  const sendOnceDeps = { logger: deps.logger, now: deps.now ?? (() => new Date()) };

  const tenantOf = (slug: string) => deps.reads.activeTenantDb(slug, deps.db);

  const confirm = async (db: TenantExecutor, job: ConfirmationDelivery): Promise<boolean> => {
    const notice = await getBookingNotice(db, job.bookingId);
    const { booking, settings } = notice;
    if (booking.status !== 'confirmed' || booking.startsAt.toISOString() !== job.startsAt) {
      return false;
    }
    const [telegram, speaker] = await Promise.all([
      deps.telegrams.get(job.tenant),
      deps.texts.speaker(job.tenant, db, job.locale),
    ]);
    const codec = callbackCodecFor(deps.encryptionKey, job.tenant);
    const message = confirmationMessage(speaker, codec, booking, job.variant, settings.timeZone);
    if (job.messageId !== undefined) {
      try {
        await telegram.editMessageText(job.chatId, job.messageId, undefined, message.text, {
          reply_markup: message.markup,
        });
        return true;
      } catch (error) {
        const outcome = failedEditOutcome(error);
        if (outcome === 'shown') {
          return true;
        }
        if (outcome === 'fail') {
          throw error;
        }
      }
    }
    await sendMessageOnce(
      sendOnceDeps,
      db,
      deliveryKey('confirmation', job.bookingId, job.startsAt),
      telegram,
      job.chatId,
      message,
    );
    return true;
  };

  const notify = async (db: TenantExecutor, job: AdminNoticeDelivery): Promise<boolean> => {
    const [notice, telegram] = await Promise.all([
      getBookingNotice(db, job.event.bookingId),
      deps.telegrams.get(job.tenant),
    ]);
    const { booking, settings } = notice;
    const speaker = await deps.texts.speaker(
      job.tenant,
      db,
      storedLocale(settings.defaultLocale, settings.defaultLocale),
    );
    const message = adminEventMessage(
      speaker,
      job.event,
      booking,
      notice.clientPhone && formatPhone(notice.clientPhone, phoneRegionOf(settings)),
      settings.timeZone,
    );
    await sendMessageOnce(
      sendOnceDeps,
      db,
      deliveryKey('notice', job.eventId, job.chatId),
      telegram,
      job.chatId,
      message,
    );
    return true;
  };

  const announceCancellation = async (
    db: TenantExecutor,
    job: CancellationDelivery,
  ): Promise<boolean> => {
    const { booking, settings } = await getBookingNotice(db, job.bookingId);
    if (booking.status !== 'cancelled') {
      return false;
    }
    const [telegram, speaker] = await Promise.all([
      deps.telegrams.get(job.tenant),
      deps.texts.speaker(job.tenant, db, job.locale),
    ]);
    const codec = callbackCodecFor(deps.encryptionKey, job.tenant);
    await sendMessageOnce(
      sendOnceDeps,
      db,
      deliveryKey('cancellation', job.bookingId),
      telegram,
      job.chatId,
      cancellationMessage(speaker, codec, booking, settings.timeZone),
    );
    return true;
  };

  const send = (db: TenantExecutor, data: DeliveryJob): Promise<boolean> => {
    switch (data.kind) {
      case 'confirmation':
        return confirm(db, data);
      case 'admin-notice':
        return notify(db, data);
      case 'cancellation':
        return announceCancellation(db, data);
    }
  };

  const deliver = async (job: Job<DeliveryJob>): Promise<void> => {
    const parsed = DeliveryJobSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError('invalid delivery job');
    }
    const data = parsed.data;
    const facts = { job: job.id, tenant: data.tenant, kind: data.kind, chat: data.chatId };
    if (Date.now() - job.timestamp > MAX_DELIVERY_AGE_MS) {
      deps.logger.error({ ...facts, attempts: job.attemptsMade }, 'delivery given up: too old');
      return;
    }
    const db = await tenantOf(data.tenant);
    if (!db) {
      return;
    }
    try {
      const sent = await send(db, data);
      if (job.attemptsMade > 0) {
        deps.logger.info(
          { ...facts, attempts: job.attemptsMade + 1, sent },
          'queued delivery done after the Bot API came back',
        );
      }
    } catch (error) {
      if (isAppError(error, 'NOT_FOUND')) {
        return;
      }
      if (isTelegramUnavailable(error)) {
        deps.logger.warn(
          { ...facts, attempts: job.attemptsMade + 1 },
          'Bot API unavailable; delivery waits for another attempt',
        );
        throw new Error('Bot API unavailable');
      }
      const status = telegramErrorCode(error);
      if (status === 403) {
        deps.logger.info(facts, 'user blocked or never started the bot; delivery dropped');
        return;
      }
      if (status !== undefined) {
        // Any other answer would come again: the delivery ends here. (Its error is not
        // logged: a Bot API error carries the payload, which holds the text.)
        deps.logger.error({ ...facts, status }, 'Bot API refused a delivery');
        throw new UnrecoverableError(`Bot API answered ${status}`);
      }
      throw error;
    }
  };

  const worker = new Worker<DeliveryJob>(QUEUE_NAMES.deliveries, deliver, {
    connection: deps.connection,
    prefix: queuePrefix(deps.namespace),
    concurrency: deps.concurrency ?? 10,
    settings: {
      backoffStrategy: (attemptsMade, type) =>
        type === DELIVERY_BACKOFF_TYPE ? deliveryBackoffMs(attemptsMade, backoff) : 1_000,
    },
  });
  worker.on('error', (error) => deps.logger.error({ err: error }, 'deliveries worker error'));
  return { close: () => worker.close() };
}
