import {
  type AlertThresholds,
  type Database,
  type Incident,
  type Logger,
  type OperatorDeps,
  readIncidents,
} from '@booking/core';
import type { Telegram } from 'telegraf';
import { i18n } from '../texts/index.js';

/** Told of an incident once when it opens, and once when it clears. */
export type AlertNotifier = (incident: Incident, cleared: boolean) => Promise<void>;

/**
 * Tells every operator, through the master bot, in `locale`. An operator the bot cannot
 * reach is logged and skipped: the others still hear of it.
 */
export function alertOperators(options: {
  telegram: Telegram;
  operatorIds: readonly number[];
  locale: 'ru' | 'en';
  logger: Logger;
}): AlertNotifier {
  const speak = i18n.translator(options.locale);
  return async (incident, cleared) => {
    const key = `alert.${incident.kind}${cleared ? '.cleared' : ''}` as const;
    const text = speak(key, { subject: incident.subject, ...incident.figures });
    for (const operator of options.operatorIds) {
      await options.telegram
        .sendMessage(operator, text, { parse_mode: 'HTML' })
        .catch((error: unknown) =>
          options.logger.warn({ err: error, operator }, 'alert not delivered'),
        );
    }
  };
}

/** Options of {@link AlertWatcher}. */
export interface AlertWatcherOptions {
  db: Database;
  redis: OperatorDeps['redis'];
  logger: Logger;
  thresholds: AlertThresholds;
  /** Redis prefix of the incident state (`p:{master}:`). */
  keyPrefix: string;
  notify: AlertNotifier;
}

/**
 * Watches for incidents and tells the operators once per incident and once when it
 * clears. The open incidents live in Redis (a hash keyed by incident id), and opening
 * or closing one is a single HSETNX or HDEL, so a restart or a second replica never
 * repeats an alert.
 */
export class AlertWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: AlertWatcherOptions) {}

  private get openKey(): string {
    return `${this.options.keyPrefix}alerts:open`;
  }

  /** One pass: opens new incidents, clears those gone. */
  async check(now: Date = new Date()): Promise<void> {
    const { redis, notify } = this.options;
    const current = await readIncidents(this.options, this.options.thresholds, now);
    const currentIds = new Set(current.map((incident) => incident.id));
    for (const incident of current) {
      if ((await redis.hsetnx(this.openKey, incident.id, JSON.stringify(incident))) === 1) {
        await notify(incident, false);
      }
    }
    for (const [id, stored] of Object.entries<string>(await redis.hgetall(this.openKey))) {
      if (!currentIds.has(id) && (await redis.hdel(this.openKey, id)) === 1) {
        await notify(JSON.parse(stored) as Incident, true);
      }
    }
  }

  /** Checks every `intervalMs` until {@link stop}; a failed pass is logged and retried. */
  start(intervalMs: number): void {
    const tick = () => {
      this.running = this.check()
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'alert check failed'))
        .finally(() => {
          if (this.timer !== undefined) {
            this.timer = setTimeout(tick, intervalMs);
          }
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops the checks and waits for a pass under way. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
