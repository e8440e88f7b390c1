import { envsubst, matchesLabelSelector, mergeValues, parseLabelSelector } from '@flotilla/reconcile-core';
import { badInput } from '../common/domain-error.js';

// Per-cluster values of a hub HelmRelease, a Flotilla extension (Flux's HelmRelease has one `values` for every
// cluster): overlays, each selecting clusters with a Kubernetes label selector, are merged in order over
// `values` (maps key by key, anything else replaced, as Flux merges valuesFrom), then the cluster variables —
// the same ones hub Kustomizations get for postBuild (`cluster_name`, `cluster_id`, `cluster_label_<key>` and
// the cluster's variable map) — are substituted in every string value with Flux's envsubst rules.

export interface ValuesOverlay {
  clusterSelector: string;
  values: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks overlays at the edge; errors name `overlays.<i>.clusterSelector` / `overlays.<i>.values`. */
export function validOverlays(input: readonly { clusterSelector?: string | null; values?: unknown }[] | null | undefined): ValuesOverlay[] {
  const list = input ?? [];
  if (list.length > 100) throw badInput('overlays', 'at most 100 overlays');
  return list.map((o, i) => {
    const selector = o.clusterSelector?.trim() ?? '';
    if (!selector) throw badInput(`overlays.${i}.clusterSelector`, `overlays.${i}.clusterSelector: a label selector is required`);
    const parsed = parseLabelSelector(selector);
    if (!parsed.ok) throw badInput(`overlays.${i}.clusterSelector`, `overlays.${i}.clusterSelector: invalid label selector: ${parsed.errors[0]?.message}`);
    if (!isRecord(o.values)) throw badInput(`overlays.${i}.values`, `overlays.${i}.values: values must be a map`);
    return { clusterSelector: selector, values: o.values };
  });
}

export function overlaysOf(json: unknown): ValuesOverlay[] {
  return Array.isArray(json) ? json.filter((o): o is ValuesOverlay => isRecord(o) && typeof o.clusterSelector === 'string' && isRecord(o.values)) : [];
}

export type RenderedValues = { ok: true; values: Record<string, unknown> } | { ok: false; message: string };

function substitute(value: unknown, vars: Record<string, string>, path: string): unknown {
  if (typeof value === 'string') {
    if (!value.includes('$')) return value;
    const out = envsubst(value, vars, { path });
    if (!out.ok) throw new Error(`values.${path}: ${out.errors[0]?.message ?? 'substitution failed'}`);
    return out.value;
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, vars, `${path}.${i}`));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars, path ? `${path}.${k}` : k)]));
  return value;
}

/** The values one cluster runs: `values`, the overlays selecting it in order, then the cluster variables substituted. */
export function renderClusterValues(values: unknown, overlays: readonly ValuesOverlay[], cluster: { labels: Record<string, string> }, variables: Record<string, string>): RenderedValues {
  let merged: Record<string, unknown> = isRecord(values) ? values : {};
  for (const o of overlays) {
    const selector = parseLabelSelector(o.clusterSelector);
    if (selector.ok && matchesLabelSelector(selector.value, cluster.labels)) merged = mergeValues(merged, o.values);
  }
  try {
    return { ok: true, values: substitute(merged, variables, '') as Record<string, unknown> };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}
