import {
  callbackCodecFor,
  storedLocale,
  type TelegramPool,
  telegramErrorCode,
} from '@booking/bot-kit';
import {
  type AdminEventJob,
  AdminEventJobSchema,
  completeBooking,
  type Database,
  deliveryKey,
  expireOffers,
  findFeedback,
  findOffers,
  getBookingNotice,
  getServiceSchedule,
  getSettings,
  getTenant,
  isAppError,
  JOB_NAMES,
  type Logger,
  type OfferJob,
  OfferJobSchema,
  processSlotReleases,
  QUEUE_NAMES,
  queuePrefix,
  type TenantExecutor,
  type VisitJob,
  VisitJobSchema,
  type WaitlistPassJob,
  WaitlistPassJobSchema,
} from '@booking/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { z } from 'zod';
import {
  feedbackMessage,
  type OutgoingMessage,
  offerMessage,
  reminderMessage,
} from '../messages.js';
import type { TenantReads } from '../reads.js';
import type { TenantTexts } from '../texts/translator.js';
import type { ClientJobs } from './queues.js';
import { sendMessageOnce } from './send-once.js';
import { reminderStillUseful } from './visit-plan.js';

/** What the client bot's workers need. */
export interface ClientWorkerDeps {
  db: Database;
  /** A connection made with `forBullmq`. */
  connection: Redis;
  namespace: string;
  logger: Logger;
  texts: TenantTexts;
  telegrams: TelegramPool;
  jobs: ClientJobs;
  encryptionKey: Buffer;
  now: () => Date;
  concurrency?: number;
  /** Cached tenant rows: every job looks its tenant up. */
  reads: TenantReads;
}

/** Running workers. */
export interface ClientWorkers {
  /** Stops taking jobs and waits for the running ones. */
  close(): Promise<void>;
}

/**
 * The job's payload as core's contract reads it. A malformed payload would fail every
 * retry alike, so its job fails for good at once.
 */
function payloadOf<T>(schema: z.ZodType<T>, job: Job): T {
  const parsed = schema.safeParse(job.data);
  if (!parsed.success) {
    throw new UnrecoverableError(`invalid ${job.name} job`);
  }
  return parsed.data;
}

/**
 * Starts the tenant-agnostic workers of the reminders, notifications and waitlist
 * queues. Each job names its tenant; Postgres decides whether the job still applies
 * (a cancelled or moved booking is not reminded), so a stale job is harmless.
 */
