// Go's time.ParseDuration / Duration.String, because Flux specs carry Go durations (`1m30s`, `10m0s`)
// and users paste them from Flux manifests. Strict: no bare numbers except "0", no spaces, no negatives
// (an interval or timeout below zero has no meaning here), nothing above Go's int64 nanosecond range.

const unitNs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

// Go's Duration is int64 nanoseconds: about 292 years.
const maxMs = 9_223_372_036_854.775;

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;

/** Parses a Go duration string into milliseconds (fractions of a millisecond are kept). */
export function parseGoDuration(text: string): DurationResult {
  const bad = (why: string): DurationResult => ({ ok: false, message: `invalid duration ${JSON.stringify(text)}: ${why}` });
  if (text === '0') return { ok: true, ms: 0 };
  if (text === '') return bad('empty');
  if (text.startsWith('-')) return bad('must not be negative');
  let rest = text.startsWith('+') ? text.slice(1) : text;
  if (rest === '') return bad('no number');
  let total = 0;
  while (rest.length > 0) {
    const m = part.exec(rest);
    if (!m) {
      if (/^[\d.]+$/.test(rest)) return bad('missing unit (use e.g. 30s, 1m30s, 1h)');
      if (/^[\d.]+[A-Za-zµμ]/.test(rest)) return bad('unknown unit (valid: ns, us, ms, s, m, h)');
      return bad('expected <number><unit> like 1m30s');
    }
    const [whole, num = '', unit = ''] = m;
    total += Number(num) * (unitNs[unit] ?? Number.NaN);
    rest = rest.slice(whole.length);
  }
  if (!Number.isFinite(total) || total > maxMs) return bad('out of range');
  return { ok: true, ms: total };
}

/** Formats milliseconds the way Go's Duration.String does (`1m30s`, `10m0s`, `1h0m0s`, `500ms`, `0s`). */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const ns = Math.round(ms * 1e6);
  if (ns < 1_000) return `${ns}ns`;
  if (ns < 1_000_000) return `${trim(ns / 1_000)}µs`;
  if (ns < 1_000_000_000) return `${trim(ns / 1_000_000)}ms`;
  const totalSeconds = ns / 1e9;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds - h * 3600) / 60);
  const s = totalSeconds - h * 3600 - m * 60;
  const sec = `${trim(Math.round(s * 1e9) / 1e9)}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

function trim(n: number): string {
  return String(Number(n.toFixed(9)));
}
