/**
 * Parses a retention like `7d`, `36h`, `90m` or `1d12h` (Go duration units plus `d` = 24h, which Go lacks but
 * retention settings need). Returns milliseconds, or undefined for anything else.
 */
export function parseRetention(text: string): number | undefined {
  const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const trimmed = text.trim();
  if (!/^(?:[0-9]+(?:\.[0-9]+)?(?:ms|s|m|h|d))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const m of trimmed.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * units[m[2]!]!;
  return total > 0 && Number.isFinite(total) ? Math.round(total) : undefined;
}

export const DEFAULT_EVENT_RETENTION_MS = 7 * 86_400_000;
