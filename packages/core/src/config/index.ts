export {
  ConfigError,
  type ConfigProblem,
  type ConfigValues,
  env,
  loadConfigOrExit,
  parseConfig,
} from './config.js';