export function startClientWorkers(deps: ClientWorkerDeps): ClientWorkers {
  const prefix = queuePrefix(deps.namespace);
  const options = { connection: deps.connection, prefix, concurrency: deps.concurrency ?? 10 };

  const tenantOf = (slug: string) => deps.reads.activeTenantDb(slug, deps.db);

  /** Sends a message; a user who blocked (or never started) the bot is not worth retrying. */
  const send = async (
    telegram: Telegram,
    chatId: number,
    text: string,
    markup: InlineKeyboardMarkup,
  ) => {
    try {
      await telegram.sendMessage(
        chatId,
        text,
        markup.inline_keyboard.length > 0 ? { reply_markup: markup } : {},
      );
    } catch (error) {
      if (telegramErrorCode(error) === 403) {
        deps.logger.info({ chatId }, 'user blocked or never started the bot; message dropped');
        return;
      }
      throw error;
    }
  };

  /** Sends a message that must reach its person once; see {@link sendMessageOnce}. */
  const deliver = (
    db: TenantExecutor,
    key: string,
    telegram: Telegram,
    chatId: number,
    message: OutgoingMessage,
  ): Promise<void> => sendMessageOnce(deps, db, key, telegram, chatId, message);

  const visit = async (job: Job<VisitJob>): Promise<void> => {
    const data = payloadOf(VisitJobSchema, job);
    const { tenant: slug, bookingId, startsAt } = data;
    const db = await tenantOf(slug);
    if (!db) {
      return;
    }
    // Only a booking that is gone ends the job; a failed read (Postgres down) is retried.
    const notice = await getBookingNotice(db, bookingId).catch((error: unknown) => {
      if (isAppError(error, 'NOT_FOUND')) {
        return undefined;
      }
      throw error;
    });
    if (!notice || notice.booking.startsAt.toISOString() !== startsAt) {
      return;
    }
    const { booking, settings } = notice;
    // A client the team booked by phone has no chat: the visit's state still moves on.
    const chatId = booking.clientTelegramUserId;
    const now = deps.now();
    const offsetMinutes = data.offsetMinutes ?? 0;
    const isReminder = job.name === JOB_NAMES.reminders.reminder;
    if (
      isReminder &&
      (booking.status !== 'confirmed' ||
        !reminderStillUseful(booking.startsAt, settings.reminderOffsetsMinutes, offsetMinutes, now))
    ) {
      return;
    }
    const [telegram, speaker] = await Promise.all([
      deps.telegrams.get(slug),
      deps.texts.speaker(slug, db, storedLocale(notice.clientLocale, settings.defaultLocale)),
    ]);
    const codec = callbackCodecFor(deps.encryptionKey, slug);
    if (isReminder) {
      if (chatId === null) {
        return;
      }
      const message = reminderMessage(speaker, codec, booking, settings.timeZone, now);
      const key = deliveryKey('reminder', bookingId, offsetMinutes, startsAt);
      await deliver(db, key, telegram, chatId, message);
      return;
    }
    // The feedback request: a visit nobody marked by now took place.
    let visited = booking;
    if (booking.status === 'confirmed' && booking.endsAt <= now) {
      visited = await completeBooking(db, {
        bookingId,
        actor: { kind: 'system', name: 'feedback' },
        now,
      });
    }
    if (chatId === null || visited.status !== 'completed' || (await findFeedback(db, bookingId))) {
      return;
    }
    const message = feedbackMessage(speaker, codec, visited);
    await deliver(db, deliveryKey('feedback', bookingId), telegram, chatId, message);
  };

  const notification = async (job: Job<AdminEventJob | OfferJob>): Promise<void> => {
    const data =
      job.name === JOB_NAMES.notifications.offer
        ? payloadOf(OfferJobSchema, job)
        : payloadOf(AdminEventJobSchema, job);
    const slug = data.tenant;
    const db = await tenantOf(slug);
    if (!db) {
      return;
    }
    if ('entryId' in data) {
      // A waitlist offer.
      const [settings, telegram] = await Promise.all([getSettings(db), deps.telegrams.get(slug)]);
      const now = deps.now();
      const [offer] = await findOffers(db, [data.entryId]);
      if (!offer || offer.expiresAt <= now || offer.clientTelegramUserId === null) {
        return;
      }
      const schedule = await getServiceSchedule(db, offer.serviceId);
      const terms = schedule.specialists.find(({ specialist }) => specialist.id === offer.staffId);
      const speaker = await deps.texts.speaker(
        slug,
        db,
        storedLocale(offer.clientLocale, settings.defaultLocale),
      );
      const message = offerMessage(
        speaker,
        callbackCodecFor(deps.encryptionKey, slug),
        offer,
        {
          serviceName: schedule.service.name,
          staffName: terms?.specialist.name ?? '',
          priceMinor: terms?.terms.priceMinor ?? schedule.service.priceMinor,
          currency: schedule.service.currency,
        },
        settings.timeZone,
        now,
      );
      await send(telegram, offer.clientTelegramUserId, message.text, message.markup);
      // When the hold ends, the slot moves on to the next client in line.
      await deps.jobs.expireOffersAt(slug, offer.expiresAt, now);
      return;
    }
    // One delivery per admin, with an id of its own: a retried job notifies nobody twice,
    // and a notice the Bot API refuses now goes out when it is back.
    const event = data;
    const notice = await getBookingNotice(db, event.bookingId);
    await deps.jobs.deliveries.add(
      notice.staffTelegramUserIds.map((chatId) => ({
        kind: JOB_NAMES.deliveries.adminNotice,
        tenant: slug,
        eventId: String(job.id),
        chatId,
        event: {
          kind: event.kind,
          bookingId: event.bookingId,
          by: event.by,
          previousStartsAt: event.previousStartsAt,
        },
      })),
    );
  };

  const waitlist = async (job: Job<WaitlistPassJob>): Promise<void> => {
    const slug = payloadOf(WaitlistPassJobSchema, job).tenant;
    const db = await tenantOf(slug);
    if (!db) {
      return;
    }
    const now = deps.now();
    const offers =
      job.name === JOB_NAMES.waitlist.expire
        ? (await expireOffers(db, { now })).offers
        : await processSlotReleases(db, { now });
    for (const offer of offers) {
      await deps.jobs.deliverOffer(slug, offer.entryId, offer.expiresAt);
    }
  };

  /**
   * A job whose tenant was deleted while the cached row still said active fails on the
   * dropped schema; it ends quietly instead, as nothing is left to do for it.
   */
  const unlessTenantGone =
    <T extends { tenant: string }>(handler: (job: Job<T>) => Promise<void>) =>
    async (job: Job<T>): Promise<void> => {
      try {
        await handler(job);
      } catch (error) {
        const gone = await getTenant(deps.db, job.data.tenant).then(
          (tenant) => tenant.status === 'deleted',
          (lookup: unknown) => isAppError(lookup, 'NOT_FOUND'),
        );
        if (!gone) {
          throw error;
        }
        deps.logger.debug({ tenant: job.data.tenant, job: job.id }, 'tenant deleted; job skipped');
      }
    };

  const workers = [
    new Worker<VisitJob>(QUEUE_NAMES.reminders, unlessTenantGone(visit), options),
    new Worker<AdminEventJob | OfferJob>(
      QUEUE_NAMES.notifications,
      unlessTenantGone(notification),
      options,
    ),
    new Worker<WaitlistPassJob>(QUEUE_NAMES.waitlist, unlessTenantGone(waitlist), {
      ...options,
      concurrency: 2,
    }),
  ];
  for (const worker of workers) {
    worker.on('failed', (job, error) => {
      deps.logger.warn(
        { err: error, queue: worker.name, job: job?.id, tenant: job?.data.tenant },
        'job failed',
      );
    });
    worker.on('error', (error) =>
      deps.logger.error({ err: error, queue: worker.name }, 'worker error'),
    );
  }
  return {
    close: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
