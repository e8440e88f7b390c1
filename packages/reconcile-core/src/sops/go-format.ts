// How SOPS turns a value into the bytes its MAC covers (sops.ToBytes): Go's strconv formatting.

/** strconv.FormatFloat(f, 'f', -1, 64): the shortest round-trip digits, never in exponent form. */
export function formatFloatF(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign = '', first = '', rest = '', expText = '0'] = m;
  const digits = first + rest;
  const exp = Number(expText);
  if (exp >= 0) {
    const intLen = exp + 1;
    return (
      sign +
      (digits.length <= intLen
        ? digits + '0'.repeat(intLen - digits.length)
        : `${digits.slice(0, intLen)}.${digits.slice(intLen)}`)
    );
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** A scalar as SOPS feeds it to the MAC. Booleans are title-case, as in the Python original. */
export function macBytes(value: string | number | boolean | Uint8Array): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'boolean') return new TextEncoder().encode(value ? 'True' : 'False');
  if (typeof value === 'number')
    return new TextEncoder().encode(
      Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? BigInt(value).toString() : formatFloatF(value),
    );
  return new TextEncoder().encode(value);
}
