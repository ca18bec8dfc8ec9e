import { exitOnSignals, startRuntime } from '@booking/core';
import { loadConfig } from './config.js';

const config = loadConfig(process.env);
const runtime = await startRuntime('master-bot', config);
exitOnSignals(runtime);
runtime.logger.info(
  { opsPort: runtime.ops.port },
  'master-bot process is up (health, readiness and metrics only: its bot is not built yet)',
);
