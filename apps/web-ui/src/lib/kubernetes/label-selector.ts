// A client-side check of Kubernetes label-selector syntax (k8s.io/apimachinery/pkg/labels.Parse), so the
// filter box can say what is wrong before asking the hub. The hub stays the authority.
import { labelKeyError, labelValueError } from './label-validation';

export type SelectorOperator = 'exists' | 'notExists' | '=' | '!=' | 'in' | 'notin';

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

export type SelectorParseResult =
  { ok: true; requirements: SelectorRequirement[] } | { ok: false; error: string };

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'op'; text: '=' | '==' | '!=' | '!' | '(' | ')' | ','; at: number };

function tokenize(input: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '!' && input[i + 1] === '=') {
      tokens.push({ kind: 'op', text: '!=', at: i });
      i += 2;
    } else if (c === '=' && input[i + 1] === '=') {
      tokens.push({ kind: 'op', text: '==', at: i });
      i += 2;
    } else if (c === '=' || c === '!' || c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'op', text: c, at: i });
      i += 1;
    } else if (/[A-Za-z0-9_.\-/]/.test(c)) {
      const start = i;
      while (i < input.length && /[A-Za-z0-9_.\-/]/.test(input[i] ?? '')) i += 1;
      tokens.push({ kind: 'word', text: input.slice(start, i), at: start });
    } else {
      return `Unexpected character "${c}" at position ${i + 1}.`;
    }
  }
  return tokens;
}

export function parseLabelSelector(input: string): SelectorParseResult {
  const tokens = tokenize(input);
  if (typeof tokens === 'string') return { ok: false, error: tokens };
  const requirements: SelectorRequirement[] = [];
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const describe = (t: Token | undefined): string =>
    t ? `"${t.text}" at position ${t.at + 1}` : 'end of input';

  while (i < tokens.length) {
    let negate = false;
    let t = peek();
    if (t?.kind === 'op' && t.text === '!') {
      negate = true;
      i += 1;
      t = peek();
    }
    if (t?.kind !== 'word') return { ok: false, error: `Expected a label key, found ${describe(t)}.` };
    const key = t.text;
    const keyError = labelKeyError(key);
    if (keyError) return { ok: false, error: `Invalid key "${key}": ${keyError}` };
    i += 1;
    const next = peek();
    if (negate) {
      requirements.push({ key, operator: 'notExists', values: [] });
    } else if (next === undefined || (next.kind === 'op' && next.text === ',')) {
      requirements.push({ key, operator: 'exists', values: [] });
    } else if (next.kind === 'op' && (next.text === '=' || next.text === '==' || next.text === '!=')) {
      i += 1;
      const v = peek();
      let value = '';
      if (v?.kind === 'word') {
        value = v.text;
        i += 1;
      } else if (!(v === undefined || (v.kind === 'op' && v.text === ','))) {
        return { ok: false, error: `Expected a value, found ${describe(v)}.` };
      }
      const valueError = labelValueError(value);
      if (valueError) return { ok: false, error: `Invalid value "${value}": ${valueError}` };
      requirements.push({ key, operator: next.text === '!=' ? '!=' : '=', values: [value] });
    } else if (next.kind === 'word' && (next.text === 'in' || next.text === 'notin')) {
      i += 1;
      const open = peek();
      if (!(open?.kind === 'op' && open.text === '('))
        return { ok: false, error: `Expected "(" after "${next.text}", found ${describe(open)}.` };
      i += 1;
      const values: string[] = [];
      for (;;) {
        const v = peek();
        if (v?.kind === 'word') {
          const valueError = labelValueError(v.text);
          if (valueError) return { ok: false, error: `Invalid value "${v.text}": ${valueError}` };
          values.push(v.text);
          i += 1;
        }
        const sep = peek();
        if (sep?.kind === 'op' && sep.text === ',') {
          i += 1;
          continue;
        }
        if (sep?.kind === 'op' && sep.text === ')') {
          i += 1;
          break;
        }
        return { ok: false, error: `Expected "," or ")" in the value list, found ${describe(sep)}.` };
      }
      if (values.length === 0) return { ok: false, error: `"${next.text}" needs at least one value.` };
      requirements.push({ key, operator: next.text, values });
    } else {
      return {
        ok: false,
        error: `Expected an operator (=, !=, in, notin) after "${key}", found ${describe(next)}.`,
      };
    }
    const sep = peek();
    if (sep === undefined) break;
    if (!(sep.kind === 'op' && sep.text === ','))
      return { ok: false, error: `Expected "," between requirements, found ${describe(sep)}.` };
    i += 1;
    if (peek() === undefined) return { ok: false, error: 'Selector must not end with ",".' };
  }
  return { ok: true, requirements };
}

export function formatLabelSelector(requirements: readonly SelectorRequirement[]): string {
  return requirements
    .map((r) => {
      switch (r.operator) {
        case 'exists':
          return r.key;
        case 'notExists':
          return `!${r.key}`;
        case '=':
        case '!=':
          return `${r.key}${r.operator}${r.values[0] ?? ''}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.operator} (${r.values.join(',')})`;
      }
    })
    .join(',');
}

/**
 * Narrows a selector to `key=value`: keeps the other requirements and replaces any earlier equality on the
 * same key (a cluster has one value per key, so two would select nothing). An unparsable selector is
 * replaced outright.
 */
export function withEquality(selector: string, key: string, value: string): string {
  const parsed = parseLabelSelector(selector);
  const kept = parsed.ok ? parsed.requirements.filter((r) => !(r.key === key && r.operator === '=')) : [];
  return formatLabelSelector([...kept, { key, operator: '=', values: [value] }]);
}
