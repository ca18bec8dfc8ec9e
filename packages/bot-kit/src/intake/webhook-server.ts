import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@booking/core';
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

/** A bot the webhook server routes to. */
export interface WebhookRoute {
  secrets: WebhookSecrets;
  runner: UpdateRunner;
}

/** Options of {@link startWebhookServer}. */
export interface WebhookServerOptions {
  port: number;
  host?: string;
  logger: Logger;
  /** The route of a tenant slug, or `undefined` when this process does not serve it. */
  route: (slug: string) => WebhookRoute | undefined;
  /** Largest accepted body. Default 1 MiB. */
  maxBodyBytes?: number;
}

/** A running webhook server. */
export interface WebhookServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Receives Telegram's webhook calls at `POST /tg/<slug>/<secret path>`. A call without
 * the matching `X-Telegram-Bot-Api-Secret-Token` header gets 401 and is ignored; a known
 * call is answered 200 only after its update ran (or overran its time limit), so that
 * Telegram redelivers it when a replica dies mid-update (the runner skips an id it
 * already handled); an update that could not be claimed or handled is answered 503, so
 * Telegram redelivers it too. Any number of replicas may sit behind a load balancer.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const maxBody = options.maxBodyBytes ?? 1 << 20;
  const server: Server = createServer((request, response) => {
    const reply = (status: number): void => {
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status === 200 ? 'ok' : String(status));
    };
    const match = /^\/tg\/([a-z][a-z0-9_]{2,40})\/([A-Za-z0-9_-]+)$/.exec(request.url ?? '');
    const route = match ? options.route(match[1] as string) : undefined;
    if (
      request.method !== 'POST' ||
      !match ||
      !route ||
      !safeEqual(match[2] as string, route.secrets.path)
    ) {
      reply(404);
      request.resume();
      return;
    }
    const header = request.headers['x-telegram-bot-api-secret-token'];
    if (typeof header !== 'string' || !safeEqual(header, route.secrets.token)) {
      options.logger.warn({ tenant: match[1] }, 'webhook call without the right secret token');
      reply(401);
      request.resume();
      return;
    }
    readJson(request, maxBody).then(
      (update) =>
        route.runner.run(update as Update, { requireClaim: true }).then(
          () => reply(200),
          (error: unknown) => {
            // Not handled (Redis or the bot could not take it): Telegram keeps the
            // update and delivers it again, with backoff, until it is.
            options.logger.warn(
              { err: error, tenant: match[1], update_id: (update as Update).update_id },
              'webhook update not handled: asking for redelivery',
            );
            reply(503);
          },
        ),
      (error: unknown) => {
        options.logger.warn({ err: error, tenant: match[1] }, 'webhook update rejected');
        reply(400);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function readJson(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error('webhook body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { update_id?: unknown };
        if (typeof body.update_id !== 'number') {
          reject(new Error('webhook body is not an update'));
          return;
        }
        resolve(body);
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}
