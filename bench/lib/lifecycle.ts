/**
 * The life of one benchmark process. Whatever happens (it completes, a step fails, or
 * it gets SIGINT or SIGTERM), every process it started is stopped with its children and
 * every scratch database and Redis key it made is dropped; a failure or a signal then
 * ends the process non-zero with one line naming the step that was running.
 */
import { type ChildProcess, fork, type SpawnOptions, spawn } from 'node:child_process';

/** Exit statuses by signal, as a shell reports them (128 + the signal's number). */
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };
/** How long a stopped process group gets to exit before it is killed outright. */
const GRACE_MS = 3_000;
/** Cleanup as a whole never holds the exit longer than this. */
const CLEANUP_DEADLINE_MS = 20_000;

/** A failure with the step of a concurrent part (a customer, a writer) in its message. */
export class BenchStepError extends Error {
  constructor(step: string, cause: unknown) {
    super(`${step}: ${describe(cause)}`, { cause });
    this.name = 'BenchStepError';
  }
}

/** One line for an error: its name and the first line of its message. */
export function describe(error: unknown): string {
  if (error instanceof BenchStepError) {
    return error.message;
  }
  if (error instanceof Error) {
    const first = error.message.split('\n')[0] ?? '';
    return error.name === 'Error' ? first : `${error.name}: ${first}`;
  }
  return String(error).split('\n')[0] ?? '';
}

/** What a benchmark's main function gets. */
export interface BenchContext {
  /** Names the step that runs from now on: a failure or a signal reports it. */
  step(name: string): void;
  /**
   * Registers `cleanup` (named for the report of its own failure) to run when the
   * benchmark ends however it ends; cleanups run once each, the last registered first.
   */
  defer(name: string, cleanup: () => Promise<unknown> | unknown): void;
  /**
   * Spawns a process in a process group of its own; the group (its children included)
   * is stopped when the benchmark ends.
   */
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
  /** As {@link spawn}, a Node module with an IPC channel (`child_process.fork`). */
  fork(module: string, options: Parameters<typeof fork>[2]): ChildProcess;
  /**
   * Fails the benchmark at once if `child` exits before `release` is called (a crashed
   * helper would otherwise leave the run waiting for answers that never come).
   *
   * @returns release: from then on the child's exit is expected.
   */
  watch(name: string, child: ChildProcess): () => void;
}

interface Cleanup {
  name: string;
  run: () => Promise<unknown> | unknown;
}

/** True while a process of the group `leader` leads exists. */
function groupAlive(leader: number): boolean {
  try {
    process.kill(-leader, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends `signal` to the process group `leader` leads; a group already gone is fine. */
function signalGroup(leader: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-leader, signal);
  } catch {
    // ESRCH: every process of the group has exited.
  }
}

/** SIGTERM to the group, then SIGKILL to whatever of it is still there after the grace. */
async function stopGroup(leader: number): Promise<void> {
  signalGroup(leader, 'SIGTERM');
  for (let waited = 0; waited < GRACE_MS && groupAlive(leader); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  signalGroup(leader, 'SIGKILL');
}

/**
 * Runs a benchmark's `main` as described in the module's comment and ends the process:
 * 0 when it completed, 1 when a step failed, 130 or 143 on SIGINT or SIGTERM.
 *
 * @param name the benchmark's name for the failure line (`updates`).
 */
export async function runBench(
  name: string,
  main: (bench: BenchContext) => Promise<void>,
): Promise<never> {
  const cleanups: Cleanup[] = [];
  let current = 'start';
  let ending: Promise<never> | undefined;
  /** Set once the benchmark is ending: a helper's exit from then on is expected. */
  let over = false;

  const cleanUp = async (): Promise<void> => {
    over = true;
    const deadline = new Promise<void>((resolve) =>
      setTimeout(() => {
        console.error(`bench ${name}: cleanup did not finish in ${CLEANUP_DEADLINE_MS / 1000} s`);
        resolve();
      }, CLEANUP_DEADLINE_MS).unref(),
    );
    const all = (async () => {
      for (const cleanup of [...cleanups].reverse()) {
        try {
          await cleanup.run();
        } catch (error) {
          console.error(`bench ${name}: cleanup "${cleanup.name}" failed: ${describe(error)}`);
        }
      }
    })();
    await Promise.race([all, deadline]);
  };
  const end = (status: number, line?: string): Promise<never> => {
    ending ??= (async () => {
      if (line !== undefined) {
        console.error(line);
      }
      await cleanUp();
      process.exit(status);
    })();
    return ending;
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // A second signal (a terminal's Ctrl+C reaches the whole group, bench/run.ts relays
    // it too) finds the cleanup already under way and changes nothing.
    process.on(signal, () => {
      void end(SIGNAL_EXIT[signal], `bench ${name} stopped by ${signal} during "${current}"`);
    });
  }

  // Work abandoned by a signal or a failure may still reject while the cleanup runs;
  // without these handlers Node would end the process there, before the cleanup is done.
  process.on('unhandledRejection', (error) => {
    void end(1, `bench ${name} failed at "${current}": ${describe(error)}`);
  });
  process.on('uncaughtException', (error) => {
    void end(1, `bench ${name} failed at "${current}": ${describe(error)}`);
  });

  const context: BenchContext = {
    step(step) {
      current = step;
    },
    defer(cleanupName, run) {
      cleanups.push({ name: cleanupName, run });
    },
    spawn(command, args, options = {}) {
      const child = spawn(command, args, { ...options, detached: true });
      track(child);
      return child;
    },
    fork(module, options) {
      const child = fork(module, { ...options, detached: true });
      track(child);
      return child;
    },
    watch(helper, child) {
      let expected = false;
      child.once('exit', (code, signal) => {
        if (!expected && !over) {
          void end(
            1,
            `bench ${name} failed at "${current}": ${helper} exited (${signal ?? `status ${code}`})`,
          );
        }
      });
      return () => {
        expected = true;
      };
    },
  };
  function track(child: ChildProcess): void {
    const leader = child.pid;
    if (leader === undefined) {
      return;
    }
    // A detached child is not waited for by the event loop once the benchmark is done.
    child.unref();
    context.defer(`stop process ${leader}`, () => stopGroup(leader));
  }

  try {
    await main(context);
  } catch (error) {
    return end(1, `bench ${name} failed at "${current}": ${describe(error)}`);
  }
  return end(0);
}
