import {
  type HttpRoutes,
  jsonResponse,
  type Logger,
  parseYookassaNotification,
} from '@booking/core';
import type { BillingJobs } from '../jobs/queues.js';

/** The path YooKassa's notifications are sent to (set it in the shop's dashboard). */
export const YOOKASSA_WEBHOOK_PATH = '/yookassa/webhook';

/** What {@link registerYookassaWebhook} needs. */
export interface YookassaWebhookOptions {
  http: HttpRoutes;
  jobs: BillingJobs;
  logger: Logger;
  /**
   * Core's check of a notification's source: the peer, or what a configured proxy says
   * in `X-Forwarded-For`, must be in YooKassa's published ranges (or the configured ones).
   */
  isAllowedSource: (remoteAddress: string, forwardedFor?: string | string[]) => boolean;
}

/**
 * `POST /yookassa/webhook` on the process's one HTTP server. A request from outside the
 * allowed sources gets 403 and is not read. The body is trusted only for which object
 * to look at: the job fetches it from the API and applies that state. The answer is 200
 * as soon as the job is queued (YooKassa retries anything else for a day, so a body that
 * is no notification we handle is answered 200 too); 503 when the job cannot be queued,
 * so YooKassa sends it again.
 *
 * @returns a function that removes the route.
 */
export function registerYookassaWebhook(options: YookassaWebhookOptions): () => void {
  const log = options.logger.child({ route: 'yookassa-webhook' });
  return options.http.route('POST', YOOKASSA_WEBHOOK_PATH, async (request) => {
    if (!options.isAllowedSource(request.remoteAddress, request.headers['x-forwarded-for'])) {
      log.warn(
        { remoteAddress: request.remoteAddress },
        'notification from an address not allowed',
      );
      return jsonResponse(403, { error: 'forbidden' });
    }
    const notification = parseYookassaNotification(await request.json());
    if (!notification) {
      log.info('notification of an event billing does not handle; ignored');
      return jsonResponse(200, { ok: true });
    }
    try {
      await options.jobs.processNotification(notification);
    } catch (error) {
      log.error({ err: error, event: notification.event }, 'could not queue a notification');
      return jsonResponse(503, { error: 'unavailable' });
    }
    return jsonResponse(200, { ok: true });
  });
}
