import { isRecord } from '../object/kube-object.js';

// A valuesFrom `targetPath` as helm's --set reads a key: segments separated by dots (`\.` is a dot inside a
// segment), each optionally followed by list indexes `[n]`. The value is typed as --set types it (true, false,
// null and integers; anything else is a string) unless the reference is `literal`. Anything else is refused with
// the reason, rather than guessed. The agent sets values with it; the UI checks a targetPath with the same parser.

type Step = { key: string } | { index: number };

const MAX_INDEX = 65_536;

export function parseTargetPath(path: string): { ok: true; steps: Step[] } | { ok: false; message: string } {
  const steps: Step[] = [];
  const segments: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && path[i + 1] === '.') {
      cur += '.';
      i++;
    } else if (c === '.') {
      segments.push(cur);
      cur = '';
    } else cur += c;
  }
  segments.push(cur);
  for (const seg of segments) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(seg);
    if (!m) return { ok: false, message: `invalid segment '${seg}': brackets must hold a list index` };
    const [, key = '', indexes = ''] = m;
    if (key === '') return { ok: false, message: `key has an empty segment` };
    steps.push({ key });
    for (const idx of indexes.matchAll(/\[(\d+)\]/g)) {
      const n = Number(idx[1]);
      if (n > MAX_INDEX) return { ok: false, message: `list index ${n} is larger than ${MAX_INDEX}` };
      steps.push({ index: n });
    }
  }
  return { ok: true, steps };
}

function typed(value: string, literal: boolean): unknown {
  if (literal) return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  if (/^-?(0|[1-9]\d{0,17})$/.test(value)) return Number(value);
  return value;
}

export function setValueAtPath(values: Record<string, unknown>, path: string, value: string, literal: boolean): { ok: true; values: Record<string, unknown> } | { ok: false; message: string } {
  const parsed = parseTargetPath(path);
  if (!parsed.ok) return parsed;
  const root: Record<string, unknown> = structuredClone(values);
  let node: Record<string, unknown> | unknown[] = root;
  const steps = parsed.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step;
    const last = i === steps.length - 1;
    const nextIsIndex = !last && 'index' in (steps[i + 1] as Step);
    const fresh = (): Record<string, unknown> | unknown[] => (nextIsIndex ? [] : {});
    if ('key' in step) {
      if (Array.isArray(node)) return { ok: false, message: `'${step.key}' addresses a list by name` };
      if (last) node[step.key] = typed(value, literal);
      else {
        const child = node[step.key];
        const ok = nextIsIndex ? Array.isArray(child) : isRecord(child);
        if (!ok) node[step.key] = fresh();
        node = node[step.key] as Record<string, unknown> | unknown[];
      }
    } else {
      if (!Array.isArray(node)) return { ok: false, message: `index [${step.index}] addresses a map` };
      while (node.length <= step.index) node.push(null);
      if (last) node[step.index] = typed(value, literal);
      else {
        const child = node[step.index];
        const ok = nextIsIndex ? Array.isArray(child) : isRecord(child);
        if (!ok) node[step.index] = fresh();
        node = node[step.index] as Record<string, unknown> | unknown[];
      }
    }
  }
  return { ok: true, values: root };
}
