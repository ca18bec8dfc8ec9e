import { type ConfigValues, loadConfigOrExit, PLATFORM_VARIABLES } from '@booking/core';

const VARIABLES = {
  ...PLATFORM_VARIABLES,
};

/** Configuration of the client-bot process. */
export type Config = ConfigValues<typeof VARIABLES>;

/** Reads and validates the environment once; exits 1 naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined>): Config {
  return loadConfigOrExit('client-bot', VARIABLES, source);
}
