import { CliError } from '../hub/exit-codes.js';

/** The CliError `f` throws, for tests asserting its exit code and message; anything else fails the test. */
export function cliErrorOf(f: () => unknown): CliError {
  try {
    f();
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
  throw new Error('expected a CliError');
}
