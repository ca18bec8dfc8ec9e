import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/index.js';
import { opsAccess } from '../observability/ops-routes.js';
import { HttpError } from './http-error.js';
import { HttpRouter, jsonResponse } from './http-router.js';
import { type HttpServer, startHttpServer } from './http-server.js';

const MAX_BODY_BYTES = 1_024;
const SECRET = 'PathSecret0123456789';

const logLines: string[] = [];
const logger = createLogger({
  app: 'http-test',
  level: 'info',
  destination: { write: (line: string) => logLines.push(line) },
});

let server: HttpServer;
const router = new HttpRouter();
const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;

beforeAll(async () => {
  router.route('GET', '/items/:id', async (request) =>
    jsonResponse(200, { id: request.params.id, q: request.query.get('q') }),
  );
  router.route('POST', '/echo', async (request) => jsonResponse(200, await request.json()));
  router.route('POST', '/hooks/:secret', async () => {
    const error = new Error('database said no');
    throw Object.assign(error, { payload: { token: SECRET } });
  });
  router.route('GET', '/teapot', async () => {
    throw new HttpError('UNAVAILABLE', 'brewing');
  });
  router.route('GET', '/slow', () => new Promise(() => undefined));
  server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    router,
    logger,
    maxBodyBytes: MAX_BODY_BYTES,
    timeoutMs: 1_000,
  });
});

afterAll(async () => {
  await server.close();
});

describe("a process's one HTTP server", () => {
  it('routes by method and pattern, with decoded parameters and the query', async () => {
    const response = await fetch(url('/items/a%20b?q=1'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ id: 'a b', q: '1' });
    expect(await (await fetch(url('/echo'), { method: 'POST', body: '{"a":1}' })).json()).toEqual({
      a: 1,
    });
  });

  it('answers what no route takes 404 in the one error shape', async () => {
    for (const response of [
      await fetch(url('/items')),
      await fetch(url('/items/1/more')),
      await fetch(url('/items/1'), { method: 'POST', body: '' }),
    ]) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: { code: 'NOT_FOUND', message: 'no such route' },
      });
    }
  });

  it('refuses a body past the limit with 413, whether its length is declared or not', async () => {
    const declared = await fetch(url('/echo'), {
      method: 'POST',
      body: JSON.stringify({ text: 'x'.repeat(MAX_BODY_BYTES) }),
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'the request body is too large' },
    });
    const chunk = new TextEncoder().encode('x'.repeat(MAX_BODY_BYTES / 2 + 1));
    const streamed = await fetch(url('/echo'), {
      method: 'POST',
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(chunk);
          controller.enqueue(chunk);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('answers a body that is no JSON 400', async () => {
    const response = await fetch(url('/echo'), { method: 'POST', body: '{nope' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  });

  it('answers a handler that throws 500 in the one shape, without its message, stack or path', async () => {
    logLines.length = 0;
    const response = await fetch(url(`/hooks/${SECRET}`), { method: 'POST', body: '{}' });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(text).not.toContain('database said no');
    expect(text).not.toContain('at ');
    // Logged for the operator, by route pattern: the path holds a secret.
    const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        route: '/hooks/:secret',
        msg: 'http handler failed',
      }),
    );
    expect(logLines.join('\n')).not.toContain(SECRET);
  });

  it("answers a handler's HttpError with its code's status and its message", async () => {
    const response = await fetch(url('/teapot'));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 'UNAVAILABLE', message: 'brewing' } });
  });

  it('answers a handler past the time limit 503 TIMEOUT', async () => {
    const response = await fetch(url('/slow'));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('TIMEOUT');
  });

  it('adds and removes routes while it runs, and refuses the same route twice', async () => {
    const remove = router.route('GET', '/late', async () => jsonResponse(200, { late: true }));
    expect(() => router.route('GET', '/late', async () => jsonResponse(200, {}))).toThrow(
      /already routed/,
    );
    expect((await fetch(url('/late'))).status).toBe(200);
    remove();
    expect((await fetch(url('/late'))).status).toBe(404);
  });
});

describe('opsAccess', () => {
  it('refuses an allow-list entry that is no address or range, naming it', () => {
    expect(() => opsAccess({ allowFrom: ['10.0.0.0/8', 'prometheus'] })).toThrow(
      'OPS_ALLOW_FROM: "prometheus" is not an IP address or CIDR range',
    );
    expect(() => opsAccess({ allowFrom: ['10.0.0.0/33'] })).toThrow(/10\.0\.0\.0\/33/);
  });
});
