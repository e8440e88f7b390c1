// Requeue timing as Flux computes it: success → interval with ±5% jitter (fluxcd/pkg runtime/jitter);
// failure → exponential backoff from 750ms to 15m (controller-runtime rate limiter, flux.md §4).

export const jitterFraction = 0.05;
const minRetryMs = 750;
const maxRetryMs = 15 * 60_000;

export function jitteredInterval(intervalMs: number, random: () => number = Math.random): number {
  return Math.round(intervalMs * (1 - jitterFraction + 2 * jitterFraction * random()));
}

export function retryBackoff(failures: number): number {
  return Math.min(maxRetryMs, minRetryMs * 2 ** Math.max(0, failures - 1));
}
