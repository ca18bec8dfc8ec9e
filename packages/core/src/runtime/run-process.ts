import { createLogger, type Logger } from '../observability/index.js';
import { type Runtime, type RuntimeConfig, startRuntime } from './runtime.js';

/**
 * Runs a platform process: starts its {@link Runtime}, then `serve` (the app's wiring:
 * intake, workers, signal handling). Every failure leaves through the redacting logger
 * as one `fatal` line, then the process exits 1: a start-up that throws (Postgres
 * down, a bot token the Bot API rejects, the ops port taken) and, afterwards, any
 * uncaught exception or unhandled rejection. Node's own printer would write the error
 * with every field it holds, such as a failed Bot API call's payload with the webhook's
 * secret path and token.
 */
export async function runProcess(
  app: string,
  config: RuntimeConfig,
  serve: (runtime: Runtime) => Promise<void>,
): Promise<void> {
  // Until the runtime's logger exists, one of the same shape stands in.
  let logger: Logger = createLogger({ app, level: config.LOG_LEVEL });
  const exitWith =
    (message: string) =>
    (error: unknown): void => {
      logger.fatal({ err: error }, message);
      // pino writes what is still buffered when the process exits.
      process.exit(1);
    };
  process.on('uncaughtException', exitWith(`${app} crashed: an uncaught exception`));
  process.on('unhandledRejection', exitWith(`${app} crashed: an unhandled promise rejection`));
  try {
    const runtime = await startRuntime(app, config);
    logger = runtime.logger;
    await serve(runtime);
  } catch (error) {
    exitWith(`${app} could not start`)(error);
  }
}
