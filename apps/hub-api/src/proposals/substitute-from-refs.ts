import type { SubstituteSource } from '@flotilla/reconcile-core';

// The plain part of a Kustomization's substituteFrom in proposal diffs (no Nest here, so benches and pure
// modules can import it): the refs of a stored spec, the placeholder a Secret's value becomes, what a read gives.

/**
 * What stands for a Secret's value in a diff: the same at base and head, so the diff is sound without it. No
 * space or `: ` in it, since substitution works on the YAML text (as Flux's) and it must stay a plain scalar.
 */
export const secretPlaceholder = (name: string, key: string): string => `<secret-value:Secret/${name}/${key}>`;
export const isSecretPlaceholder = (value: string): boolean => /^<secret-value:Secret\/[^/>]+\/[^/>]+>$/.test(value);

export interface SubstituteFromRef {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  optional?: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `spec.postBuild.substituteFrom` of a stored Kustomization spec (validated on write), in order. */
export function substituteFromOf(spec: unknown): SubstituteFromRef[] {
  const post = isRecord(spec) && isRecord(spec.postBuild) ? spec.postBuild : undefined;
  const from = post && Array.isArray(post.substituteFrom) ? post.substituteFrom : [];
  return from
    .filter(isRecord)
    .filter((r) => (r.kind === 'ConfigMap' || r.kind === 'Secret') && typeof r.name === 'string')
    .map((r) => ({ kind: r.kind as SubstituteFromRef['kind'], name: r.name as string, ...(r.optional === true ? { optional: true } : {}) }));
}

/** The substituteFrom sources as read in a cluster, Secret values replaced; or why they could not be read. */
export type ClusterSubstituteFrom = { ok: true; sources: SubstituteSource[] } | { ok: false; note: string };
