/** The first retry waits this long; each further one twice as long, up to the cap. */
export const RETRY_BASE_MS = 1_000;
export const RETRY_CAP_MS = 5 * 60_000;
/** A message still undelivered this long after it was queued is given up (marked failed in the delivery log). */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;

/** Delay before the next attempt, after `failedAttempts` failed ones (1 after the first failure). */
export const retryDelayMs = (failedAttempts: number): number =>
  Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, failedAttempts - 1));
