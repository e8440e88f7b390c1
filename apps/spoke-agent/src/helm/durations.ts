import { parseFluxDuration, type FluxDurationFormat } from '@flotilla/reconcile-core';

/** A Flux duration field in milliseconds, or the default when it is unset (the API server validated its text). */
export function durationOr(text: string | undefined, fallbackMs: number, format: FluxDurationFormat = 'interval'): number {
  if (text === undefined) return fallbackMs;
  const parsed = parseFluxDuration(text, format);
  return parsed.ok ? parsed.value : fallbackMs;
}
