import type { SubstituteSource } from '@flotilla/reconcile-core';
import { isRecord } from '../../k8s/object-ref.js';
import type { KubeClient } from '../../k8s/index.js';
import type { KustomizationRef, KustomizationSpec } from '../kustomization-spec.js';
import type { ClusterInputs } from './render-manifests.js';

export type { ClusterInputs } from './render-manifests.js';

/** A ConfigMap's or Secret's data (a Secret's values decoded); undefined when it does not exist. */
export async function readData(client: KubeClient, namespace: string, kind: 'ConfigMap' | 'Secret', name: string): Promise<ClusterInputs<Record<string, string> | undefined>> {
  const resource = kind === 'ConfigMap' ? 'configmaps' : 'secrets';
  const res = await client.request({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/${resource}/${encodeURIComponent(name)}` });
  if (res.status === 404) return { ok: true, value: undefined };
  if (res.status !== 200 || !isRecord(res.body)) return { ok: false, message: `reading ${kind}/${namespace}/${name} failed with HTTP ${res.status}` };
  const out: Record<string, string> = {};
  const data = isRecord(res.body.data) ? res.body.data : {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string') out[k] = kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v;
  return { ok: true, value: out };
}

/** postBuild.substituteFrom, read from the Kustomization's namespace with the reconciling identity. */
export async function readSubstituteSources(client: KubeClient, owner: KustomizationRef, spec: KustomizationSpec): Promise<ClusterInputs<SubstituteSource[]>> {
  const out: SubstituteSource[] = [];
  for (const ref of spec.postBuild?.substituteFrom ?? []) {
    const r = await readData(client, owner.namespace, ref.kind, ref.name);
    if (!r.ok) return r;
    out.push({ kind: ref.kind, name: ref.name, optional: ref.optional, data: r.value });
  }
  return { ok: true, value: out };
}

/** The age identities of `decryption.secretRef` (entries named `*.agekey`, flux.md §2 SOPS). */
export async function readAgeIdentities(client: KubeClient, owner: KustomizationRef, spec: KustomizationSpec): Promise<ClusterInputs<string[] | undefined>> {
  const name = spec.decryption?.secretRef?.name;
  if (!name) return { ok: true, value: undefined };
  const r = await readData(client, owner.namespace, 'Secret', name);
  if (!r.ok) return r;
  if (!r.value) return { ok: false, message: `decryption secret ${owner.namespace}/${name} not found` };
  // reconcile-core reads age identity files whole (comments and several keys allowed).
  return { ok: true, value: Object.entries(r.value).filter(([k]) => k.endsWith('.agekey')).map(([, v]) => v) };
}
