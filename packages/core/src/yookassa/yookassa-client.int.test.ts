import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Sandbox, startSandbox, type YookassaShop } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { buildServiceReceipt } from './receipt.js';
import { createYookassaClient, YookassaRequestError } from './yookassa-client.js';

let sandbox: Sandbox;
let shop: YookassaShop;

/**
 * A proxy in front of the emulator that lets it handle each request, then loses the
 * answer of the first `failures` POSTs: a 503 in its place, or a connection cut.
 */
interface FlakyProxy {
  url: string;
  keys: string[];
  fail(times: number, how: '503' | 'cut'): void;
  close(): Promise<void>;
}

async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const keys: string[] = [];
  let failures = 0;
  let how: '503' | 'cut' = '503';
  const upstream = new URL(target);
  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const key = incoming.headers['idempotence-key'];
      if (typeof key === 'string') {
        keys.push(key);
      }
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            if (incoming.method === 'POST' && failures > 0) {
              failures -= 1;
              if (how === 'cut') {
                outgoing.socket?.destroy();
              } else {
                outgoing.writeHead(503).end();
              }
              return;
            }
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(body));
          });
        },
      );
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v3`,
    keys,
    fail(times, kind) {
      failures = times;
      how = kind;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let proxy: FlakyProxy;

beforeAll(async () => {
  sandbox = await startSandbox();
  shop = sandbox.yookassa.createShop({ receiptRequired: true });
  proxy = await startFlakyProxy(sandbox.yookassa.apiUrl.replace(/\/v3$/, ''));
});
afterAll(async () => {
  await proxy.close();
  await sandbox.stop();
});

const amount = { value: '299.00', currency: 'RUB' };
const request = {
  amount,
  description: 'Starter',
  receipt: buildServiceReceipt('Starter', amount, 'a@example.com', { vatCode: 11 }),
  capture: true,
  confirmation: { type: 'redirect' as const, return_url: 'https://t.me/x' },
  metadata: { order_id: '1' },
};

function client(attempts = 3) {
  return createYookassaClient({
    shopId: shop.shopId,
    secretKey: shop.secretKey,
    apiUrl: proxy.url,
    retryDelayMs: 5,
    timeoutMs: 2_000,
    attempts,
  });
}

describe('YooKassa client', () => {
  it.each(['503', 'cut'] as const)(
    'repeats a create whose answer was lost (%s) with the same key: one payment',
    async (how) => {
      const key = `order-${randomUUID()}`;
      const before = sandbox.yookassa.listPayments(shop.shopId).length;
      proxy.fail(1, how);
      const payment = await client().createPayment(request, key);
      expect(payment.status).toBe('pending');
      expect(proxy.keys.filter((seen) => seen === key)).toHaveLength(2);
      expect(sandbox.yookassa.listPayments(shop.shopId)).toHaveLength(before + 1);
      expect((await client().getPayment(payment.id)).id).toBe(payment.id);
    },
  );

  it('gives up with UNAVAILABLE after its attempts, never naming the secret', async () => {
    proxy.fail(2, '503');
    const error = await client(2)
      .createPayment(request, `order-${randomUUID()}`)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect(String((error as Error).message)).not.toContain(shop.secretKey);
    expect(JSON.stringify(error)).not.toContain(shop.secretKey);
  });

  it('answers NOT_FOUND for an unknown payment and names a refused parameter', async () => {
    await expect(client().getPayment(randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const refused = await client()
      .createPayment({ ...request, receipt: { ...request.receipt, items: [] } }, randomUUID())
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(YookassaRequestError);
    expect(refused).toMatchObject({ status: 400, parameter: expect.stringContaining('receipt') });
    expect(String((refused as Error).message)).not.toContain(shop.secretKey);
  });
});
