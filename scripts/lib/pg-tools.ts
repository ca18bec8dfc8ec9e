import { spawn } from 'node:child_process';

/** What a Postgres client program printed and how it ended. */
export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Postgres client program (`pg_dump`, `pg_restore`) and collects its output;
 * `onStderrLine` sees each line of its stderr as it comes (pg_dump's `--verbose`
 * progress). The connection goes in as `--dbname` by the caller; nothing is logged.
 */
export function runTool(
  command: string,
  args: readonly string[],
  onStderrLine?: (line: string) => void,
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stderr += text;
      if (onStderrLine) {
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          onStderrLine(line);
        }
      }
    });
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * Entries of a custom-format dump as `pg_restore --list` reads them: the file is
 * complete and readable only if this succeeds.
 *
 * @throws Error naming pg_restore's complaint when the file is not a readable dump.
 */
export async function listDump(file: string): Promise<string[]> {
  const result = await runTool('pg_restore', ['--list', file]);
  if (result.status !== 0) {
    throw new Error(`${file} is not a readable dump: ${firstErrorLine(result.stderr)}`);
  }
  return result.stdout.split('\n').filter((line) => line !== '' && !line.startsWith(';'));
}

/** The first line of a tool's stderr that says what went wrong. */
export function firstErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  return (
    lines.find((line) => /error|fatal/i.test(line))?.replace(/^pg_\w+: /, '') ??
    lines.at(-1) ??
    'no output'
  );
}
