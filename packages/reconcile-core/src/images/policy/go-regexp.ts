// ImagePolicy `filterTags.pattern` is a Go (RE2) regular expression. RE2 and JavaScript agree on the common
// syntax; this translates the parts they spell differently so users' existing patterns keep working:
// `(?P<name>…)` groups, POSIX classes such as `[[:digit:]]`, `\z`, and leading inline flags like `(?i)`.

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

export function goRegExp(pattern: string): RegExp | undefined {
  let flags = '';
  let body = pattern;
  const inline = /^\(\?([imsU]+)\)/.exec(body);
  if (inline) {
    const wanted = inline[1] ?? '';
    if (wanted.includes('U')) return undefined; // ungreedy mode has no JavaScript equivalent
    flags += wanted;
    body = body.slice(inline[0].length);
  }
  body = body
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>')
    .replace(/\[:(\^?)([a-z]+):\]/g, (all, neg: string, name: string) => {
      const cls = POSIX_CLASSES[name];
      return cls === undefined || neg ? all : cls;
    })
    .replace(/\\z/g, '$(?![\\s\\S])');
  for (const f of [flags + 'u', flags]) {
    try {
      return new RegExp(body, f);
    } catch {
      // try without the unicode flag: RE2 accepts escapes such as `\-` that unicode mode refuses
    }
  }
  return undefined;
}

/** Go's `Regexp.Expand` template: `$1`, `$name`, `${name}`, `$$`; unknown names expand to nothing. */
export function expandGoTemplate(template: string, match: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch !== '$') {
      out += ch;
      continue;
    }
    const rest = template.slice(i + 1);
    if (rest.startsWith('$')) {
      out += '$';
      i++;
      continue;
    }
    const m = /^\{([A-Za-z0-9_]+)\}/.exec(rest) ?? /^([A-Za-z0-9_]+)/.exec(rest);
    if (!m) {
      out += '$';
      continue;
    }
    const name = m[1] ?? '';
    out += /^[0-9]+$/.test(name) ? (match[Number(name)] ?? '') : (match.groups?.[name] ?? '');
    i += m[0].length;
  }
  return out;
}
