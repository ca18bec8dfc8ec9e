import { exitOnSignals, runProcess } from '@booking/core';
import { loadConfig } from './config.js';

const config = loadConfig(process.env);
await runProcess('master-bot', config, async (runtime) => {
  exitOnSignals(runtime);
  runtime.logger.info(
    { port: runtime.http.port },
    'master-bot process is up (health, readiness and metrics only: its bot is not built yet)',
  );
});
