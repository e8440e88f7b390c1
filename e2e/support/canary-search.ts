/**
 * Planted secrets ("canaries") and the search for them: each value is looked for as written and in the
 * reversible encodings a leak could take (base64 and base64url at every byte alignment, hex in either case,
 * URL encoding), so a column or a log line holding an encoded secret counts as a leak too.
 */
export class CanarySearch {
  private readonly forms: { name: string; form: string; needle: string }[] = [];
  readonly leaks: string[] = [];
  /** What was searched, by place: texts (responses, pages, rows, lines) and their total characters. */
  readonly searched = new Map<string, { texts: number; chars: number }>();

  constructor(readonly canaries: Record<string, string>) {
    for (const [name, value] of Object.entries(canaries)) {
      if (value.length < 8) throw new Error(`canary ${name} is too short to search for without false hits`);
      for (const [form, needle] of encodings(value)) this.forms.push({ name, form, needle });
    }
  }

  /**
   * Searches `text` found at `where` (counted under `place`); `allowed` names canaries this text is meant to hold
   * (the one response that hands a new token out once).
   */
  search(place: string, where: string, text: string, allowed: readonly string[] = []): void {
    const seen = this.searched.get(place) ?? { texts: 0, chars: 0 };
    this.searched.set(place, { texts: seen.texts + 1, chars: seen.chars + text.length });
    for (const { name, form, needle } of this.forms) {
      if (allowed.includes(name)) continue;
      const at = text.indexOf(needle);
      if (at >= 0) this.leaks.push(`${name} (${form}) in ${where}: …${text.slice(Math.max(0, at - 60), at + needle.length + 20)}…`);
    }
  }

  summary(): string {
    return [...this.searched].map(([place, s]) => `${place}: ${s.texts} (${s.chars} chars)`).join('; ');
  }
}

/** The forms to search for; base64 of a value inside a longer text depends on its offset modulo 3. */
export function encodings(value: string): [string, string][] {
  const bytes = Buffer.from(value, 'utf8');
  const out = new Map<string, string>([[value, 'plain']]);
  for (let pad = 0; pad < 3; pad++) {
    const padded = Buffer.concat([Buffer.alloc(pad, 0x20), bytes]);
    for (const [kind, enc] of [
      ['base64', padded.toString('base64')],
      ['base64url', padded.toString('base64url')],
    ] as const) {
      // Drop the characters that mix in the neighbours' bytes: the first group when padded, the last group always.
      const inner = enc.replace(/=+$/, '').slice(pad === 0 ? 0 : 4, -4);
      if (inner.length >= 12 && !out.has(inner)) out.set(inner, `${kind}@${pad}`);
    }
  }
  out.set(bytes.toString('hex'), 'hex');
  out.set(bytes.toString('hex').toUpperCase(), 'HEX');
  const url = encodeURIComponent(value);
  if (!out.has(url)) out.set(url, 'url-encoded');
  return [...out].map(([needle, form]) => [form, needle]);
}
