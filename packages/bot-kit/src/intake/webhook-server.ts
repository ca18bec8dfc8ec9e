import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError, type HttpHandler, type HttpRoutes, type Logger } from '@booking/core';
import type { Update } from 'telegraf/types';
import type { UpdateRunner } from './update-runner.js';

/** The secrets of one bot's webhook: the path segment and the header value. */
export interface WebhookSecrets {
  path: string;
  token: string;
}

/**
 * Derives a bot's webhook secrets from the platform key, the tenant slug and the bot's
 * token, so that every replica computes the same ones without sharing state, a leaked
 * path says nothing about the token, and a new token (the owner revoked a leaked one)
 * brings new secrets: forged updates made with the old ones are refused.
 */
export function webhookSecrets(key: Buffer, slug: string, botToken: string): WebhookSecrets {
  // Neither the purpose nor the slug contains a colon, so the three parts cannot blur.
  const digest = (purpose: string) =>
    createHmac('sha256', key)
      .update(`${purpose}:${slug}:${botToken}`)
      .digest('base64url')
      .slice(0, 32);
  return { path: digest('webhook-path'), token: digest('webhook-token') };
}

/** A bot the webhook route serves. */
export interface WebhookRoute {
  secrets: WebhookSecrets;
  runner: UpdateRunner;
}

/** The path Telegram calls: `setWebhook` gets `<public URL>/tg/<slug>/<secret path>`. */
export const TELEGRAM_WEBHOOK_PATH = '/tg/:tenant/:secretPath';

/** Options of {@link telegramWebhookHandler}. */
export interface TelegramWebhookOptions {
  logger: Logger;
  /** The route of a tenant slug, or `undefined` when this process does not serve it. */
  route: (slug: string) => WebhookRoute | undefined;
}

const SLUG = /^[a-z][a-z0-9_]{2,40}$/;

/**
 * Answers Telegram's webhook calls at `POST /tg/<slug>/<secret path>` (404 when the
 * slug is not served here or the path is wrong). A call without the matching
 * `X-Telegram-Bot-Api-Secret-Token` header gets 401 and is ignored; a known call is
 * answered 200 only after its update ran (or overran its time limit), so that Telegram
 * redelivers it when a replica dies mid-update (the runner skips an id it already
 * handled); an update that could not be claimed or handled is answered 503, so Telegram
 * redelivers it too. Any number of replicas may sit behind a load balancer. Errors use
 * the HTTP server's one shape; the body limit and timeout are the server's.
 */
export function telegramWebhookHandler(options: TelegramWebhookOptions): HttpHandler {
  return async (request) => {
    const slug = request.params.tenant ?? '';
    const route = SLUG.test(slug) ? options.route(slug) : undefined;
    if (!route || !safeEqual(request.params.secretPath ?? '', route.secrets.path)) {
      throw new HttpError('NOT_FOUND');
    }
    const header = request.headers['x-telegram-bot-api-secret-token'];
    if (typeof header !== 'string' || !safeEqual(header, route.secrets.token)) {
      options.logger.warn({ tenant: slug }, 'webhook call without the right secret token');
      throw new HttpError('UNAUTHORIZED');
    }
    let update: Update;
    try {
      update = asUpdate(await request.json());
    } catch (error) {
      options.logger.warn({ err: error, tenant: slug }, 'webhook update rejected');
      throw error;
    }
    try {
      await route.runner.run(update, { requireClaim: true });
    } catch (error) {
      // Not handled (Redis or the bot could not take it): Telegram keeps the update and
      // delivers it again, with backoff, until it is.
      options.logger.warn(
        { err: error, tenant: slug, update_id: update.update_id },
        'webhook update not handled: asking for redelivery',
      );
      throw new HttpError('UNAVAILABLE');
    }
    return { status: 200, body: 'ok', contentType: 'text/plain' };
  };
}

/**
 * Routes {@link TELEGRAM_WEBHOOK_PATH} on the process's HTTP server to
 * {@link telegramWebhookHandler}.
 *
 * @returns a function that removes the route (calls are answered 404 from then on).
 */
export function registerTelegramWebhooks(
  routes: HttpRoutes,
  options: TelegramWebhookOptions,
): () => void {
  return routes.route('POST', TELEGRAM_WEBHOOK_PATH, telegramWebhookHandler(options));
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function asUpdate(body: unknown): Update {
  if (typeof (body as { update_id?: unknown } | null)?.update_id !== 'number') {
    throw new HttpError('BAD_REQUEST', 'the body is not a Telegram update');
  }
  return body as Update;
}
