import { refSubject, type ObjectRef as CoreRef } from '@flotilla/reconcile-core';

// Objects travel through the engine as plain JSON; these helpers read them without trusting their shape.

export type KubeObject = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The identity of an object on the API server. `namespace` is absent for cluster-scoped objects. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export function metadataOf(obj: KubeObject): Record<string, unknown> {
  return isRecord(obj.metadata) ? obj.metadata : {};
}

function str(rec: Record<string, unknown>, key: string): string | undefined {
  const v = rec[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function refOf(obj: KubeObject): ObjectRef {
  const meta = metadataOf(obj);
  const ns = str(meta, 'namespace');
  return { apiVersion: str(obj, 'apiVersion') ?? '', kind: str(obj, 'kind') ?? '', name: str(meta, 'name') ?? '', ...(ns ? { namespace: ns } : {}) };
}

export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** Flux's human subject: `Deployment/default/nginx`, `Namespace/apps`. */
export function subjectOf(ref: ObjectRef): string {
  return refSubject(toCoreRef(ref));
}

/** reconcile-core's ref (group and version apart, `''` for no namespace), for its inventory and plan rules. */
export function toCoreRef(ref: ObjectRef): CoreRef {
  const slash = ref.apiVersion.indexOf('/');
  return { group: groupOf(ref.apiVersion), kind: ref.kind, namespace: ref.namespace ?? '', name: ref.name, version: slash < 0 ? ref.apiVersion : ref.apiVersion.slice(slash + 1) };
}

export function fromCoreRef(ref: CoreRef): ObjectRef {
  return { apiVersion: ref.group ? `${ref.group}/${ref.version}` : ref.version, kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) };
}

/** A key that ignores the version, so the same object under v1beta1 and v1 is one object. */
export function refKey(ref: ObjectRef): string {
  return `${ref.namespace ?? ''}_${ref.name}_${groupOf(ref.apiVersion)}_${ref.kind}`;
}

export function labelsOf(obj: KubeObject): Record<string, string> {
  return stringMap(metadataOf(obj).labels);
}

export function annotationsOf(obj: KubeObject): Record<string, string> {
  return stringMap(metadataOf(obj).annotations);
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** A Flux per-object setting `kustomize.toolkit.fluxcd.io/<key>`, from annotations or labels, lower-cased. */
export function fluxSetting(obj: KubeObject, key: string): string | undefined {
  const full = `kustomize.toolkit.fluxcd.io/${key}`;
  return (annotationsOf(obj)[full] ?? labelsOf(obj)[full])?.toLowerCase();
}
