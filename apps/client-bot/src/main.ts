import { exitOnSignals, startRuntime } from '@booking/core';
import { loadConfig } from './config.js';

const config = loadConfig(process.env);
const runtime = await startRuntime('client-bot', config);
exitOnSignals(runtime);
runtime.logger.info(
  { opsPort: runtime.ops.port },
  'client-bot process is up (health, readiness and metrics only: its bot is not built yet)',
);
