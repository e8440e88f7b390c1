// A reason `pnpm start` cannot go on that the user can fix; main prints its message as the one line of
// output, so the message names the fix.
export class StartupError extends Error {
  override name = 'StartupError';
}

// What went wrong, for the one line `pnpm start` prints. Some libraries reject with no value or an empty
// message; the user still gets something to act on instead of "undefined".
export function describeFailure(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === 'string' && err) return err;
  return 'it failed without giving a reason; run again with FLOTILLA_LOG_LEVEL=debug for details';
}
