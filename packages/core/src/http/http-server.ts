import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { HttpError } from './http-error.js';
import type { HttpRequest, HttpResponse, HttpRouter } from './http-router.js';

/** Default largest request body: 1 MiB, far above a Telegram update or a payment notice. */
export const DEFAULT_HTTP_MAX_BODY_BYTES = 1 << 20;
/**
 * Default longest a handler may take: above an update's time limit (60 s by default), so
 * a webhook call is answered by its update, not cut off before it.
 */
export const DEFAULT_HTTP_TIMEOUT_MS = 90_000;

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Address to listen on. */
  host: string;
  router: HttpRouter;
  logger: Logger;
  /** Largest request body, in bytes. Default {@link DEFAULT_HTTP_MAX_BODY_BYTES}. */
  maxBodyBytes?: number | undefined;
  /** Longest a request may take, in milliseconds. Default {@link DEFAULT_HTTP_TIMEOUT_MS}. */
  timeoutMs?: number | undefined;
}

/** A running HTTP server. */
export interface HttpServer {
  port: number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/**
 * Starts a process's one HTTP server on `router`. Every answer that is not a handler's
 * own is the one error shape, `{ "error": { "code", "message" } }`: 404 for no route,
 * 413 for a body past the limit, 503 `TIMEOUT` for a handler past the time limit, and
 * 500 `INTERNAL` for a handler that threw something other than an `HttpError`, logged
 * with the route's pattern (never the path, which may hold a secret) and answered
 * without its message or stack.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_HTTP_MAX_BODY_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  // Node's own limits on receiving a request: a client that trickles its headers or body
  // does not hold a connection longer than a handler may run.
  const limits = { requestTimeout: timeoutMs, headersTimeout: Math.min(60_000, timeoutMs) };
  const server: Server = createServer(limits, (request, response) => {
    handle(request, maxBodyBytes, timeoutMs, options).then(
      (answer) => send(request, response, answer),
      // handle() catches everything; this is a last guard against a bug there.
      () => send(request, response, errorResponse(new HttpError('INTERNAL'))),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  incoming: IncomingMessage,
  maxBodyBytes: number,
  timeoutMs: number,
  options: HttpServerOptions,
): Promise<HttpResponse> {
  const url = new URL(incoming.url ?? '/', 'http://localhost');
  const match = options.router.match(incoming.method ?? 'GET', url.pathname);
  if (!match) {
    return errorResponse(new HttpError('NOT_FOUND'));
  }
  const body = bodyReader(incoming, maxBodyBytes);
  const request: HttpRequest = {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    params: match.params,
    query: url.searchParams,
    headers: incoming.headers,
    remoteAddress: unmapped(incoming.socket.remoteAddress ?? ''),
    body,
    json: async () => {
      const text = (await body()).toString('utf8');
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new HttpError('BAD_REQUEST', 'the body is not JSON');
      }
    },
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpError('TIMEOUT')), timeoutMs);
  });
  try {
    return await Promise.race([match.handler(request), timeout]);
  } catch (error) {
    if (error instanceof HttpError) {
      if (error.code === 'TIMEOUT') {
        options.logger.warn({ route: match.pattern, timeoutMs }, 'http request timed out');
      }
      return errorResponse(error);
    }
    options.logger.error(
      { err: error, method: request.method, route: match.pattern },
      'http handler failed',
    );
    return errorResponse(new HttpError('INTERNAL'));
  } finally {
    clearTimeout(timer);
  }
}

function errorResponse(error: HttpError): HttpResponse {
  return {
    status: error.status,
    body: JSON.stringify({ error: { code: error.code, message: error.message } }),
  };
}

function send(incoming: IncomingMessage, response: ServerResponse, answer: HttpResponse): void {
  if (response.headersSent) {
    return;
  }
  const unread = !incoming.complete;
  response.writeHead(answer.status, {
    ...answer.headers,
    'content-type': answer.contentType ?? 'application/json',
    // A body left unread (refused before or past the limit) is not worth draining for
    // the next request on this connection.
    ...(unread ? { connection: 'close' } : {}),
  });
  response.end(answer.body);
  if (unread) {
    incoming.resume();
  }
}

/** Reads the body once, on first call, refusing it past `maxBytes`. */
function bodyReader(incoming: IncomingMessage, maxBytes: number): () => Promise<Buffer> {
  let reading: Promise<Buffer> | undefined;
  const read = () =>
    new Promise<Buffer>((resolve, reject) => {
      const declared = Number(incoming.headers['content-length'] ?? 0);
      if (declared > maxBytes) {
        reject(new HttpError('PAYLOAD_TOO_LARGE'));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let refused = false;
      incoming.on('data', (chunk: Buffer) => {
        if (refused) {
          return;
        }
        size += chunk.length;
        if (size > maxBytes) {
          refused = true;
          chunks.length = 0;
          reject(new HttpError('PAYLOAD_TOO_LARGE'));
          return;
        }
        chunks.push(chunk);
      });
      incoming.on('end', () => {
        if (!refused) {
          resolve(Buffer.concat(chunks));
        }
      });
      incoming.on('error', reject);
    });
  return () => {
    reading ??= read();
    return reading;
  };
}

function unmapped(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
