// go-yaml v2 sorts map keys with a "natural" comparison (digit runs compare as numbers, letters before
// other characters); kustomize emits through sigs.k8s.io/yaml, which uses that encoder. The comparison
// is not transitive for odd key sets ("1k" < "9k" < "10k" < "1k"); Go's own output is then random.

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a), br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ca = ar[i] as string, cb = br[i] as string;
    if (ca === cb) continue;
    const al = isLetter(ca), bl = isLetter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    let an = 0, bn = 0;
    if (ca === '0' || cb === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] as string); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i, bi = i;
    for (; ai < ar.length && isDigit(ar[ai] as string); ai++) an = an * 10 + (ar[ai] as string).charCodeAt(0) - 48;
    for (; bi < br.length && isDigit(br[bi] as string); bi++) bn = bn * 10 + (br[bi] as string).charCodeAt(0) - 48;
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ca < cb;
  }
  return ar.length < br.length;
}

// Go compares strings byte-wise (UTF-8), which is code point order.
function byteOrder(a: string, b: string): number {
  const x = Array.from(a), y = Array.from(b);
  for (let i = 0; i < x.length && i < y.length; i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const SIMPLE = /^[A-Za-z]+$/;

/** Keys in the order go-yaml v2 writes a JSON-decoded map. */
export function goYamlKeyOrder(keys: string[]): string[] {
  // JSON marshalling first sorts byte-wise.
  const ks = keys.every((k) => k.charCodeAt(0) < 128 && /^[\x20-\x7e]*$/.test(k)) ? keys.slice().sort() : keys.slice().sort(byteOrder);
  if (ks.length < 2) return ks;
  // Fast path: purely alphabetic keys compare by code unit under both orders, already sorted.
  if (ks.every((k) => SIMPLE.test(k))) return ks;
  // Go starts from a map in random order; for the (transitive) orders real manifests have, any sort agrees.
  return ks.sort((a, b) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0));
}
