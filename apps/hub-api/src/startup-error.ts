// A reason `pnpm start` cannot go on that the user can fix; main prints its message as the one line of
// output, so the message names the fix.
export class StartupError extends Error {
  override name = 'StartupError';
}
