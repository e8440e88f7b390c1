import { DomainError } from '../common/domain-error.js';
import type { FieldPath } from '../flux-yaml/flux-yaml.parse.js';
import { validatePlacement, type Placement } from '../kustomizations/placement.js';

// Our Placement kind: which clusters the named Kustomizations of the same namespace run on. It says in git
// what the hub's Kustomization form calls placement (a label selector over cluster labels, plus cluster names).
//
//   apiVersion: placement.flotilla.dev/v1alpha1
//   kind: Placement
//   metadata: { name: web-prod, namespace: flotilla-system }
//   spec:
//     kustomizations: [web, api]
//     clusterSelector: env=prod,tier in (web)
//     clusters: [edge-1]

export const PLACEMENT_API_VERSION = 'placement.flotilla.dev/v1alpha1';
export const PLACEMENT_KIND = 'Placement';

export interface ParsedPlacement {
  line: number;
  namespace: string | null;
  name: string;
  kustomizations: { name: string; line: number }[];
  placement: Placement;
}

interface Problem {
  line: number;
  kind: string;
  name: string | null;
  field: string | null;
  message: string;
}

const METADATA_FIELDS = new Set(['name', 'namespace', 'labels', 'annotations', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields']);
const SPEC_FIELDS = new Set(['kustomizations', 'clusterSelector', 'clusters']);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parsePlacement(
  value: Record<string, unknown>,
  docLine: number,
  lineOf: (f: FieldPath) => number,
): { ok: true; placement: ParsedPlacement } | { ok: false; problems: Problem[] } {
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : null;
  const problems: Problem[] = [];
  const problem = (field: string | null, message: string) =>
    problems.push({ line: field ? lineOf(field) : docLine, kind: PLACEMENT_KIND, name, field, message: field ? `${field}: ${message}` : message });
  if (value.apiVersion !== PLACEMENT_API_VERSION) problem('apiVersion', `Placement is served as ${PLACEMENT_API_VERSION} (got ${JSON.stringify(value.apiVersion ?? null)})`);
  for (const key of Object.keys(value)) if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(key)) problem(key, `unknown field "${key}"`);
  if (name === null) problem('metadata.name', 'is required');
  for (const key of Object.keys(metadata)) if (!METADATA_FIELDS.has(key)) problem(`metadata.${key}`, `unknown field "${key}"`);
  if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string') problem('metadata.namespace', 'must be a string');
  const spec = isRecord(value.spec) ? value.spec : null;
  if (spec === null) {
    problem('spec', 'is required');
    return { ok: false, problems };
  }
  for (const key of Object.keys(spec)) if (!SPEC_FIELDS.has(key)) problem(`spec.${key}`, `unknown field "${key}"`);
  const kustomizations: { name: string; line: number }[] = [];
  if (!Array.isArray(spec.kustomizations) || spec.kustomizations.length === 0) problem('spec.kustomizations', 'must list the names of one or more Kustomizations');
  else
    spec.kustomizations.forEach((k, i) => {
      if (typeof k === 'string' && k !== '') kustomizations.push({ name: k, line: lineOf(`spec.kustomizations.${i}`) });
      else problem(`spec.kustomizations.${i}`, 'must be a Kustomization name');
    });
  if (spec.clusterSelector !== undefined && spec.clusterSelector !== null && typeof spec.clusterSelector !== 'string') problem('spec.clusterSelector', 'must be a label selector string');
  if (spec.clusters !== undefined && (!Array.isArray(spec.clusters) || spec.clusters.some((c) => typeof c !== 'string'))) problem('spec.clusters', 'must be a list of cluster names');
  if (problems.length > 0 || name === null) return { ok: false, problems };
  let placement: Placement;
  try {
    placement = validatePlacement({ clusterSelector: (spec.clusterSelector as string | undefined) ?? null, clusterNames: (spec.clusters as string[] | undefined) ?? [] }, 'spec');
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'BAD_USER_INPUT') throw err;
    const field = err.field?.replace(/^spec\.clusterNames\[(\d+)\]$/, 'spec.clusters.$1') ?? null;
    problem(field, err.message.replace(/^spec\.[\w.[\]]+: /, ''));
    return { ok: false, problems };
  }
  return { ok: true, placement: { line: docLine, namespace: typeof metadata.namespace === 'string' ? metadata.namespace : null, name, kustomizations, placement } };
}
