import { storedLocale, type TelegramPool, telegramSendFailure } from '@booking/bot-kit';
import {
  type Database,
  findUnfinishedOwnerBroadcasts,
  type Logger,
  type OwnerBroadcast,
  type OwnerBroadcastReport,
  sendOwnerBroadcast,
} from '@booking/core';
import type { Telegram } from 'telegraf';
import { i18n } from '../texts/index.js';

/** What {@link OwnerBroadcaster} needs. */
export interface OwnerBroadcasterOptions {
  db: Database;
  /** Rate-limited clients of the tenants' own bots: an owner hears from their bot. */
  telegrams: TelegramPool;
  logger: Logger;
  /** How often the progress message is edited. Default 1 s. */
  progressEveryMs?: number;
  now?: () => Date;
}

/**
 * Sends the operators' messages to tenant owners in the background (hundreds of owners
 * take longer than an update may), each owner at most once (see core's
 * `sendOwnerBroadcast`), with a progress message and a report in the operator's chat.
 * A process that stops or dies mid-way leaves its broadcast unfinished; the next start
 * resumes it with {@link resumeUnfinished}.
 */
export class OwnerBroadcaster {
  private readonly running = new Map<number, Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(private readonly options: OwnerBroadcasterOptions) {}

  /** Starts sending `broadcast`; `telegram` is the master bot's, for progress and report. */
  start(broadcast: OwnerBroadcast, telegram: Telegram): void {
    if (this.running.has(broadcast.id) || this.stopping.signal.aborted) {
      return;
    }
    const run = this.run(broadcast, telegram)
      .catch((error: unknown) => {
        this.options.logger.error(
          { err: error, broadcast: broadcast.id },
          'broadcast to owners stopped; it resumes at the next start',
        );
      })
      .finally(() => this.running.delete(broadcast.id));
    this.running.set(broadcast.id, run);
  }

  /** Starts every broadcast a stopped or killed process left unfinished; returns how many. */
  async resumeUnfinished(telegram: Telegram): Promise<number> {
    const unfinished = await findUnfinishedOwnerBroadcasts(this.options.db, this.now());
    for (const broadcast of unfinished) {
      this.options.logger.info({ broadcast: broadcast.id }, 'resuming a broadcast to owners');
      this.start(broadcast, telegram);
    }
    return unfinished.length;
  }

  /** Stops between two owners and waits for the sends under way. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.running.values());
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async run(broadcast: OwnerBroadcast, telegram: Telegram): Promise<void> {
    const speak = i18n.translator(storedLocale(broadcast.locale, 'en'));
    const count = broadcast.recipients.length;
    const progressText = (done: number) => speak('broadcast.progress', { done, count });
    // The progress and the report are best effort: an operator's chat that cannot be
    // written to must not hold the owners' messages up (a lost edit is made good by the
    // next one and by the report).
    const progress = await telegram
      .sendMessage(broadcast.chatId, progressText(0))
      .catch(() => undefined);
    const showProgress = async (done: number) => {
      if (progress !== undefined) {
        await telegram
          .editMessageText(broadcast.chatId, progress.message_id, undefined, progressText(done))
          .catch(() => undefined);
      }
    };
    const progressEveryMs = this.options.progressEveryMs ?? 1_000;
    let shownAt = Date.now();
    const report = await sendOwnerBroadcast(this.options.db, broadcast, {
      now: () => this.now(),
      classify: telegramSendFailure,
      signal: this.stopping.signal,
      send: async (tenant, recipient) =>
        (await this.options.telegrams.get(tenant.slug)).sendMessage(
          recipient.ownerTelegramId,
          broadcast.text,
        ),
      onProgress: async (done) => {
        if (Date.now() - shownAt >= progressEveryMs && done < count) {
          shownAt = Date.now();
          await showProgress(done);
        }
      },
    });
    if (report === undefined) {
      return;
    }
    await showProgress(count);
    await telegram
      .sendMessage(broadcast.chatId, reportText(speak, report))
      .catch((error: unknown) =>
        this.options.logger.warn({ err: error, broadcast: broadcast.id }, 'report not delivered'),
      );
    this.options.logger.info({ broadcast: broadcast.id, ...report }, 'broadcast to owners sent');
  }
}

function reportText(
  speak: ReturnType<typeof i18n.translator>,
  report: OwnerBroadcastReport,
): string {
  return [
    speak('broadcast.report', {
      sent: report.sent,
      failed: report.failed + report.blocked + report.gone,
      skipped: report.withoutOwner,
    }),
    ...(report.unknown > 0 ? [speak('broadcast.report_unknown', { unknown: report.unknown })] : []),
  ].join('\n');
}
