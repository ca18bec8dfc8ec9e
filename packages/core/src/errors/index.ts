export {
  AppError,
  type AppErrorOptions,
  assertNever,
  ERROR_CODES,
  type ErrorCode,
  isAppError,
  notFoundError,
} from './app-error.js';
