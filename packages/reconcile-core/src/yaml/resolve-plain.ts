// Resolution of plain (unquoted) scalars the way go-yaml v3 decodes them into Go values, which is how
// kustomize reads manifests before its JSON round trip. Notable differences from YAML 1.2 core:
// 1.1-style octals (0644), underscores in numbers, and timestamps that become RFC 3339 strings.

export type PlainValue = string | number | boolean | null;

const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const MAP: Record<string, PlainValue> = {
  true: true, True: true, TRUE: true,
  false: false, False: false, FALSE: false,
  '': null, '~': null, null: null, Null: null, NULL: null,
};
const SPECIAL_FLOATS = new Set(['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF']);

/** Thrown (internally) for values that cannot survive kustomize's JSON round trip. */
export class InvalidValueError extends Error {}

// Go's strconv.ParseInt(s, 0, 64) after underscores were removed: sign, then 0x/0o/0b/0 prefixes.
function parseGoInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const body = m[2] as string;
  let v: number;
  if (/^0[xX]/.test(body)) v = parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) v = parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) v = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body.startsWith('0')) v = parseInt(body.slice(1), 8);
  else v = parseInt(body, 10);
  // Beyond uint64 Go falls back to float parsing; beyond int64 the value would still be a number.
  return sign * v;
}

const TS_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{1,2}:\d{2})|( )(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?))?$/;

const pad = (n: number | string, w = 2): string => String(n).padStart(w, '0');

/** go-yaml v3 timestamp → Go time.Time → JSON (RFC 3339 with nanoseconds, trailing zeros trimmed). */
function timestampToJson(s: string): string | undefined {
  const m = TS_RE.exec(s);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const month = Number(mo), day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const hh = m[5] ?? m[11], mm = m[6] ?? m[12], ss = m[7] ?? m[13];
  const frac = m[8] ?? m[14];
  let zone = m[9] ?? 'Z';
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59)) return undefined;
  if (zone !== 'Z') {
    const zm = /^([+-])(\d{1,2}):(\d{2})$/.exec(zone);
    if (!zm) return undefined;
    zone = Number(zm[2]) === 0 && Number(zm[3]) === 0 ? 'Z' : `${zm[1]}${pad(zm[2] as string)}:${zm[3]}`;
  }
  let fraction = '';
  if (frac) {
    const digits = frac.slice(1, 10).replace(/0+$/, '');
    if (digits) fraction = `.${digits}`;
  }
  return `${y}-${pad(month)}-${pad(day)}T${pad(hh ?? 0)}:${pad(mm ?? 0)}:${pad(ss ?? 0)}${fraction}${zone}`;
}

export function resolvePlain(s: string): PlainValue {
  const c = s.charAt(0);
  if (c === '' || 'yYnNtTfFoO~'.includes(c)) {
    // hasOwn: a plain `toString` is the string, not Object.prototype's method.
    return Object.hasOwn(MAP, s) ? (MAP[s] as PlainValue) : s;
  }
  if (c === '.') {
    if (SPECIAL_FLOATS.has(s)) throw new InvalidValueError(`value ${s} cannot be represented in JSON`);
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
    return s;
  }
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (SPECIAL_FLOATS.has(s)) throw new InvalidValueError(`value ${s} cannot be represented in JSON`);
    if (c >= '0' && c <= '9') {
      const ts = timestampToJson(s);
      if (ts !== undefined) return ts;
    }
    const plain = s.replace(/_/g, '');
    const i = parseGoInt(plain);
    if (i !== undefined && Number.isFinite(i)) return i;
    if (FLOAT_RE.test(plain)) {
      const f = Number(plain);
      if (!Number.isFinite(f)) throw new InvalidValueError(`value ${s} overflows a float64`);
      return f;
    }
    return s;
  }
  return s;
}
