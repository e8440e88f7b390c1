import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Scalar } from 'yaml';
import { coreError, fail, ok, type CoreWarning, type Result } from '../../errors.js';

/** An ImagePolicy's `status.latestRef`. */
export interface LatestImageRef {
  name: string;
  tag: string;
  digest?: string;
}

export interface SetterChange {
  /** The marker's setter: `ns:policy`, `ns:policy:tag`, `ns:policy:name` or `ns:policy:digest`. */
  setter: string;
  /** 1-based line of the value. */
  line: number;
  oldValue: string;
  newValue: string;
  /** `Kind/namespace/name` of the document the value is in, when it has those fields. */
  object?: string;
}

export interface SetterResult {
  text: string;
  changes: SetterChange[];
}

// A trailing line comment holding the JSON marker, e.g. `# {"$imagepolicy": "flux-system:podinfo:tag"}`.
const MARKER = /^[ \t]*#[ \t]*(\{.*\})[ \t]*$/;

/**
 * Rewrites the values marked with `{"$imagepolicy": "<ns>:<policy>[:tag|:name|:digest]"}` setter comments, as
 * Flux's image-automation-controller does: the whole marker sets `name:tag` (plus `@digest` when the policy
 * reflects one), the suffixes set only that part. Only the marked values' bytes change — every other byte of
 * the file, comments and formatting included, stays as it was; a value keeps its quoting style unless the new
 * value needs quotes. Markers naming an unknown policy are left alone.
 */
export function applySetters(
  text: string,
  policies: Readonly<Record<string, LatestImageRef>>,
  path?: string,
): Result<SetterResult> {
  if (!text.includes('$imagepolicy')) return ok({ text, changes: [] });
  // prettyErrors off: per-error source context makes a text with many errors cost quadratic time.
  const docs = parseAllDocuments(text, { keepSourceTokens: false, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const parseError = list.flatMap((d) => d.errors)[0];
  if (!Array.isArray(docs) || parseError) {
    return fail(
      coreError(
        'SETTER_YAML_INVALID',
        `cannot parse YAML: ${parseError?.message.split('\n')[0] ?? 'not a YAML stream'}`,
        path,
      ),
    );
  }
  const edits: { start: number; end: number; replacement: string; change: SetterChange }[] = [];
  const warnings: CoreWarning[] = [];
  for (const doc of list) {
    let object: string | undefined;
    try {
      object = objectSubject(doc.toJS({ maxAliasCount: 100 }) as unknown);
    } catch {
      object = undefined; // an unresolvable alias elsewhere in the document does not stop the setters
    }
    visitScalars(doc.contents, (node) => {
      const range = node.range;
      if (!range) return;
      const [start, valueEnd] = range;
      const lineEnd = text.indexOf('\n', valueEnd);
      const rest = text.slice(valueEnd, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
      const marker = MARKER.exec(rest);
      if (!marker) return;
      const setter = parseMarker(marker[1] ?? '');
      if (setter === undefined) return;
      const value = setterValue(setter, policies);
      if (value === undefined) return;
      const line = text.slice(0, start).split('\n').length;
      if (value === '') {
        warnings.push({
          code: 'SETTER_MARKER_INVALID',
          message: `line ${line}: ${setter} has no digest to set; value left unchanged`,
          ...(path ? { path } : {}),
        });
        return;
      }
      if (
        node.type === 'BLOCK_LITERAL' ||
        node.type === 'BLOCK_FOLDED' ||
        (typeof node.value !== 'string' && typeof node.value !== 'number')
      )
        return;
      const oldValue = String(node.value);
      if (oldValue === value) return;
      edits.push({
        start,
        end: valueEnd,
        replacement: formatScalar(value, node.type),
        change: { setter, line, oldValue, newValue: value, ...(object ? { object } : {}) },
      });
    });
  }
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.replacement + out.slice(e.end);
  return ok({ text: out, changes: edits.map((e) => e.change).sort((a, b) => a.line - b.line) }, warnings);
}

function visitScalars(node: unknown, fn: (s: Scalar) => void): void {
  if (isScalar(node)) fn(node);
  else if (isMap(node))
    for (const pair of node.items) visitScalars(isPair(pair) ? pair.value : undefined, fn);
  else if (isSeq(node)) for (const item of node.items) visitScalars(item, fn);
}

function parseMarker(json: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed === 'object' && parsed !== null && '$imagepolicy' in parsed) {
      const v = (parsed as Record<string, unknown>)['$imagepolicy'];
      return typeof v === 'string' ? v : undefined;
    }
  } catch {
    // not a setter marker, just a comment that looks like JSON
  }
  return undefined;
}

function setterValue(setter: string, policies: Readonly<Record<string, LatestImageRef>>): string | undefined {
  const parts = setter.split(':');
  const [ns, policy, field] = parts;
  if (parts.length < 2 || parts.length > 3 || !ns || !policy) return undefined;
  const ref = policies[`${ns}:${policy}`];
  if (!ref || !Object.prototype.hasOwnProperty.call(policies, `${ns}:${policy}`)) return undefined;
  switch (field) {
    case undefined:
      return `${ref.name}:${ref.tag}${ref.digest ? `@${ref.digest}` : ''}`;
    case 'tag':
      return ref.tag;
    case 'name':
      return ref.name;
    case 'digest':
      return ref.digest ?? '';
    default:
      return undefined;
  }
}

// Keep the original style; a plain value that would read back as something other than the same string
// (a number-like tag such as 1.10, `yes`, a value starting with an indicator) gets double quotes.
function formatScalar(value: string, type: Scalar['type']): string {
  if (type === 'QUOTE_SINGLE') return `'${value.replaceAll("'", "''")}'`;
  if (type === 'QUOTE_DOUBLE' || !plainSafe(value)) return JSON.stringify(value);
  return value;
}

function plainSafe(value: string): boolean {
  if (
    value === '' ||
    /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(value) ||
    /\s$/.test(value) ||
    /: |\s#|[\n\r]/.test(value)
  )
    return false;
  // YAML 1.1 and 1.2 non-strings: numbers, booleans, null, timestamps.
  if (
    /^(?:[-+]?(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/.test(
      value,
    )
  )
    return false;
  if (
    /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/.test(
      value,
    )
  )
    return false;
  if (/^\d{4}-\d\d?-\d\d?/.test(value)) return false;
  return !/^\d+(:[0-5]?\d)+(\.\d*)?$/.test(value); // YAML 1.1 sexagesimal
}

function objectSubject(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof v.kind !== 'string' || typeof v.metadata?.name !== 'string') return undefined;
  return typeof v.metadata.namespace === 'string'
    ? `${v.kind}/${v.metadata.namespace}/${v.metadata.name}`
    : `${v.kind}/${v.metadata.name}`;
}
