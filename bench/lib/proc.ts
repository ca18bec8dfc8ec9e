import { readdir, readFile } from 'node:fs/promises';

/** Linux counts CPU time in clock ticks of 1/100 s (USER_HZ) in /proc. */
const MICROSECONDS_PER_TICK = 10_000;

/**
 * Busy and total CPU time of the machine so far (microseconds, all cores), from
 * /proc/stat; zeros where Linux does not tell.
 */
export async function machineTimes(): Promise<{ busy: number; total: number }> {
  const text = await readFile('/proc/stat', 'utf8').catch(() => '');
  const fields = (text.split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0);
  // idle and iowait
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: (total - idle) * MICROSECONDS_PER_TICK, total: total * MICROSECONDS_PER_TICK };
}

/** CPU time so far (microseconds, user + system) of processes, by process id. */
export type ProcessTimes = Map<number, number>;

/**
 * CPU time so far of each running process whose command name is one of `names`
 * (`postgres`, `redis-server`), by name, from /proc; with `only`, of those processes
 * alone (the backends of one pool on a server that others share). Empty where Linux
 * does not tell.
 */
export async function processTimes(
  names: readonly string[],
  only?: ReadonlySet<number>,
): Promise<Map<string, ProcessTimes>> {
  const byName = new Map(names.map((name) => [name, new Map<number, number>()]));
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter(
    (entry) => /^\d+$/.test(entry) && (only === undefined || only.has(Number(entry))),
  );
  await Promise.all(
    pids.map(async (pid) => {
      // "pid (comm) state ppid ...": the name may hold spaces, so split after its ')'.
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      const times = byName.get(stat.slice(open + 1, close));
      if (open < 0 || close < open || times === undefined) {
        return;
      }
      // After the name come state (field 3 of the line) ... utime (14) and stime (15).
      const fields = stat.slice(close + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (Number.isFinite(ticks)) {
        times.set(Number(pid), ticks * MICROSECONDS_PER_TICK);
      }
    }),
  );
  return byName;
}

/**
 * CPU time (microseconds) the processes of `after` spent since `before`: a process that
 * started in between counts whole, one that ended in between is lost.
 */
export function timeSpent(
  before: ProcessTimes | undefined,
  after: ProcessTimes | undefined,
): number {
  let spent = 0;
  for (const [pid, time] of after ?? []) {
    spent += time - (before?.get(pid) ?? 0);
  }
  return spent;
}
