export { createLogger, type Logger, type LoggerOptions } from './logger.js';
export { createMetricsRegistry } from './metrics.js';
export {
  LOOPBACK_SOURCES,
  type OpsAccessOptions,
  type OpsRoutesOptions,
  opsAccess,
  type ReadinessCheck,
  registerOpsRoutes,
} from './ops-routes.js';
export { REDACTED_PATHS, redactSecrets, SECRET_FIELD_NAMES } from './redact.js';
export { type SerializedError, serializeError } from './serialize-error.js';
