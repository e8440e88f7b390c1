import { DomainError } from '../common/domain-error.js';
import type { FieldPath } from '../flux-yaml/flux-yaml.parse.js';
import { validVariables } from '../clusters/cluster-input.validation.js';
import { validatePlacement, type Placement } from '../kustomizations/placement.js';
import type { PlacementVariables } from '../kustomizations/placement-variables.js';

// Our Placement kind (Flux has none): which clusters the named Kustomizations and HelmReleases of the same
// namespace run on, and the postBuild variables each of those clusters gets. It says in git what the hub's
// Kustomization and HelmRelease forms call placement (a label selector over cluster labels, plus cluster
// names), and adds per-cluster variables, which the forms have not. Variables are postBuild substitution, a
// Kustomization's: a Placement with variables places no HelmRelease (a release varies per cluster by the
// helm.flotilla.dev/overlays annotation instead).
//
//   apiVersion: placement.flotilla.dev/v1alpha1
//   kind: Placement
//   metadata: { name: web-prod, namespace: flotilla-system }
//   spec:
//     kustomizations: [web, api]              # one of kustomizations and helmReleases at least
//     helmReleases: [podinfo]
//     clusterSelector: env=prod,tier in (web)
//     variables: { replicas: "2" }           # every cluster the Placement places
//     clusters:
//       - edge-1                             # a name alone
//       - name: edge-2                       # a name with variables of its own, over spec.variables
//         variables: { replicas: "3" }

export const PLACEMENT_API_VERSION = 'placement.flotilla.dev/v1alpha1';
export const PLACEMENT_KIND = 'Placement';

export interface ParsedPlacement {
  line: number;
  namespace: string | null;
  name: string;
  kustomizations: { name: string; line: number }[];
  helmReleases: { name: string; line: number }[];
  placement: Placement;
  variables: PlacementVariables;
}

interface Problem {
  line: number;
  kind: string;
  name: string | null;
  field: string | null;
  message: string;
}

const METADATA_FIELDS = new Set(['name', 'namespace', 'labels', 'annotations', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields']);
const SPEC_FIELDS = new Set(['kustomizations', 'helmReleases', 'clusterSelector', 'clusters', 'variables']);
const CLUSTER_ENTRY_FIELDS = new Set(['name', 'variables']);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parsePlacement(
  value: Record<string, unknown>,
  docLine: number,
  lineOf: (f: FieldPath) => number,
): { ok: true; placement: ParsedPlacement } | { ok: false; problems: Problem[] } {
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : null;
  const problems: Problem[] = [];
  // A path is given as segments where a key of the user's may hold a dot (a variable name).
  const problem = (field: string | readonly string[] | null, message: string) => {
    const shown = field === null ? null : typeof field === 'string' ? field : field.join('.');
    problems.push({ line: field ? lineOf(field) : docLine, kind: PLACEMENT_KIND, name, field: shown, message: shown ? `${shown}: ${message}` : message });
  };
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
  const names = (field: 'kustomizations' | 'helmReleases', kind: string): { name: string; line: number }[] => {
    const list = spec[field];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) {
      problem(`spec.${field}`, `must be a list of ${kind} names`);
      return [];
    }
    const out: { name: string; line: number }[] = [];
    list.forEach((k: unknown, i: number) => {
      if (typeof k === 'string' && k !== '') out.push({ name: k, line: lineOf(`spec.${field}.${i}`) });
      else problem(`spec.${field}.${i}`, `must be a ${kind} name`);
    });
    return out;
  };
  const kustomizations = names('kustomizations', 'Kustomization');
  const helmReleases = names('helmReleases', 'HelmRelease');
  const listed = (p: Problem) => p.field !== null && /^spec\.(kustomizations|helmReleases)/.test(p.field);
  if (kustomizations.length === 0 && helmReleases.length === 0 && !problems.some(listed)) {
    problem(spec.kustomizations === undefined && spec.helmReleases !== undefined ? 'spec.helmReleases' : 'spec.kustomizations', 'must list the names of one or more Kustomizations (or HelmReleases, in spec.helmReleases)');
  }
  if (spec.clusterSelector !== undefined && spec.clusterSelector !== null && typeof spec.clusterSelector !== 'string') problem('spec.clusterSelector', 'must be a label selector string');
  const variables = variablesAt(spec.variables, ['spec', 'variables'], problem);
  const clusterNames: string[] = [];
  const clusterVariables = new Map<string, Record<string, string>>();
  if (spec.clusters !== undefined && !Array.isArray(spec.clusters)) problem('spec.clusters', 'must be a list of cluster names, or of {name, variables}');
  else
    (spec.clusters ?? []).forEach((c: unknown, i: number) => {
      if (typeof c === 'string') return void clusterNames.push(c);
      if (!isRecord(c) || typeof c.name !== 'string') return void problem(`spec.clusters.${i}`, 'must be a cluster name, or a map with name and variables');
      for (const key of Object.keys(c)) if (!CLUSTER_ENTRY_FIELDS.has(key)) problem(`spec.clusters.${i}.${key}`, `unknown field "${key}"`);
      clusterNames.push(c.name);
      if (clusterVariables.has(c.name)) problem(`spec.clusters.${i}.name`, `cluster ${c.name} has variables twice`);
      else clusterVariables.set(c.name, variablesAt(c.variables, ['spec', 'clusters', String(i), 'variables'], problem));
    });
  const hasVariables = Object.keys(variables).length > 0 || [...clusterVariables.values()].some((v) => Object.keys(v).length > 0);
  if (helmReleases.length > 0 && hasVariables) {
    problem(Object.keys(variables).length > 0 ? 'spec.variables' : 'spec.clusters', 'variables are postBuild substitution, which a HelmRelease has not: place HelmReleases with a Placement without variables (vary a release per cluster with its helm.flotilla.dev/overlays annotation)');
  }
  if (problems.length > 0 || name === null) return { ok: false, problems };
  let placement: Placement;
  try {
    placement = validatePlacement({ clusterSelector: (spec.clusterSelector as string | undefined) ?? null, clusterNames }, 'spec');
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'BAD_USER_INPUT') throw err;
    const field = err.field?.replace(/^spec\.clusterNames\[(\d+)\]$/, 'spec.clusters.$1') ?? null;
    problem(field, err.message.replace(/^spec\.[\w.[\]]+: /, ''));
    return { ok: false, problems };
  }
  const perCluster = Object.fromEntries([...clusterVariables].filter(([, v]) => Object.keys(v).length > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    ok: true,
    placement: { line: docLine, namespace: typeof metadata.namespace === 'string' ? metadata.namespace : null, name, kustomizations, helmReleases, placement, variables: { variables, clusterVariables: perCluster } },
  };
}

/**
 * A map of postBuild variables, by the rule of the cluster form's variables (Flux's variable names, value size,
 * count); values are strings, as substitution's are (`"3"`, not `3`).
 */
function variablesAt(value: unknown, at: readonly string[], problem: (field: readonly string[], message: string) => void): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    problem(at, 'must be a map of variable names to string values');
    return {};
  }
  const entries: { key: string; value: string }[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      problem([...at, key], 'must be a string (quote it: "3")');
      continue;
    }
    try {
      validVariables([{ key, value: v }], 'v');
      entries.push({ key, value: v });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'BAD_USER_INPUT') throw err;
      problem([...at, key], err.message);
    }
  }
  try {
    return validVariables(entries, 'v');
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'BAD_USER_INPUT') throw err;
    problem(at, err.message);
    return {};
  }
}
