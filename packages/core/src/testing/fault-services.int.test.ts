import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ScratchPostgres,
  type ScratchRedis,
  startScratchPostgres,
  startScratchRedis,
} from './index.js';

describe('scratch servers for fault tests', () => {
  let postgres: ScratchPostgres;
  let redis: ScratchRedis;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startScratchPostgres(), startScratchRedis()]);
  });
  afterAll(async () => {
    await Promise.all([postgres?.destroy(), redis?.destroy()]);
  });

  it('restarts Postgres: an open connection is terminated, data stays, a new one works', async () => {
    const before = new pg.Client({ connectionString: postgres.url });
    await before.connect();
    await before.query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
    const errors: unknown[] = [];
    const ended = new Promise<void>((resolve) =>
      before.on('error', (error) => {
        errors.push(error);
        resolve();
      }),
    );
    await postgres.restart();
    await ended;
    expect(String(errors[0])).toMatch(/terminat/i);
    const after = new pg.Client({ connectionString: postgres.url });
    await after.connect();
    const { rows } = await after.query('SELECT n FROM kept');
    expect(rows).toEqual([{ n: 7 }]);
    await after.end();
  });

  it('flushes and restarts Redis without touching the shared server', async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: null });
    await client.set('k', 'v');
    await redis.flushAll();
    expect(await client.get('k')).toBeNull();
    await client.set('k', 'v');
    await redis.restart();
    expect(await client.get('k')).toBeNull();
    client.disconnect();
  });
});
