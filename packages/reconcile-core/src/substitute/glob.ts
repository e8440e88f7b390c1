// Shell patterns for the `${var#pat}` / `${var%pat}` trims. Flux's fork of Go's path.Match lets `*` cross `/`
// as well, so `*` is "any run of characters", `?` one character, `[...]` a class (`^` negates, `a-z` ranges)
// and `\` escapes. Matching is the classic wildcard walk with one backtrack point, so a hostile pattern such
// as `*a*a*a*a*b` stays O(pattern × text) instead of exploding like a backtracking regex would.

type Token =
  | { kind: 'star' }
  | { kind: 'any' }
  | { kind: 'char'; ch: string }
  | { kind: 'class'; negated: boolean; ranges: [string, string][] };

/** Compiles a pattern; undefined for a malformed one (Go: ErrBadPattern), which leaves the value untrimmed. */
export function compileGlob(pattern: string): Token[] | undefined {
  const chars = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '*') tokens.push({ kind: 'star' });
    else if (ch === '?') tokens.push({ kind: 'any' });
    else if (ch === '\\') {
      const next = chars[i + 1];
      if (next === undefined) return undefined;
      tokens.push({ kind: 'char', ch: next });
      i++;
    } else if (ch === '[') {
      let j = i + 1;
      const negated = chars[j] === '^';
      if (negated) j++;
      const ranges: [string, string][] = [];
      let closed = false;
      for (; j < chars.length; j++) {
        let lo = chars[j] as string;
        if (lo === ']' && ranges.length > 0) {
          closed = true;
          break;
        }
        if (lo === '\\') {
          const esc = chars[++j];
          if (esc === undefined) return undefined;
          lo = esc;
        }
        let hi = lo;
        if (chars[j + 1] === '-' && chars[j + 2] !== undefined && chars[j + 2] !== ']') {
          hi = chars[j + 2] as string;
          j += 2;
          if (hi === '\\') {
            const esc = chars[++j];
            if (esc === undefined) return undefined;
            hi = esc;
          }
        }
        ranges.push([lo, hi]);
      }
      if (!closed) return undefined;
      tokens.push({ kind: 'class', negated, ranges });
      i = j;
    } else tokens.push({ kind: 'char', ch });
  }
  return tokens;
}

function matchOne(t: Token, ch: string): boolean {
  switch (t.kind) {
    case 'any':
      return true;
    case 'char':
      return t.ch === ch;
    case 'class': {
      const inside = t.ranges.some(([lo, hi]) => lo <= ch && ch <= hi);
      return inside !== t.negated;
    }
    case 'star':
      return false;
  }
}

/** Whether the whole of `text` matches the compiled pattern. */
export function globMatches(tokens: readonly Token[], text: string): boolean {
  const s = Array.from(text);
  let ti = 0;
  let si = 0;
  let starAt = -1;
  let starMatch = 0;
  while (si < s.length) {
    const t = tokens[ti];
    if (t && t.kind !== 'star' && matchOne(t, s[si] as string)) {
      ti++;
      si++;
    } else if (t && t.kind === 'star') {
      starAt = ti++;
      starMatch = si;
    } else if (starAt >= 0) {
      ti = starAt + 1;
      si = ++starMatch;
    } else return false;
  }
  while (tokens[ti]?.kind === 'star') ti++;
  return ti === tokens.length;
}
