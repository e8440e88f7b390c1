import { isScalar, parseAllDocuments, type Document } from 'yaml';
import { isRecord } from '../k8s/object-ref.js';
import { credentialLeaves, type MaskedLeaf, type Side } from './credential-mask.js';

// A helm manifest (`---` documents, each after helm's `# Source:` comment) with what `credential-mask.ts` masks:
// every value of a Secret's `data` and `stringData`, kubectl's last-applied record of a Secret (it repeats the
// data), and credential-looking values of any object. Each masked value is replaced where it stands in the text, so
// everything else stays byte for byte as helm stored it (comments, quoting, blank lines). A manifest that does not
// parse, or whose value sits behind a YAML alias, is refused rather than sent unmasked.

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

interface Parsed {
  docs: Document.Parsed[];
  bySubject: Map<string, Record<string, unknown>>;
}

const isSecret = (o: Record<string, unknown>): boolean => o.kind === 'Secret' && o.apiVersion === 'v1';

function subject(o: Record<string, unknown>): string {
  const meta = isRecord(o.metadata) ? o.metadata : {};
  return `${String(o.kind)}/${String(meta.namespace ?? '')}/${String(meta.name ?? '')}`;
}

function parse(manifest: string): { ok: true; parsed: Parsed } | { ok: false; message: string } {
  const docs = parseAllDocuments(manifest);
  if (!Array.isArray(docs)) return { ok: true, parsed: { docs: [], bySubject: new Map() } };
  // The parser's own message quotes the line it failed on, which may hold a secret: only its code and position go out.
  const err = docs.find((d) => d.errors.length > 0)?.errors[0];
  if (err) return { ok: false, message: `${err.code} at line ${err.linePos?.[0].line ?? '?'}` };
  const bySubject = new Map<string, Record<string, unknown>>();
  for (const d of docs) {
    const o: unknown = d.toJS();
    if (isRecord(o)) bySubject.set(subject(o), o);
  }
  return { ok: true, parsed: { docs, bySubject } };
}

function leavesOf(o: Record<string, unknown>, other: Record<string, unknown> | undefined, side: Side): MaskedLeaf[] {
  if (!isSecret(o)) return credentialLeaves(o, other, side);
  const { data, stringData, ...rest } = o;
  const meta = isRecord(o.metadata) ? o.metadata : {};
  const annotations = isRecord(meta.annotations) ? meta.annotations : {};
  const otherMeta = isRecord(other?.metadata) ? other.metadata : {};
  const otherAnnotations = isRecord(otherMeta.annotations) ? otherMeta.annotations : {};
  return [
    ...credentialLeaves(rest, other, side),
    ...credentialLeaves(data, other?.data, side, true, ['data']),
    ...credentialLeaves(stringData, other?.stringData, side, true, ['stringData']),
    ...(LAST_APPLIED in annotations ? credentialLeaves(annotations[LAST_APPLIED], otherAnnotations[LAST_APPLIED], side, true, ['metadata', 'annotations', LAST_APPLIED]) : []),
  ];
}

/** Both manifests masked, each object compared with the object of the same kind, namespace and name in the other. */
export function maskManifestPair(before: string, after: string): { ok: true; before: string; after: string } | { ok: false; message: string } {
  const a = parse(before);
  if (!a.ok) return a;
  const b = parse(after);
  if (!b.ok) return b;
  const mask = (text: string, own: Parsed, other: Parsed, side: Side): string | undefined => {
    const splices: { start: number; end: number; text: string }[] = [];
    for (const d of own.docs) {
      const o: unknown = d.toJS();
      if (!isRecord(o)) continue;
      for (const leaf of leavesOf(o, other.bySubject.get(subject(o)), side)) {
        const node = d.getIn(leaf.path, true);
        if (!isScalar(node) || !node.range) return undefined;
        const [start, end] = node.range;
        // A block scalar's range takes its line ends with it: they stay.
        const ends = /\n*$/.exec(text.slice(start, end))?.[0] ?? '';
        splices.push({ start, end, text: JSON.stringify(leaf.value) + ends });
      }
    }
    let out = text;
    for (const sp of splices.sort((x, y) => y.start - x.start)) out = out.slice(0, sp.start) + sp.text + out.slice(sp.end);
    return out;
  };
  const maskedBefore = mask(before, a.parsed, b.parsed, 'before');
  const maskedAfter = mask(after, b.parsed, a.parsed, 'after');
  if (maskedBefore === undefined || maskedAfter === undefined) return { ok: false, message: 'a value to mask is behind a YAML alias' };
  return { ok: true, before: maskedBefore, after: maskedAfter };
}
