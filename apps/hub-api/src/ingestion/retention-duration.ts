import { durationMs, parseGoDuration } from '@flotilla/reconcile-core';

/**
 * Parses a retention like `400d`, `7d`, `36h`, `90m` or `1d12h`: a Go duration (reconcile-core's parser, so
 * the syntax is Go's) where whole days may also be written with `d`, which Go lacks but retention settings
 * need. Returns milliseconds, or undefined for anything else, zero or negative.
 */
export function parseRetention(text: string): number | undefined {
  const trimmed = text.trim();
  if (/[+-]/.test(trimmed)) return undefined;
  // Days must be whole: they become hours before Go parses (`1d12h` → `24h12h`, which Go sums).
  if (/\.[0-9]*d/.test(trimmed)) return undefined;
  const goText = trimmed.replace(/([0-9]+)d/g, (_m, days: string) => `${BigInt(days) * 24n}h`);
  const parsed = parseGoDuration(goText);
  if (!parsed.ok || parsed.value <= 0n) return undefined;
  const ms = durationMs(parsed.value);
  return ms >= 1 && Number.isFinite(ms) ? Math.round(ms) : undefined;
}

export const DEFAULT_EVENT_RETENTION_MS = 7 * 86_400_000;
export const DEFAULT_DELIVERY_RETENTION_MS = 7 * 86_400_000;
export const DEFAULT_AUDIT_RETENTION_MS = 400 * 86_400_000;
