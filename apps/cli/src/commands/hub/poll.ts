import { CliError, EXIT } from '../../hub/exit-codes.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until `check` returns a value, or fails with the timeout exit code after `timeoutMs`. `what` may be a
 * function, read when time runs out, so the message can say what the last poll saw.
 */
export async function pollUntil<T>(check: () => Promise<T | undefined>, opts: { timeoutMs: number; intervalMs?: number; what: string | (() => string) }): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new CliError(EXIT.timeout, `timed out waiting for ${typeof opts.what === 'function' ? opts.what() : opts.what}`);
    await sleep(Math.min(opts.intervalMs ?? 1000, Math.max(0, deadline - Date.now())));
  }
}
