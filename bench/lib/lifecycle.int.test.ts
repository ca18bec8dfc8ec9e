import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { masterNodes, sql } from '@booking/core';
import {
  getTestDb,
  getTestRedis,
  REPO_ROOT,
  spawnTs,
  TEST_DATABASE_URL,
} from '@booking/core/testing';
import { describe, expect, it } from 'vitest';

/** A benchmark started as `pnpm bench` starts it, with what it printed so far. */
interface RunningBench {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  stderr: () => string;
  /** Resolves when the output matches `pattern`. */
  waitFor: (pattern: RegExp) => Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

function startBench(args: string[]): RunningBench {
  const child = spawnTs('bench/run.ts', {
    args,
    cwd: REPO_ROOT,
    env: { TEST_DATABASE_URL, HOME: process.env.HOME },
  });
  let output = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer, toStderr: boolean) => {
    output += chunk.toString();
    if (toStderr) {
      stderr += chunk.toString();
    }
    for (const listener of listeners) {
      listener();
    }
  };
  child.stdout.on('data', (chunk: Buffer) => collect(chunk, false));
  child.stderr.on('data', (chunk: Buffer) => collect(chunk, true));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    child,
    output: () => output,
    stderr: () => stderr,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            listeners.delete(check);
            resolve(match);
          }
        };
        listeners.add(check);
        check();
        void exited.then(() => {
          if (listeners.has(check)) {
            reject(new Error(`exited before printing ${pattern}:\n${output}`));
          }
        });
      }),
  };
}

/** Command lines of the running processes that match `pattern` (pgrep -f). */
function processesMatching(pattern: string): string[] {
  const result = spawnSync('pgrep', ['-af', pattern], { encoding: 'utf8' });
  return result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => !line.includes('pgrep'));
}

/** This worktree's benchmark processes: the runner, the benchmarks and their bots. */
const BENCH_PROCESSES = `${REPO_ROOT}bench/`;

/** Databases whose name starts with `prefix`. */
async function databasesNamed(prefix: string): Promise<string[]> {
  const db = await getTestDb();
  const { rows } = await sql<{ datname: string }>`
    SELECT datname FROM pg_database WHERE datname LIKE ${`${prefix}%`}
  `.execute(db);
  return rows.map((row) => row.datname);
}

/** Redis keys matching `match`. */
async function keysMatching(match: string): Promise<string[]> {
  const keys: string[] = [];
  // On a Redis Cluster each master holds its own slots: scan them all.
  for (const node of masterNodes(getTestRedis())) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
  }
  return keys;
}

/** Asserts that nothing of the run is left: processes, database, Redis keys. */
async function expectNothingLeft(database: string, pgbench = false): Promise<void> {
  expect(processesMatching(BENCH_PROCESSES)).toEqual([]);
  if (pgbench) {
    expect(processesMatching(`pgbench.*${database}`)).toEqual([]);
  }
  expect(await databasesNamed(database)).toEqual([]);
}

describe('a benchmark that is stopped or fails leaves nothing behind', () => {
  it('pnpm bench updates, on SIGINT in its warm-up, stops its bots and drops its data', async () => {
    // The run's queues and its salon's keys (sessions, claims, polling offsets).
    const patterns = ['bench_*:bq:*', 't:{bench_*}:*'];
    const keysBefore = new Set((await Promise.all(patterns.map(keysMatching))).flat());
    const bench = startBench([
      'updates',
      ...['--customers', '2', '--rounds', '3', '--messages', '1', '--passes', '1'],
      ...['--warmup', '1'],
    ]);
    const [, database = ''] = await bench.waitFor(/scratch database (\w+)/);
    await bench.waitFor(/warm-up: /);
    expect(processesMatching(`${BENCH_PROCESSES}updates/bot-process.ts`)).toHaveLength(2);

    bench.child.kill('SIGINT');
    expect(await bench.exited).toBe(130);
    expect(bench.stderr()).toMatch(
      /^bench updates stopped by SIGINT during "warm-up pass 1 of 1, .*"$/m,
    );
    await expectNothingLeft(database);
    const keysAfter = (await Promise.all(patterns.map(keysMatching))).flat();
    expect(keysAfter.filter((key) => !keysBefore.has(key))).toEqual([]);
  }, 120_000);

  it('pnpm bench booking, on SIGTERM in pgbench, stops pgbench and drops both databases', async () => {
    const bench = startBench(['booking', '--seconds', '0.2', '--bookings', '20']);
    const [, database = ''] = await bench.waitFor(/scratch database (\w+)/);
    await bench.waitFor(/\(b\) bookings/);
    for (let waited = 0; processesMatching(`pgbench.*${database}`).length === 0; waited += 50) {
      expect(waited).toBeLessThan(30_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    bench.child.kill('SIGTERM');
    expect(await bench.exited).toBe(143);
    expect(bench.stderr()).toMatch(/^bench booking stopped by SIGTERM during "\(c\) pgbench"$/m);
    await expectNothingLeft(database, true);
  }, 120_000);

  it('pnpm bench updates, when a bot dies, says where it failed, stops the rest and exits 1', async () => {
    const bench = startBench([
      'updates',
      ...['--customers', '2', '--rounds', '3', '--messages', '1', '--passes', '1'],
      ...['--warmup', '1'],
    ]);
    const [, database = ''] = await bench.waitFor(/scratch database (\w+)/);
    await bench.waitFor(/warm-up: /);
    // The booking bot started first: the lower process id.
    const [bookingBot] = processesMatching(`${BENCH_PROCESSES}updates/bot-process.ts`)
      .map((line) => Number(line.split(' ')[0]))
      .sort((a, b) => a - b);
    process.kill(bookingBot as number, 'SIGKILL');

    expect(await bench.exited).toBe(1);
    const lines = bench
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('bench updates'));
    expect(lines).toEqual([
      expect.stringMatching(
        /^bench updates failed at "warm-up pass 1 of 1, booking bot": the booking bot's process exited \(SIGKILL\)$/,
      ),
    ]);
    await expectNothingLeft(database);
  }, 120_000);
});
