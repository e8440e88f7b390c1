/**
 * The exit codes of hub commands, for scripts. Flux's CLI exits 1 on any failure; ours keeps 1 for "the
 * object is not ready / the operation failed" and separates the causes a script handles differently.
 */
export const EXIT = {
  ok: 0,
  /** The object was reached but is not ready, or the hub refused the operation. */
  failed: 1,
  /** Bad flags or arguments, or no hub login: nothing was sent. */
  usage: 2,
  /** The hub refused the token (expired, revoked) or the role does not allow the operation. */
  unauthorized: 3,
  /** The named object does not exist (or is outside the token's grants). */
  notFound: 4,
  /** The hub could not be reached. */
  unreachable: 5,
  /** A wait (`reconcile`, `--timeout`) ran out before the hub reported a result. */
  timeout: 6,
  /** The cluster's agent could not answer: not connected, too old for the request, or silent. */
  agent: 7,
  /** `diff` could not finish (build failed, not placed, a dry-run refused): 1 means differences there, as in flux. */
  diffFailed: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  the object is not ready, or the hub refused the operation
  2  bad flags or arguments, or not logged in (nothing was sent)
  3  the hub refused the token or the role does not allow it
  4  the named object does not exist
  5  the hub could not be reached
  6  a wait ran out (--timeout)
  7  the cluster's agent could not answer (not connected, too old, silent)
  diff: 0 no differences, 1 differences, 8 the diff failed (others as above)`;

/** A failure that ends the command with its exit code; main prints the message on stderr. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}
