// Shell patterns for the `${var#pat}` / `${var%pat}` trims. Flux's fork of Go's path.Match lets `*` cross
// `/` as well, so `*` is "any run of characters" here, `?` one character, `[...]` a class and `\` escapes.
export function globToRegExp(pattern: string): RegExp | undefined {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return undefined; // a trailing backslash is a bad pattern
      re += escapeRegExp(next);
      i++;
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return undefined;
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith('^');
      if (negated) body = body.slice(1);
      re += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, (c) => `\\${c}`)}]`;
      i = end;
    } else re += escapeRegExp(ch);
  }
  try {
    return new RegExp(`^${re}$`, 'u');
  } catch {
    return undefined;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, (c) => `\\${c}`);
}
