import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the receiver got. */
export interface ReceivedRequest {
  readonly headers: IncomingMessage['headers'];
  readonly remoteAddress: string | undefined;
  readonly body: unknown;
}

/** A local HTTP endpoint that records POSTs and answers with statuses a test chooses. */
export interface Receiver {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Statuses for the next requests, in order; afterwards it answers 200. */
  failNext(...statuses: number[]): void;
  /** Resolves once `count` requests arrived (whatever the answer). */
  waitForCount(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** Starts a receiver on a random port of 127.0.0.1. */
export async function startReceiver(respond?: (body: unknown) => unknown): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const statuses: number[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body: unknown = text ? JSON.parse(text) : undefined;
      received.push({
        headers: request.headers,
        remoteAddress: request.socket.remoteAddress,
        body,
      });
      const status = statuses.shift() ?? 200;
      const reply = status === 200 && respond ? respond(body) : undefined;
      if (reply === undefined) {
        response.writeHead(status).end();
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      }
      for (const waiter of waiters) {
        waiter();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    failNext: (...next) => statuses.push(...next),
    waitForCount: (count, timeoutMs = 3_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(received.slice(0, count));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `Receiver got ${received.length} of ${count} requests within ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
