import { coreError, fail, ok, type Result } from '../errors.js';

// Go's time.ParseDuration and Duration.String, step for step, because every Flux duration field is a
// metav1.Duration that Flux decodes with ParseDuration: `1m30s`, `1.5h`, `-2us`, `+0`, `.5s`. A Go duration
// is an int64 count of nanoseconds, so the count is a bigint here; a double loses nanoseconds beyond 104 days
// and would let values through that Go refuses as overflow.

const NANOSECOND = 1n;
const MICROSECOND = 1_000n * NANOSECOND;
const MILLISECOND = 1_000n * MICROSECOND;
const SECOND = 1_000n * MILLISECOND;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', NANOSECOND],
  ['us', MICROSECOND],
  ['\u00b5s', MICROSECOND], // micro sign
  ['\u03bcs', MICROSECOND], // Greek small letter mu
  ['ms', MILLISECOND],
  ['s', SECOND],
  ['m', MINUTE],
  ['h', HOUR],
]);

const LIMIT = 1n << 63n; // Go checks against 1<<63 on the unsigned accumulator, then against MaxInt64.
const MAX_INT64 = LIMIT - 1n;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * Go's time.quote: ASCII printable characters as they are (with `"` and `\` escaped), anything else as the
 * `\xNN` escapes of its UTF-8 bytes. Go's error messages quote the input this way.
 */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x80 || code < 0x20) {
      for (const b of new TextEncoder().encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return `${out}"`;
}

const invalid = (message: string) => fail<bigint>(coreError('DURATION_INVALID', message));

/** Go's leadingInt: the leading digits, or undefined when they overflow. */
function leadingInt(s: string): { x: bigint; rest: string } | undefined {
  let i = 0;
  let x = 0n;
  for (; i < s.length && isDigit(s[i]); i++) {
    if (x > LIMIT / 10n) return undefined;
    x = x * 10n + BigInt(s.charCodeAt(i) - 48);
    if (x > LIMIT) return undefined;
  }
  return { x, rest: s.slice(i) };
}

/** Go's leadingFraction: the leading digits of a fraction; past int64 precision it stops accumulating. */
function leadingFraction(s: string): { x: bigint; scale: number; rest: string } {
  let i = 0;
  let x = 0n;
  let scale = 1;
  let overflow = false;
  for (; i < s.length && isDigit(s[i]); i++) {
    if (overflow) continue;
    if (x > MAX_INT64 / 10n) {
      overflow = true;
      continue;
    }
    const y = x * 10n + BigInt(s.charCodeAt(i) - 48);
    if (y > LIMIT) {
      overflow = true;
      continue;
    }
    x = y;
    scale *= 10;
  }
  return { x, scale, rest: s.slice(i) };
}

/**
 * Go's time.ParseDuration: a signed sequence of decimal numbers, each with an optional fraction and a unit
 * (`ns`, `us`/`µs`, `ms`, `s`, `m`, `h`). Returns nanoseconds; the error messages are Go's, word for word.
 */
export function parseGoDuration(text: string): Result<bigint> {
  const orig = goQuote(text);
  let s = text;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return ok(0n);
  if (s === '') return invalid(`time: invalid duration ${orig}`);
  let d = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid(`time: invalid duration ${orig}`);
    const before = s.length;
    const int = leadingInt(s);
    if (!int) return invalid(`time: invalid duration ${orig}`);
    let v = int.x;
    s = int.rest;
    const pre = before !== s.length;
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      const fracStart = s.length;
      ({ x: f, scale, rest: s } = leadingFraction(s));
      post = fracStart !== s.length;
    }
    if (!pre && !post) return invalid(`time: invalid duration ${orig}`);
    let i = 0;
    while (i < s.length && !(s[i] === '.' || isDigit(s[i]))) i++;
    if (i === 0) return invalid(`time: missing unit in duration ${orig}`);
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = UNITS.get(u);
    if (unit === undefined) return invalid(`time: unknown unit ${goQuote(u)} in duration ${orig}`);
    if (v > LIMIT / unit) return invalid(`time: invalid duration ${orig}`);
    v *= unit;
    if (f > 0n) {
      // Go computes the fraction in float64 (exact to the nanosecond up to an hour) and truncates.
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > LIMIT) return invalid(`time: invalid duration ${orig}`);
    }
    d += v;
    if (d > LIMIT) return invalid(`time: invalid duration ${orig}`);
  }
  if (neg) return ok(-d);
  if (d > MAX_INT64) return invalid(`time: invalid duration ${orig}`);
  return ok(d);
}

/** Go's fmtFrac: the fraction of v / 10^prec without trailing zeros (nothing when it is zero). */
function fmtFrac(v: bigint, prec: number): { frac: string; v: bigint } {
  let frac = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print ||= digit !== 0n;
    if (print) frac = `${digit}${frac}`;
    v /= 10n;
  }
  return { frac: print ? `.${frac}` : '', v };
}

/** Go's Duration.String: `1h0m0s`, `1m30s`, `1.5s`, `500ms`, `2µs`, `0s`, `-1m0s`. */
export function formatGoDuration(nanoseconds: bigint): string {
  const d = BigInt.asIntN(64, nanoseconds);
  const neg = d < 0n;
  const u = neg ? -d : d;
  let out: string;
  if (u < SECOND) {
    if (u === 0n) return '0s';
    const [prec, unit] = u < MICROSECOND ? [0, 'ns'] : u < MILLISECOND ? [3, '\u00b5s'] : [6, 'ms'];
    const { frac, v } = fmtFrac(u, prec);
    out = `${v}${frac}${unit}`;
  } else {
    const { frac, v } = fmtFrac(u, 9);
    const seconds = v % 60n;
    const minutes = (v / 60n) % 60n;
    const hours = v / 3600n;
    out = `${seconds}${frac}s`;
    if (v >= 60n) out = `${minutes}m${out}`;
    if (hours > 0n) out = `${hours}h${out}`;
  }
  return neg ? `-${out}` : out;
}

/** Nanoseconds as (fractional) milliseconds, for timers. */
export function durationMs(nanoseconds: bigint): number {
  return Number(nanoseconds) / 1e6;
}

/** Milliseconds as Go nanoseconds, rounded to the nanosecond. */
export function msDuration(ms: number): bigint {
  return BigInt(Math.round(ms * 1e6));
}
