export { checkPostgresAtStart, endpointOf, logRedisOutages } from './dependencies.js';
export { runProcess } from './run-process.js';
export {
  exitOnSignals,
  PLATFORM_VARIABLES,
  type Runtime,
  type RuntimeConfig,
  type RuntimeHttp,
  startRuntime,
} from './runtime.js';
