import { coreError, fail, ok, type Result } from '../../errors.js';

/**
 * The part of Go's text/template that image-automation commit message templates use: text, `{{ pipeline }}`
 * with field chains (`.Changed.Changes`, `$change.NewValue`), variables, `range` (over lists and maps, with
 * `$k, $v :=` or `$v :=` or none), `if`/`else`, `with`, `{{- -}}` whitespace trimming, comments, and the
 * `len` function. Maps iterate in sorted key order, as Go does. No other function is available; a template
 * using one fails with TEMPLATE_INVALID instead of rendering something else than Flux would.
 */

type Node =
  | { t: 'text'; text: string }
  | { t: 'out'; expr: string }
  | { t: 'range'; vars: string[]; expr: string; body: Node[]; orElse: Node[] }
  | { t: 'if'; expr: string; body: Node[]; orElse: Node[]; with: boolean };

interface Token {
  text?: string;
  action?: string;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    const close = src.indexOf('}}', open + 2);
    if (close < 0) throw new Error('unclosed action');
    let inner = src.slice(open + 2, close);
    if (inner.startsWith('- ') || inner === '-') {
      text = text.replace(/\s+$/, '');
      inner = inner.slice(1);
    }
    let next = close + 2;
    if (inner.endsWith(' -')) {
      inner = inner.slice(0, -1);
      const m = /^\s*/.exec(src.slice(next));
      next += m?.[0].length ?? 0;
    }
    if (text) out.push({ text });
    const action = inner.trim();
    if (!/^\/\*[\s\S]*\*\/$/.test(action)) out.push({ action });
    i = next;
  }
  return out;
}

function parse(tokens: Token[], pos: { i: number }, stopAt: string[]): { nodes: Node[]; stop: string } {
  const nodes: Node[] = [];
  while (pos.i < tokens.length) {
    const tok = tokens[pos.i++]!;
    if (tok.text !== undefined) {
      nodes.push({ t: 'text', text: tok.text });
      continue;
    }
    const action = tok.action!;
    const word = action.split(/\s+/)[0]!;
    if (stopAt.includes(word)) return { nodes, stop: word };
    if (word === 'range') {
      const m = /^range\s+(?:(\$\w+)\s*(?:,\s*(\$\w+))?\s*:=\s*)?(.+)$/.exec(action);
      if (!m) throw new Error(`bad range: ${action}`);
      const body = parse(tokens, pos, ['end', 'else']);
      const orElse = body.stop === 'else' ? parse(tokens, pos, ['end']).nodes : [];
      nodes.push({ t: 'range', vars: [m[1], m[2]].filter((v): v is string => Boolean(v)), expr: m[3]!, body: body.nodes, orElse });
    } else if (word === 'if' || word === 'with') {
      const body = parse(tokens, pos, ['end', 'else']);
      const orElse = body.stop === 'else' ? parse(tokens, pos, ['end']).nodes : [];
      nodes.push({ t: 'if', expr: action.slice(word.length).trim(), body: body.nodes, orElse, with: word === 'with' });
    } else if (word === 'end' || word === 'else') {
      throw new Error(`unexpected {{${word}}}`);
    } else {
      nodes.push({ t: 'out', expr: action });
    }
  }
  if (stopAt.length) throw new Error(`missing {{end}}`);
  return { nodes, stop: '' };
}

type Scope = { dot: unknown; vars: Map<string, unknown> };

function field(value: unknown, name: string): unknown {
  if (value instanceof Map) return value.get(name);
  if (typeof value === 'object' && value !== null) {
    const v = (value as Record<string, unknown>)[name];
    if (v === undefined && !(name in value)) throw new Error(`can't evaluate field ${name}`);
    return typeof v === 'function' ? (v as () => unknown).call(value) : v;
  }
  throw new Error(`can't evaluate field ${name} in type ${value === null ? 'nil' : typeof value}`);
}

function evaluate(expr: string, scope: Scope): unknown {
  const lenCall = /^len\s+(.+)$/.exec(expr);
  if (lenCall) {
    const v = evaluate(lenCall[1]!.trim(), scope);
    if (v instanceof Map) return v.size;
    if (Array.isArray(v) || typeof v === 'string') return v.length;
    throw new Error('len of a value that has no length');
  }
  if (/^"(?:[^"\\]|\\.)*"$/.test(expr)) return JSON.parse(expr) as string;
  const m = /^(\$\w*)?((?:\.\w+)*|\.)$/.exec(expr);
  if (!m || expr === '') throw new Error(`function or syntax not supported: ${expr}`);
  let value: unknown;
  if (m[1] === undefined) value = scope.dot;
  else if (!scope.vars.has(m[1])) throw new Error(`undefined variable ${m[1]}`);
  else value = scope.vars.get(m[1]);
  for (const name of (m[2] ?? '').split('.').filter(Boolean)) value = field(value, name);
  return value;
}

const truthy = (v: unknown): boolean =>
  v instanceof Map ? v.size > 0 : Array.isArray(v) ? v.length > 0 : typeof v === 'object' ? v !== null : Boolean(v);

function print(v: unknown): string {
  if (v === undefined || v === null) return '<no value>';
  if (typeof v === 'object' && typeof (v as { toString?: unknown }).toString === 'function' && (v as object).toString !== Object.prototype.toString) return String(v);
  if (typeof v === 'object') return `map[${Object.entries(v as object).map(([k, x]) => `${k}:${print(x)}`).join(' ')}]`;
  return String(v);
}

function entries(v: unknown): [unknown, unknown][] {
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (v instanceof Map) return [...v.entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  if (typeof v === 'object' && v !== null) return Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (v === undefined || v === null) return [];
  throw new Error(`range can't iterate over ${print(v)}`);
}

function run(nodes: Node[], scope: Scope, out: string[]): void {
  for (const n of nodes) {
    if (n.t === 'text') out.push(n.text);
    else if (n.t === 'out') out.push(print(evaluate(n.expr, scope)));
    else if (n.t === 'if') {
      const v = evaluate(n.expr, scope);
      if (truthy(v)) run(n.body, n.with ? { dot: v, vars: scope.vars } : scope, out);
      else run(n.orElse, scope, out);
    } else {
      const items = entries(evaluate(n.expr, scope));
      if (items.length === 0) run(n.orElse, scope, out);
      for (const [k, v] of items) {
        const vars = new Map(scope.vars);
        if (n.vars.length === 2) {
          vars.set(n.vars[0]!, k);
          vars.set(n.vars[1]!, v);
        } else if (n.vars.length === 1) vars.set(n.vars[0]!, v);
        run(n.body, { dot: v, vars }, out);
      }
    }
  }
}

export function renderGoTemplate(template: string, data: unknown): Result<string> {
  try {
    const { nodes } = parse(tokenize(template), { i: 0 }, []);
    const out: string[] = [];
    run(nodes, { dot: data, vars: new Map([['$', data]]) }, out);
    return ok(out.join(''));
  } catch (err) {
    return fail(coreError('TEMPLATE_INVALID', `message template: ${err instanceof Error ? err.message : String(err)}`));
  }
}
