export {
  AppError,
  type AppErrorOptions,
  assertNever,
  ERROR_CODES,
  type ErrorCode,
  isAppError,
} from './app-error.js';
