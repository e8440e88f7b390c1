// The identity of every Flux kind Flotilla knows: API group, served version, kind, resource plural and the
// short names Flux v2.9's CRDs declare (`kubectl get ks`, `kubectl get ea`). Everything that names a kind takes it from here; the
// kinds' specs and schemas are defined elsewhere and keyed by these names.

export interface FluxKindIdentity {
  group: string;
  /** The version Flux serves and stores. */
  version: string;
  kind: string;
  /** The resource name in URLs and RBAC (`gitrepositories`). */
  plural: string;
  shortNames: readonly string[];
  /** `group/version`, as in an object's apiVersion. */
  apiVersion: string;
}

const SOURCE_GROUP = 'source.toolkit.fluxcd.io';

// Generic so that `FLUX_KINDS.GitRepository.kind` has the literal type 'GitRepository' (zod literals, unions).
const kind = <const G extends string, const K extends string>(
  group: G,
  version: string,
  name: K,
  plural: string,
  shortNames: readonly string[] = [],
): FluxKindIdentity & { group: G; kind: K } => ({ group, version, kind: name, plural, shortNames, apiVersion: `${group}/${version}` });

export const FLUX_KINDS = {
  GitRepository: kind(SOURCE_GROUP, 'v1', 'GitRepository', 'gitrepositories', ['gitrepo']),
  OCIRepository: kind(SOURCE_GROUP, 'v1', 'OCIRepository', 'ocirepositories', ['ocirepo']),
  HelmRepository: kind(SOURCE_GROUP, 'v1', 'HelmRepository', 'helmrepositories', ['helmrepo']),
  HelmChart: kind(SOURCE_GROUP, 'v1', 'HelmChart', 'helmcharts', ['hc']),
  Bucket: kind(SOURCE_GROUP, 'v1', 'Bucket', 'buckets'),
  ExternalArtifact: kind(SOURCE_GROUP, 'v1', 'ExternalArtifact', 'externalartifacts', ['ea']),
  Kustomization: kind('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations', ['ks']),
  HelmRelease: kind('helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases', ['hr']),
} as const satisfies Record<string, FluxKindIdentity>;

export type FluxKindName = keyof typeof FLUX_KINDS;

/** The kinds a Kustomization's `spec.sourceRef.kind` may name (kustomize-controller's CRD enum). */
export const KUSTOMIZATION_SOURCE_KINDS = ['OCIRepository', 'GitRepository', 'Bucket', 'ExternalArtifact'] as const satisfies readonly FluxKindName[];

/** The kinds a HelmChart's `spec.sourceRef.kind` may name (source-controller's CRD enum). */
export const HELM_CHART_SOURCE_KINDS = ['HelmRepository', 'GitRepository', 'Bucket'] as const satisfies readonly FluxKindName[];

/** The kind with this name, or undefined for a kind Flux does not define. */
export function fluxKind(name: string): FluxKindIdentity | undefined {
  return Object.hasOwn(FLUX_KINDS, name) ? FLUX_KINDS[name as FluxKindName] : undefined;
}
