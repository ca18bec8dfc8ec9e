import { networkInterfaces } from 'node:os';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '@booking/core/testing';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { startRuntime } from './runtime.js';

const base = { LOG_LEVEL: 'silent', OPS_PORT: 0, DB_POOL_SIZE: 2, INSTANCE_ID: 'test-1' };

describe("the runtime's HTTP server", () => {
  it('answers /health, /ready and /metrics when Postgres and Redis answer', async () => {
    const runtime = await startRuntime('test-app', {
      ...base,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
    });
    try {
      const root = `http://127.0.0.1:${runtime.http.port}`;
      expect((await fetch(`${root}/health`)).status).toBe(200);
      const ready = await fetch(`${root}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      const metrics = await (await fetch(`${root}/metrics`)).text();
      expect(metrics).toContain('process_cpu_user_seconds_total{app="test-app"}');
      const missing = await fetch(`${root}/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({
        error: { code: 'NOT_FOUND', message: 'no such route' },
      });
    } finally {
      await runtime.close();
      await runtime.close();
    }
  });

  it('reports /ready 503 naming the dependency that does not answer', async () => {
    // Port 1 on loopback refuses connections at once.
    const runtime = await startRuntime('test-app', {
      ...base,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    try {
      const ready = await fetch(`http://127.0.0.1:${runtime.http.port}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unready', failed: ['redis'] });
      expect((await fetch(`http://127.0.0.1:${runtime.http.port}/health`)).status).toBe(200);
    } finally {
      await runtime.close();
    }
  });

  it('reports /ready 503 while a check the app added fails, and 200 once it passes', async () => {
    const runtime = await startRuntime('test-app', {
      ...base,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
    });
    try {
      let polling = false;
      runtime.addReadinessCheck('intake', async () => {
        if (!polling) {
          throw new Error('not polling');
        }
      });
      const ready = () => fetch(`http://127.0.0.1:${runtime.http.port}/ready`);
      const unready = await ready();
      expect(unready.status).toBe(503);
      expect(await unready.json()).toEqual({ status: 'unready', failed: ['intake'] });
      polling = true;
      expect((await ready()).status).toBe(200);
      // Details a check gives show beside its result, to trusted callers.
      runtime.addReadinessCheck('fleet', async () => ({ details: { tokenRejected: ['t_x'] } }));
      const detailed = await ready();
      expect(detailed.status).toBe(200);
      expect(await detailed.json()).toEqual({
        status: 'ready',
        details: { fleet: { tokenRejected: ['t_x'] } },
      });
    } finally {
      await runtime.close();
    }
  });

  it('sets the configured statement, lock and idle-in-transaction limits on its connections', async () => {
    const runtime = await startRuntime('test-app', {
      ...base,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      DB_STATEMENT_TIMEOUT_MS: 7_000,
      DB_LOCK_TIMEOUT_MS: 1_500,
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: 30_000,
    });
    try {
      const { rows } = await sql<Record<string, string>>`
        SELECT current_setting('statement_timeout') AS statement,
               current_setting('lock_timeout') AS lock,
               current_setting('idle_in_transaction_session_timeout') AS idle
      `.execute(runtime.db);
      expect(rows[0]).toEqual({ statement: '7s', lock: '1500ms', idle: '30s' });
    } finally {
      await runtime.close();
    }
  });
});

// An address of this machine that is not loopback, where one exists.
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address?.family === 'IPv4' && !address.internal)?.address;

describe.skipIf(externalAddress === undefined)('the runtime HTTP server address', () => {
  const answers = (host: string, port: number) =>
    fetch(`http://${host}:${port}/health`).then(
      (response) => response.status,
      () => 'unreachable',
    );

  it('listens on loopback only unless OPS_HOST says otherwise: /metrics is not open to the network', async () => {
    const local = await startRuntime('test-app', {
      ...base,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
    });
    try {
      expect(await answers('127.0.0.1', local.http.port)).toBe(200);
      expect(await answers(externalAddress as string, local.http.port)).toBe('unreachable');
    } finally {
      await local.close();
    }
    const open = await startRuntime('test-app', {
      ...base,
      OPS_HOST: '0.0.0.0',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
    });
    try {
      expect(await answers(externalAddress as string, open.http.port)).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('answers /metrics and /ready details to loopback, allowed sources and the token only', async () => {
    const runtime = await startRuntime('test-app', {
      ...base,
      OPS_HOST: '0.0.0.0',
      OPS_TOKEN: 'scrape-token-0123456789',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    const external = `http://${externalAddress as string}:${runtime.http.port}`;
    const local = `http://127.0.0.1:${runtime.http.port}`;
    try {
      const metrics = await fetch(`${external}/metrics`);
      expect(metrics.status).toBe(403);
      expect(((await metrics.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
      const ready = await fetch(`${external}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unready' });
      // Through a proxy on this machine: loopback, but on behalf of someone else.
      const proxied = await fetch(`${local}/metrics`, {
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      expect(proxied.status).toBe(403);
      const withToken = await fetch(`${external}/metrics`, {
        headers: { authorization: 'Bearer scrape-token-0123456789' },
      });
      expect(withToken.status).toBe(200);
      expect(await withToken.text()).toContain('process_cpu_user_seconds_total');
      const wrongToken = await fetch(`${external}/metrics`, {
        headers: { authorization: 'Bearer scrape-token-0123456780' },
      });
      expect(wrongToken.status).toBe(403);
      expect((await fetch(`${local}/metrics`)).status).toBe(200);
    } finally {
      await runtime.close();
    }
    const allowed = await startRuntime('test-app', {
      ...base,
      OPS_HOST: '0.0.0.0',
      OPS_ALLOW_FROM: `${externalAddress as string}/32`,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
    });
    try {
      const metrics = await fetch(
        `http://${externalAddress as string}:${allowed.http.port}/metrics`,
      );
      expect(metrics.status).toBe(200);
      // The list replaces loopback, it does not add to it.
      expect((await fetch(`http://127.0.0.1:${allowed.http.port}/metrics`)).status).toBe(403);
    } finally {
      await allowed.close();
    }
  });
});
