/**
 * One `client-bot --fleet` of the fleet benchmark, in a process of its own, so that its
 * memory and sockets are its own (the Telegram emulator runs in run.ts). Started by
 * run.ts with `fork` (and `--expose-gc`); told what to serve through the environment:
 *
 *   BENCH_DATABASE_URL  BENCH_KEY (hex)  BENCH_API_ROOT  BENCH_NAMESPACE  BENCH_INSTANCE
 *   BENCH_POLL_SECONDS  long-poll timeout (default 25, as in production)
 *
 *   BENCH_PROFILE_DIR   (optional) a folder for a CPU profile of each measured run
 *
 * Messages from run.ts: `sample` (answers memory and open connections, after a GC),
 * `{ reset: label }` (forgets update durations and CPU time so far, and starts profiling
 * the run `label`), `durations` (answers them with the CPU time since the reset, and
 * writes the run's profile), `stop` (stops, exits).
 * It first sends `{ started }`: milliseconds from the start of the fleet until every
 * tenant it found is polled (its lease taken and a long poll open).
 * It exits when run.ts goes away, however run.ts ended.
 */
import { readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { runClientFleet } from '@booking/client-bot/fleet';
import { createDb, createLogger, createRedis } from '@booking/core';
import { TEST_REDIS_URL } from '@booking/core/testing';

const UNLIMITED = { ratePerSecond: 1_000_000, burst: 1_000_000 };
const env = process.env;
const durations: number[] = [];
let cpuAtReset = process.cpuUsage();
const profileDir = env.BENCH_PROFILE_DIR;
const profiler = profileDir ? new Session() : undefined;
profiler?.connect();
let profiling: string | undefined;

const began = performance.now();
const db = createDb({
  connectionString: String(env.BENCH_DATABASE_URL),
  maxConnections: 10,
  applicationName: 'bench-fleet',
});
const redis = createRedis(TEST_REDIS_URL, { connectionName: 'bench-fleet' });
const bullConnection = createRedis(TEST_REDIS_URL, { forBullmq: true });
const fleet = await runClientFleet({
  db,
  redis,
  bullConnection,
  logger: createLogger({ app: 'bench-fleet', level: 'warn' }),
  encryptionKey: Buffer.from(String(env.BENCH_KEY), 'hex'),
  apiRoot: String(env.BENCH_API_ROOT),
  instanceId: String(env.BENCH_INSTANCE),
  queueNamespace: String(env.BENCH_NAMESPACE),
  limits: { perChat: UNLIMITED, perBot: UNLIMITED },
  antiFlood: UNLIMITED,
  pollTimeoutSeconds: Number(env.BENCH_POLL_SECONDS ?? 25),
  onUpdateHandled: (ms) => durations.push(ms),
});
// Served means polled: each tenant's lease taken and its first long poll open.
while (fleet.status().polling.length < fleet.status().served.length) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const started = performance.now() - began;

/** Open TCP connections of this process by the server port they lead to. */
async function connectionsByPort(): Promise<Record<string, number>> {
  const inodes = new Set<string>();
  for (const fd of await readdir('/proc/self/fd').catch(() => [] as string[])) {
    const link = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(link);
    if (match?.[1]) {
      inodes.add(match[1]);
    }
  }
  const byPort: Record<string, number> = { sockets: inodes.size };
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      // remote address is "hex ip:hex port"; the inode is the tenth field.
      const inode = fields[9];
      const remotePort = Number.parseInt(fields[2]?.split(':')[1] ?? '', 16);
      if (inode && inodes.has(inode) && remotePort > 0) {
        byPort[remotePort] = (byPort[remotePort] ?? 0) + 1;
      }
    }
  }
  return byPort;
}

process.on('message', async (message) => {
  if (message === 'sample') {
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    process.send?.({
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      connections: await connectionsByPort(),
      served: fleet.status().served.length,
    });
  }
  if (typeof message === 'object' && message !== null && 'reset' in message) {
    durations.length = 0;
    cpuAtReset = process.cpuUsage();
    if (profiler) {
      profiling = String(message.reset).replace(/[^a-z0-9]+/gi, '-');
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    process.send?.('reset');
  }
  if (message === 'durations') {
    const cpu = process.cpuUsage(cpuAtReset);
    if (profiler && profileDir && profiling) {
      const { profile } = await profiler.post('Profiler.stop');
      await writeFile(join(profileDir, `${profiling}.cpuprofile`), JSON.stringify(profile));
      profiling = undefined;
    }
    process.send?.({ durations, cpu: cpu.user + cpu.system });
  }
  if (message === 'stop') {
    await fleet.stop();
    await Promise.all([db.destroy(), redis.quit(), bullConnection.quit()]);
    process.send?.('stopped', () => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(1));
process.send?.({ started, served: fleet.status().served.length });
