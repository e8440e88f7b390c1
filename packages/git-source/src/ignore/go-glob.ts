// Go's path/filepath.Match for one path component: `*` (any run), `?` (one char), `[...]` classes with
// `^` negation and ranges, `\` escapes. A malformed pattern matches nothing, as go-git treats
// ErrBadPattern. Compiled once per pattern to a RegExp.

export function compileGoGlob(pattern: string): RegExp | undefined {
  let out = '^';
  let i = 0;
  // In a `u` RegExp `\-` is valid only inside a class: escaping it outside would make every pattern with a
  // `-` fail to compile, and so match nothing.
  const escOut = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  const esc = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '*') {
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '\\') {
      if (i + 1 >= pattern.length) return undefined;
      out += escOut(pattern[i + 1] as string);
      i += 2;
    } else if (c === '[') {
      i++;
      let cls = '';
      if (pattern[i] === '^') {
        cls += '^';
        i++;
      }
      let first = true;
      let closed = false;
      while (i < pattern.length) {
        let ch = pattern[i] as string;
        if (ch === ']' && !first) {
          closed = true;
          i++;
          break;
        }
        first = false;
        if (ch === '\\') {
          i++;
          if (i >= pattern.length) return undefined;
          ch = pattern[i] as string;
        }
        i++;
        if (pattern[i] === '-' && pattern[i + 1] !== undefined && pattern[i + 1] !== ']') {
          let hi = pattern[i + 1] as string;
          i += 2;
          if (hi === '\\') {
            if (i >= pattern.length) return undefined;
            hi = pattern[i] as string;
            i++;
          }
          if (hi < ch) return undefined;
          cls += `${esc(ch)}-${esc(hi)}`;
        } else {
          cls += esc(ch);
        }
      }
      if (!closed || cls === '' || cls === '^') return undefined;
      out += `[${cls}]`;
    } else {
      out += escOut(c);
      i++;
    }
  }
  try {
    return new RegExp(`${out}$`, 'u');
  } catch {
    return undefined;
  }
}
