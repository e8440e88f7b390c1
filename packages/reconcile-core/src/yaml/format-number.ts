// Numbers reach kustomize's output as JSON text re-read by go-yaml v2: integral values (below 2^63) stay
// integers, everything else is a float64 printed with strconv.FormatFloat(f, 'g', -1, 64).

export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  const [mant = '0', expStr = '0'] = n.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 21 || (exp >= 6 && !Number.isInteger(n))) {
    const e = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  // %f with the shortest digits: JS toString agrees in this range.
  return String(n);
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 9.2e18) return String(n);
  return formatGoFloat(n);
}
