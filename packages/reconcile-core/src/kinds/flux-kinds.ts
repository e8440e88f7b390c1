// The identity of every Flux kind Flotilla knows: API group, served version, kind, resource plural and the
// short names Flux's CRDs declare (`kubectl get ks`). Everything that names a kind takes it from here; the
// kinds' specs and schemas are defined elsewhere and keyed by these names.

export interface FluxKind {
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

const kind = (group: string, version: string, name: string, plural: string, shortNames: readonly string[] = []): FluxKind => ({
  group,
  version,
  kind: name,
  plural,
  shortNames,
  apiVersion: `${group}/${version}`,
});

export const FLUX_KINDS = {
  GitRepository: kind(SOURCE_GROUP, 'v1', 'GitRepository', 'gitrepositories', ['gitrepo']),
  OCIRepository: kind(SOURCE_GROUP, 'v1', 'OCIRepository', 'ocirepositories', ['ocirepo']),
  HelmRepository: kind(SOURCE_GROUP, 'v1', 'HelmRepository', 'helmrepositories', ['helmrepo']),
  HelmChart: kind(SOURCE_GROUP, 'v1', 'HelmChart', 'helmcharts', ['hc']),
  Bucket: kind(SOURCE_GROUP, 'v1', 'Bucket', 'buckets'),
  ExternalArtifact: kind(SOURCE_GROUP, 'v1', 'ExternalArtifact', 'externalartifacts'),
  Kustomization: kind('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations', ['ks']),
  HelmRelease: kind('helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases', ['hr']),
} as const satisfies Record<string, FluxKind>;

export type FluxKindName = keyof typeof FLUX_KINDS;

/** The kinds a Kustomization's `spec.sourceRef.kind` may name (kustomize-controller's CRD enum). */
export const KUSTOMIZATION_SOURCE_KINDS = ['OCIRepository', 'GitRepository', 'Bucket', 'ExternalArtifact'] as const satisfies readonly FluxKindName[];

/** The kind with this name, or undefined for a kind Flux does not define. */
export function fluxKind(name: string): FluxKind | undefined {
  return Object.hasOwn(FLUX_KINDS, name) ? FLUX_KINDS[name as FluxKindName] : undefined;
}
