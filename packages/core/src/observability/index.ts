export { createLogger, type Logger, type LoggerOptions } from './logger.js';
export { createMetricsRegistry } from './metrics.js';
export {
  type OpsServer,
  type OpsServerOptions,
  type ReadinessCheck,
  startOpsServer,
} from './ops-server.js';
export { REDACTED_PATHS, redactSecrets, SECRET_FIELD_NAMES } from './redact.js';
export { type SerializedError, serializeError } from './serialize-error.js';
