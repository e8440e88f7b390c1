/**
 * Kubernetes label-selector syntax (`env=prod,tier in (a,b),!legacy`), parsed into requirements that the
 * repository turns into SQL. Errors are returned, not thrown, with the offending part named.
 */
export type Requirement =
  | { op: 'eq'; key: string; value: string }
  | { op: 'neq'; key: string; value: string }
  | { op: 'in'; key: string; values: string[] }
  | { op: 'notin'; key: string; values: string[] }
  | { op: 'exists'; key: string }
  | { op: 'notexists'; key: string };

export type SelectorResult = { ok: true; requirements: Requirement[] } | { ok: false; message: string };

// Kubernetes: optional DNS-subdomain prefix + '/' + name of up to 63 chars [A-Za-z0-9-_.], alnum at both ends.
const keyPattern = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const valuePattern = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export const isLabelKey = (key: string): boolean => key.length <= 316 && keyPattern.test(key);
export const isLabelValue = (value: string): boolean => valuePattern.test(value);

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] | null {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0 || depth > 1) return null;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (depth !== 0) return null;
  terms.push(current.trim());
  return terms;
}

function parseTerm(term: string): Requirement | string {
  let m = /^!\s*(\S+)$/.exec(term);
  if (m) return isLabelKey(m[1]!) ? { op: 'notexists', key: m[1]! } : `"${m[1]}" is not a valid label key`;
  m = /^(\S+?)\s+(in|notin)\s*\(([^()]*)\)$/.exec(term);
  if (m) {
    const key = m[1]!;
    const values = m[3]!.split(',').map((v) => v.trim());
    if (!isLabelKey(key)) return `"${key}" is not a valid label key`;
    if (values.length === 0 || values.some((v) => v === '' && values.length > 1)) return `"${term}" has an empty value in its set`;
    const bad = values.find((v) => !isLabelValue(v));
    if (bad !== undefined) return `"${bad}" is not a valid label value`;
    return m[2] === 'in' ? { op: 'in', key, values } : { op: 'notin', key, values };
  }
  m = /^([^=!\s]+)\s*(==|=|!=)\s*([^=!\s]*)$/.exec(term);
  if (m) {
    const [, key, op, value] = m as unknown as [string, string, string, string];
    if (!isLabelKey(key)) return `"${key}" is not a valid label key`;
    if (!isLabelValue(value)) return `"${value}" is not a valid label value`;
    return op === '!=' ? { op: 'neq', key, value } : { op: 'eq', key, value };
  }
  if (isLabelKey(term)) return { op: 'exists', key: term };
  return `cannot parse "${term}"; use key=value, key!=value, key in (a,b), key notin (a,b), key or !key`;
}

export function parseLabelSelector(selector: string): SelectorResult {
  const trimmed = selector.trim();
  if (trimmed === '') return { ok: true, requirements: [] };
  if (trimmed.length > 4096) return { ok: false, message: 'selector is longer than 4096 characters' };
  const terms = splitTerms(trimmed);
  if (!terms) return { ok: false, message: 'unbalanced parentheses' };
  const requirements: Requirement[] = [];
  for (const term of terms) {
    if (term === '') return { ok: false, message: 'empty requirement (two commas in a row, or a trailing comma)' };
    const r = parseTerm(term);
    if (typeof r === 'string') return { ok: false, message: r };
    requirements.push(r);
  }
  return { ok: true, requirements };
}

/** In-memory matcher with the same semantics as the SQL (used by tests to cross-check). */
export function matchesSelector(labels: Record<string, string>, requirements: Requirement[]): boolean {
  return requirements.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case 'eq':
        return has && v === r.value;
      case 'neq':
        return !has || v !== r.value;
      case 'in':
        return has && r.values.includes(v!);
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
  });
}
