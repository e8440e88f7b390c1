import { stringify } from 'yaml';
import type { KustomizationObject } from '../kustomizations/dto/kustomization.object.js';
import type { GitRepositoryObject } from '../sources/dto/git-repository.object.js';
import { IMPORTABLE_KINDS } from './flux-yaml.parse.js';
import { placementAnnotations } from './placement-annotations.js';

// Hub objects → Flux YAML that the API server with Flux's CRDs accepts and that imports back to the same
// objects. Only spec: status belongs to each cluster; credentials stay in the hub (a GitRepository with
// stored credentials is exported without secretRef, and imported again keeps what it stored).

export type FluxDocument = Record<string, unknown>;

/** metadata.labels as a map, left out when there are none. */
const labelsOf = (labels: { key: string; value: string }[]) =>
  labels.length > 0 ? { labels: Object.fromEntries(labels.map((l) => [l.key, l.value])) } : {};

const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

export function gitRepositoryDocument(g: GitRepositoryObject): FluxDocument {
  const ref = g.ref ? compact({ ...g.ref }) : {};
  return {
    apiVersion: IMPORTABLE_KINDS.GitRepository,
    kind: 'GitRepository',
    metadata: { name: g.name, namespace: g.namespace, ...labelsOf(g.labels) },
    spec: compact({
      url: g.url,
      ...(Object.keys(ref).length > 0 ? { ref } : {}),
      interval: g.interval,
      timeout: g.timeout,
      ignore: g.ignore,
      ...(g.suspend ? { suspend: true } : {}),
    }),
  };
}

export function kustomizationDocument(k: KustomizationObject): FluxDocument {
  const annotations = placementAnnotations(k.placement);
  return {
    apiVersion: IMPORTABLE_KINDS.Kustomization,
    kind: 'Kustomization',
    metadata: { name: k.name, namespace: k.namespace, ...labelsOf(k.labels), ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: k.spec,
  };
}

/** Documents as one multi-document YAML text, `---` between them. */
export function toFluxYaml(docs: readonly FluxDocument[]): string {
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}
