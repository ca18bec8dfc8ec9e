import { storedLocale, telegramSendFailure } from '@booking/bot-kit';
import {
  BILLING_JOB_NAMES,
  type BillingDeps,
  type BillingNoticeJob,
  BillingNoticeJobSchema,
  BillingSweepJobSchema,
  chargeRenewal,
  deliverOnce,
  deliveryKey,
  getOwnerBot,
  getPlan,
  getTenant,
  isAppError,
  type Logger,
  listBillingNoticesDue,
  listRenewalsDue,
  processYookassaNotification,
  QUEUE_NAMES,
  queuePrefix,
  RenewalChargeJobSchema,
  suspendExpiredSubscriptions,
  type Tenant,
  tenantDb,
  YookassaNotificationJobSchema,
} from '@booking/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Telegram } from 'telegraf';
import type { z } from 'zod';
import { formatDay } from '../format.js';
import { chargeFailureKey, type OutgoingMessage, paymentOutcomeMessages } from '../messages.js';
import { i18n, type TextKey } from '../texts/index.js';
import type { BillingJobs } from './queues.js';

/** What the sales bot's billing workers need. */
export interface BillingWorkerDeps {
  billing: BillingDeps;
  /** A connection made with `forBullmq`. */
  connection: Redis;
  namespace: string;
  logger: Logger;
  jobs: BillingJobs;
  /** The sales bot's Bot API client: owners hear from the storefront. */
  telegram: Telegram;
  /** The link that opens the sales bot on the renewal of a subscription. */
  renewLink: (subscriptionId: number) => string;
  now: () => Date;
  concurrency?: number;
}

/** Running workers. */
export interface BillingWorkers {
  close(): Promise<void>;
}

const SWEEP_PAGE = 100;

/** The payload as core's contract reads it; a malformed one fails for good at once. */
function payloadOf<T>(schema: z.ZodType<T>, job: Job): T {
  const parsed = schema.safeParse(job.data);
  if (!parsed.success) {
    throw new UnrecoverableError(`invalid ${job.name} job`);
  }
  return parsed.data;
}

const NOTICE_TEXT: Record<BillingNoticeJob['kind'], TextKey> = {
  'expiry-7': 'notice.expiry',
  'expiry-3': 'notice.expiry',
  'expiry-1': 'notice.expiry',
  'renewal-warning': 'notice.renewal_warning',
  'renewal-failed': 'notice.renewal_failed',
  suspended: 'notice.suspended',
};

/**
 * Starts the worker of the shared billing queue: YooKassa notifications (core's
 * processing: fetch the payment, apply that state), the periodic sweep (charges and
 * notices due, expired periods suspended), the charges of saved methods, and the
 * owners' notices (each claimed in the tenant's deliveries, so sent once).
 */
