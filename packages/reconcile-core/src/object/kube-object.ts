// Kubernetes objects travel through reconcile-core as plain JSON values. These readers never throw on
// odd shapes: a missing or mistyped field reads as undefined, and the caller decides whether that is an error.

export type KubeObject = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function metadataOf(obj: KubeObject): Record<string, unknown> {
  return isRecord(obj.metadata) ? obj.metadata : {};
}

function stringField(rec: Record<string, unknown>, key: string): string | undefined {
  const v = rec[key];
  return typeof v === 'string' ? v : undefined;
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

export const kindOf = (obj: KubeObject): string | undefined => stringField(obj, 'kind');
export const apiVersionOf = (obj: KubeObject): string | undefined => stringField(obj, 'apiVersion');
export const nameOf = (obj: KubeObject): string | undefined => stringField(metadataOf(obj), 'name');
export const namespaceOf = (obj: KubeObject): string | undefined => stringField(metadataOf(obj), 'namespace');
export const labelsOf = (obj: KubeObject): Record<string, string> => stringMap(metadataOf(obj).labels);
export const annotationsOf = (obj: KubeObject): Record<string, string> =>
  stringMap(metadataOf(obj).annotations);

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `` (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The version of an apiVersion: `apps/v1` → `v1`. */
export function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

/** Flux's human subject for an object: `Deployment/default/nginx`, or `Namespace/apps` when cluster-scoped. */
export function objectSubject(obj: { kind: string; namespace?: string; name: string }): string {
  return obj.namespace ? `${obj.kind}/${obj.namespace}/${obj.name}` : `${obj.kind}/${obj.name}`;
}

/**
 * Reads a Flux per-object setting (`kustomize.toolkit.fluxcd.io/<key>`) from annotations or labels; Flux
 * accepts either place.
 */
export function fluxSetting(obj: KubeObject, key: string): string | undefined {
  const full = `kustomize.toolkit.fluxcd.io/${key}`;
  return annotationsOf(obj)[full] ?? labelsOf(obj)[full];
}
