import { isRecord, metadataOf, type KubeObject } from '../k8s/object-ref.js';

// How `flux diff` shows a Secret: every value masked, a changed one as `*** (before)` / `*** (after)` (ssa's
// SanitizeUnstructuredData), so what changed is visible and no value is. A Secret built from SOPS the CLI could
// not decrypt carries the mask `**SOPS**` in its values; it is compared by its keys only, as flux does.

export const MASK = '***';
const SOPS_MASK = '**SOPS**';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const values = (obj: KubeObject | undefined): Record<string, unknown> => (obj && isRecord(obj.data) ? obj.data : {});

/** Whether a built Secret holds values the CLI masked because it had no SOPS key. */
export function holdsSopsMask(built: KubeObject): boolean {
  const decoded = Object.values(values(built)).map((v) => (typeof v === 'string' ? Buffer.from(v, 'base64').toString('latin1') : ''));
  const plain = isRecord(built.stringData) ? Object.values(built.stringData).map(String) : [];
  return [...decoded, ...plain].some((v) => v.includes(SOPS_MASK));
}

/** Whether two Secrets hold the same keys (what is compared when the values are masked). */
export function sameKeys(a: KubeObject | undefined, b: KubeObject | undefined): boolean {
  return JSON.stringify(Object.keys(values(a)).sort()) === JSON.stringify(Object.keys(values(b)).sort());
}

function withoutLastApplied(obj: KubeObject): KubeObject {
  const meta = metadataOf(obj);
  if (!isRecord(meta.annotations) || !(LAST_APPLIED in meta.annotations)) return obj;
  const { [LAST_APPLIED]: _dropped, ...annotations } = meta.annotations;
  return { ...obj, metadata: { ...meta, annotations } };
}

/** The live and merged Secret with their values masked as flux masks them; stringData is folded into data by the API server. */
export function maskSecretPair(live: KubeObject, merged: KubeObject): { live: KubeObject; merged: KubeObject } {
  const before = values(live);
  const after = values(merged);
  const mask = (own: Record<string, unknown>, other: Record<string, unknown>, side: string): Record<string, string> =>
    Object.fromEntries(Object.keys(own).map((k) => [k, k in other && other[k] !== own[k] ? `${MASK} (${side})` : MASK]));
  const out = (obj: KubeObject, data: Record<string, string>): KubeObject => {
    const { stringData: _s, ...rest } = withoutLastApplied(obj);
    return isRecord(obj.data) ? { ...rest, data } : rest;
  };
  return { live: out(live, mask(before, after, 'before')), merged: out(merged, mask(after, before, 'after')) };
}
