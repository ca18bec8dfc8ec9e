/**
 * `pnpm bench [name] [options]`: runs one benchmark (`tenants`, `booking`, ...) or,
 * without a name, each in turn. Options after the name go to that benchmark.
 */
import { spawnSync } from 'node:child_process';
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
let failed = false;
for (const bench of name === undefined ? available : [name]) {
  console.log(`\n=== bench/${bench} ===`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(here, bench, 'run.ts'), ...rest],
    {
      stdio: 'inherit',
    },
  );
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
