import { TestenvError } from './errors.js';
import type { ManagedProcess } from './managed-process.js';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  // Processes whose death ends the wait at once, with their log tail.
  watch?: ManagedProcess[];
  what: string;
}

// Polls `check` until it returns a value other than undefined. A watched process that dies fails the wait
// immediately instead of letting it run into the timeout.
export async function waitFor<T>(check: () => Promise<T | undefined>, opts: WaitOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    for (const p of opts.watch ?? []) p.assertRunning();
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const last = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      const proc = opts.watch?.[0];
      throw new TestenvError(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${last}`, proc?.name, proc?.tail());
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}