export function startBillingWorkers(deps: BillingWorkerDeps): BillingWorkers {
  const { billing } = deps;
  const log = deps.logger.child({ queue: 'billing' });

  /** Sends to an owner; a definite refusal (blocked the bot) is not worth retrying. */
  const tell = async (chatId: number, message: OutgoingMessage): Promise<void> => {
    await deps.telegram.sendMessage(chatId, message.text, {
      parse_mode: 'HTML',
      ...(message.markup ? { reply_markup: message.markup } : {}),
    });
  };

  /** Sends a message about a tenant's subscription once (claimed in its deliveries). */
  const tellOwnerOnce = async (
    tenant: Tenant,
    key: string,
    message: OutgoingMessage,
  ): Promise<void> => {
    const owner = tenant.ownerTelegramId;
    if (owner === null) {
      log.warn({ tenant: tenant.slug }, 'tenant has no owner to tell about billing');
      return;
    }
    const outcome = await deliverOnce(
      tenantDb(billing.db, tenant.schema),
      key,
      () => tell(owner, message),
      { now: deps.now, classify: telegramSendFailure },
    );
    if (outcome === 'refused' || outcome === 'unknown') {
      log.info({ tenant: tenant.slug, key, outcome }, 'billing notice not delivered');
    }
  };

  const notification = async (job: Job): Promise<void> => {
    const data = payloadOf(YookassaNotificationJobSchema, job);
    const processed = await processYookassaNotification(billing, data, deps.now()).catch(
      (error: unknown) => {
        // A payment YooKassa does not know, or not this platform's: nothing to retry.
        if (isAppError(error, 'NOT_FOUND')) {
          throw new UnrecoverableError(`${data.event} of an unknown object`);
        }
        throw error;
      },
    );
    if (processed.kind !== 'payment' || processed.applied.reached === undefined) {
      return;
    }
    const { order, payment } = processed.applied;
    if (payment.status !== 'succeeded' && payment.status !== 'canceled') {
      return;
    }
    // Only the call that moved the payment tells the owner, so five identical
    // notifications make one message.
    const locale = storedLocale(order.locale, 'ru');
    const speak = i18n.translator(locale);
    const plan = await getPlan(billing.db, order.planCode);
    if (order.kind === 'auto_renewal' && order.subscriptionId !== null) {
      await afterCharge(order.subscriptionId, payment.status === 'succeeded');
      return;
    }
    for (const message of paymentOutcomeMessages(speak, locale, processed.applied, plan.name)) {
      await tell(order.ownerTelegramId, message).catch((error: unknown) => {
        // The payment is applied; the owner sees the outcome with "I have paid" or /start.
        log.warn({ err: error, order: order.id }, 'could not tell the owner about a payment');
      });
    }
  };

  /** Re-runs the charge of a renewal to learn its outcome and tell the owner. */
  const afterCharge = async (subscriptionId: number, succeeded: boolean): Promise<void> => {
    if (succeeded) {
      await renewalCharged(subscriptionId);
      return;
    }
    const outcome = await chargeRenewal(billing, subscriptionId, { now: deps.now() });
    if (outcome.outcome === 'failed') {
      await queueFailureNotice(subscriptionId, outcome.failure, outcome.deliveryKey);
    }
  };

  const renewalCharged = async (subscriptionId: number): Promise<void> => {
    const { subscription, tenant } = await getOwnerBot(billing.db, subscriptionId);
    if (!tenant) {
      return;
    }
    const locale = storedLocale(tenant.locale, 'ru');
    const speak = i18n.translator(locale);
    await tellOwnerOnce(
      tenant,
      deliveryKey('billing-renewed', subscriptionId, subscription.paidUntil.toISOString()),
      {
        text: speak('notice.renewed', {
          bot: tenant.botUsername ?? tenant.slug,
          until: formatDay(subscription.paidUntil, locale),
        }),
      },
    );
  };

  const queueFailureNotice = async (
    subscriptionId: number,
    failure: BillingNoticeJob['failure'],
    key: string,
  ): Promise<void> => {
    const { subscription, tenant } = await getOwnerBot(billing.db, subscriptionId);
    if (!tenant) {
      return;
    }
    await deps.jobs.sendNotice({
      tenant: tenant.slug,
      subscriptionId,
      kind: 'renewal-failed',
      paidUntil: subscription.paidUntil.toISOString(),
      failure,
      deliveryKey: key,
    });
  };

  const renewalCharge = async (job: Job): Promise<void> => {
    const data = payloadOf(RenewalChargeJobSchema, job);
    const outcome = await chargeRenewal(billing, data.subscriptionId, {
      periodEnd: new Date(data.periodEnd),
      now: deps.now(),
    });
    switch (outcome.outcome) {
      case 'charged':
        await renewalCharged(data.subscriptionId);
        return;
      case 'failed':
        await queueFailureNotice(data.subscriptionId, outcome.failure, outcome.deliveryKey);
        return;
      case 'pending':
      case 'skipped':
        return;
    }
  };

  const sweep = async (job: Job): Promise<void> => {
    const data = payloadOf(BillingSweepJobSchema, job);
    const now = data.now ? new Date(data.now) : deps.now();
    for (const due of await listRenewalsDue(billing.db, now)) {
      await deps.jobs.chargeRenewal({
        subscriptionId: due.id,
        periodEnd: due.paidUntil.toISOString(),
      });
    }
    for (let afterId = 0; ; ) {
      const page = await listBillingNoticesDue(billing.db, now, { afterId, limit: SWEEP_PAGE });
      for (const due of page) {
        await deps.jobs.sendNotice({
          tenant: due.subscription.tenantSlug,
          subscriptionId: due.subscription.id,
          kind:
            due.notice.kind === 'expiry' ? `expiry-${due.notice.daysBefore}` : 'renewal-warning',
          paidUntil: due.subscription.paidUntil.toISOString(),
          deliveryKey: due.deliveryKey,
        });
      }
      const last = page.at(-1);
      if (!last || page.length < SWEEP_PAGE) {
        break;
      }
      afterId = last.subscription.id;
    }
    for (;;) {
      const suspended = await suspendExpiredSubscriptions(billing.db, now, SWEEP_PAGE);
      for (const { subscription, tenant, deliveryKey: key } of suspended) {
        log.info({ tenant: tenant.slug }, 'tenant suspended: paid period ended');
        await deps.jobs.sendNotice({
          tenant: tenant.slug,
          subscriptionId: subscription.id,
          kind: 'suspended',
          paidUntil: subscription.paidUntil.toISOString(),
          deliveryKey: key,
        });
      }
      if (suspended.length < SWEEP_PAGE) {
        break;
      }
    }
  };

  const notice = async (job: Job): Promise<void> => {
    const data = payloadOf(BillingNoticeJobSchema, job);
    const tenant = await getTenant(billing.db, data.tenant).catch((error: unknown) => {
      if (isAppError(error, 'NOT_FOUND') || isAppError(error, 'INVALID_SLUG')) {
        return undefined;
      }
      throw error;
    });
    if (!tenant || tenant.status === 'deleted') {
      return;
    }
    const locale = storedLocale(tenant.locale, 'ru');
    const speak = i18n.translator(locale);
    const paidUntil = new Date(data.paidUntil);
    const days = Math.max(1, Math.ceil((paidUntil.getTime() - deps.now().getTime()) / 86_400_000));
    await tellOwnerOnce(tenant, data.deliveryKey, {
      text: speak(NOTICE_TEXT[data.kind], {
        bot: tenant.botUsername ?? tenant.slug,
        until: formatDay(paidUntil, locale),
        days,
        link: deps.renewLink(data.subscriptionId),
        reason: speak(chargeFailureKey(data.failure ?? 'declined')),
      }),
    });
  };

  const worker = new Worker(
    QUEUE_NAMES.billing,
    async (job) => {
      switch (job.name) {
        case BILLING_JOB_NAMES.notification:
          return notification(job);
        case BILLING_JOB_NAMES.renewalCharge:
          return renewalCharge(job);
        case BILLING_JOB_NAMES.sweep:
          return sweep(job);
        case BILLING_JOB_NAMES.notice:
          return notice(job);
        default:
          throw new UnrecoverableError(`unknown billing job ${job.name}`);
      }
    },
    {
      connection: deps.connection,
      prefix: queuePrefix(deps.namespace),
      concurrency: deps.concurrency ?? 10,
    },
  );
  worker.on('failed', (job, error) => {
    log.warn({ err: error, job: job?.id, name: job?.name }, 'billing job failed');
  });
  worker.on('error', (error) => log.error({ err: error }, 'billing worker error'));
  return { close: () => worker.close() };
}
