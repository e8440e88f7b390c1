import type { SubstituteRead, SubstituteReadResult, SubstituteReadSource } from '@flotilla/protocol';
import type { FluxObject } from '../controller/kind-reconciler.js';
import type { KubeClient } from '../k8s/index.js';
import { isRecord } from '../k8s/object-ref.js';
import { readData } from '../reconcile/build/cluster-inputs.js';

export interface SubstituteReaderOptions {
  /** The agent's own identity, which reads substituteFrom when it builds (as Flux's controller does). */
  client: KubeClient;
  /** A Kustomization as the controller runtime's cache holds it. */
  kustomization: (namespace: string, name: string) => FluxObject | undefined;
}

const listed = (ks: FluxObject): { kind: string; name: string }[] => {
  const post = isRecord(ks.spec?.postBuild) ? ks.spec.postBuild : {};
  return (Array.isArray(post.substituteFrom) ? post.substituteFrom : []).filter(isRecord).map((r) => ({ kind: String(r.kind), name: String(r.name) }));
};

/**
 * Answers the hub's `substitute.read`: the ConfigMaps and Secrets a Kustomization's `postBuild.substituteFrom`
 * names, read in its namespace as the build reads them. Only entries the Kustomization in this cluster lists are
 * read (whatever the hub asked); a ConfigMap goes back with its data, a Secret with its keys only, so no Secret
 * value leaves the cluster.
 */
export class SubstituteReader {
  constructor(private readonly opts: SubstituteReaderOptions) {}

  async read(req: SubstituteRead): Promise<SubstituteReadResult> {
    const { requestId, owner } = req;
    const fail = (code: Extract<SubstituteReadResult, { ok: false }>['code'], message: string): SubstituteReadResult => ({ requestId, ok: false, code, message });
    const ks = this.opts.kustomization(owner.namespace, owner.name);
    if (!ks) return fail('NOT_FOUND', `Kustomization ${owner.namespace}/${owner.name} is not in this cluster`);
    const allowed = listed(ks);
    const sources: SubstituteReadSource[] = [];
    for (const s of req.sources) {
      if (!allowed.some((a) => a.kind === s.kind && a.name === s.name)) return fail('NOT_IN_SPEC', `${s.kind}/${s.name} is not in the substituteFrom of Kustomization ${owner.namespace}/${owner.name} in this cluster`);
      const r = await readData(this.opts.client, owner.namespace, s.kind, s.name);
      if (!r.ok) return fail(r.message.includes('HTTP 403') ? 'FORBIDDEN' : 'READ_FAILED', r.message);
      if (s.kind === 'ConfigMap') sources.push(r.value ? { kind: 'ConfigMap', name: s.name, data: r.value } : { kind: 'ConfigMap', name: s.name });
      else sources.push(r.value ? { kind: 'Secret', name: s.name, keys: Object.keys(r.value) } : { kind: 'Secret', name: s.name });
    }
    return { requestId, ok: true, sources };
  }
}
