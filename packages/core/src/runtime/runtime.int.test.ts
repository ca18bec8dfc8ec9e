import { networkInterfaces } from 'node:os';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '@booking/core/testing';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { startRuntime } from './runtime.js';

const base = { LOG_LEVEL: 'silent', OPS_PORT: 0, DB_POOL_SIZE: 2, INSTANCE_ID: 'test-1' };

describe('runtime ops server', () => {
  it('answers /health, /ready and /metrics when Postgres and Redis answer', async () => {
    const runtime = await startRuntime('test-app', {
      ...base,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
    });
    try {
      const root = `http://127.0.0.1:${runtime.ops.port}`;
      expect((await fetch(`${root}/health`)).status).toBe(200);
      const ready = await fetch(`${root}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      const metrics = await (await fetch(`${root}/metrics`)).text();
      expect(metrics).toContain('process_cpu_user_seconds_total{app="test-app"}');
      expect((await fetch(`${root}/nope`)).status).toBe(404);
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
      const ready = await fetch(`http://127.0.0.1:${runtime.ops.port}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unready', failed: ['redis'] });
      expect((await fetch(`http://127.0.0.1:${runtime.ops.port}/health`)).status).toBe(200);
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
      const ready = () => fetch(`http://127.0.0.1:${runtime.ops.port}/ready`);
      const unready = await ready();
      expect(unready.status).toBe(503);
      expect(await unready.json()).toEqual({ status: 'unready', failed: ['intake'] });
      polling = true;
      expect((await ready()).status).toBe(200);
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

describe.skipIf(externalAddress === undefined)('runtime ops server address', () => {
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
      expect(await answers('127.0.0.1', local.ops.port)).toBe(200);
      expect(await answers(externalAddress as string, local.ops.port)).toBe('unreachable');
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
      expect(await answers(externalAddress as string, open.ops.port)).toBe(200);
    } finally {
      await open.close();
    }
  });
});
