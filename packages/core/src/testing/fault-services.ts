/**
 * Postgres and Redis servers of a test's own, on spare loopback ports, for fault tests
 * that restart, flush or kill them. The shared instances are never touched: a fault
 * test that restarted them would break every other test file running in parallel.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './index.js';

/** A Postgres cluster of the test's own. */
export interface ScratchPostgres {
  /** `postgres://` URL of its `postgres` database. */
  url: string;
  port: number;
  /** Stops it gracefully (fast mode: open connections are terminated). */
  stop(): Promise<void>;
  /** Starts it again on the same port, with its data. */
  start(): Promise<void>;
  /** Stops and starts it: every open connection is terminated by the server. */
  restart(): Promise<void>;
  /** Stops it for good and deletes its files. */
  destroy(): Promise<void>;
}

/** A Redis server of the test's own, without persistence. */
export interface ScratchRedis {
  /** `redis://` URL of its index 0. */
  url: string;
  port: number;
  /** Stops it (SIGTERM): every connection drops and, without persistence, every key is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Stops and starts it: connections drop and the data is lost. */
  restart(): Promise<void>;
  /** Runs `FLUSHALL` on it: the data is lost, connections stay. */
  flushAll(): Promise<void>;
  /** Stops it for good. */
  destroy(): Promise<void>;
}

const cleanups = new Set<() => void>();
let exitHookInstalled = false;

/** Servers left running by a crashed test file die with its process. */
function onProcessExit(cleanup: () => void): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const run of cleanups) {
        try {
          run();
        } catch {
          // best effort: the process is exiting anyway
        }
      }
    });
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function postgresBinDir(): string {
  return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
}

/** initdb and postgres refuse to run as root; the cluster then belongs to `postgres`. */
function asPostgresUser(binary: string, args: string[]): [string, string[]] {
  if (process.getuid?.() === 0) {
    return ['runuser', ['-u', 'postgres', '--', binary, ...args]];
  }
  return [binary, args];
}

function run(binary: string, args: string[]): void {
  const [command, commandArgs] = asPostgresUser(binary, args);
  execFileSync(command, commandArgs, { stdio: 'pipe' });
}

/**
 * Creates and starts a Postgres cluster in a temporary folder, on a free loopback port,
 * with trust authentication and durability off (it is thrown away after the test).
 */
export async function startScratchPostgres(): Promise<ScratchPostgres> {
  const bin = postgresBinDir();
  const dataDir = mkdtempSync(join(tmpdir(), 'scratch-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dataDir, uid, gid);
  }
  chmodSync(dataDir, 0o700);
  run(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const port = await freePort();
  const pgCtl = join(bin, 'pg_ctl');
  const options = [
    `-p ${port}`,
    `-k ${dataDir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=50',
  ].join(' ');
  const start = async () => {
    run(pgCtl, ['-D', dataDir, '-o', options, '-l', join(dataDir, 'server.log'), '-w', 'start']);
  };
  const stop = async () => {
    run(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  };
  const stopNow = () => {
    try {
      run(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // not running
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  await start();
  const forget = onProcessExit(stopNow);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    destroy: async () => {
      forget();
      stopNow();
    },
  };
}

/** Starts a Redis server without persistence on a free loopback port. */
export async function startScratchRedis(): Promise<ScratchRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = server;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          server.stdout?.off('data', onData);
          resolve();
        }
      };
      server.stdout?.on('data', onData);
      server.once('exit', (code) =>
        reject(new Error(`redis-server exited with ${code}: ${output}`)),
      );
    });
    // Keep draining its output so a chatty server never blocks on a full pipe.
    server.stdout?.resume();
    server.stderr?.resume();
  };
  const stop = async () => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null) {
      return;
    }
    await new Promise<void>((resolve) => {
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
  };
  await start();
  const forget = onProcessExit(() => child?.kill('SIGKILL'));
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    start,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    flushAll: async () => {
      execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'FLUSHALL']);
    },
    destroy: async () => {
      forget();
      await stop();
    },
  };
}

/** A TCP port in front of a server that a test can close, so connecting is refused. */
export interface TcpGate {
  /** `http://127.0.0.1:<port>`: give it to a client instead of the server's own URL. */
  url: string;
  port: number;
  /** Stops listening and cuts the open connections: a connect now fails with ECONNREFUSED. */
  close(): Promise<void>;
  /** Listens again on the same port. */
  open(): Promise<void>;
}

/**
 * Opens a gate on a free loopback port that passes every connection through to
 * `127.0.0.1:targetPort`. Closing it makes the server unreachable the way a server that
 * is down is: the connection is refused, so a client knows nothing was sent (unlike a
 * connection dropped mid-request, whose outcome is unknown).
 */
export async function startTcpGate(targetPort: number): Promise<TcpGate> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const open = async () => {
    const gate = createNetServer((inbound) => {
      const outbound = connect(targetPort, '127.0.0.1');
      for (const socket of [inbound, outbound]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          inbound.destroy();
          outbound.destroy();
        });
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    server = gate;
    await new Promise<void>((resolve, reject) => {
      gate.once('error', reject);
      gate.listen(port, '127.0.0.1', () => resolve());
    });
  };
  const close = async () => {
    const gate = server;
    server = undefined;
    if (!gate) {
      return;
    }
    const closed = new Promise<void>((resolve) => gate.close(() => resolve()));
    for (const socket of sockets) {
      socket.destroy();
    }
    await closed;
  };
  await open();
  return { url: `http://127.0.0.1:${port}`, port, open, close };
}
