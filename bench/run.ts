/**
 * `pnpm bench [name] [options]`: runs one benchmark (`tenants`, `booking`, ...) or,
 * without a name, each in turn. Options after the name go to that benchmark.
 *
 * SIGINT and SIGTERM are passed on to the running benchmark, which stops what it started
 * and drops what it made before it exits; this process then exits with its status.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(here, entry.name, 'run.ts')))
  .map((entry) => entry.name)
  .sort();

const [name, ...rest] = process.argv.slice(2);
if (name !== undefined && !available.includes(name)) {
  console.error(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
  process.exit(1);
}

let running: ChildProcess | undefined;
let stoppedBy: NodeJS.Signals | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stoppedBy ??= signal;
    running?.kill(signal);
  });
}

let failed = false;
for (const bench of name === undefined ? available : [name]) {
  if (stoppedBy) {
    break;
  }
  console.log(`\n=== bench/${bench} ===`);
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, bench, 'run.ts'), ...rest], {
    stdio: 'inherit',
  });
  running = child;
  const status = await new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  running = undefined;
  failed ||= status !== 0;
}
process.exit(stoppedBy ? (stoppedBy === 'SIGINT' ? 130 : 143) : failed ? 1 : 0);
