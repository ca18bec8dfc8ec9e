export {
  exitOnSignals,
  PLATFORM_VARIABLES,
  type Runtime,
  type RuntimeConfig,
  startRuntime,
} from './runtime.js';
