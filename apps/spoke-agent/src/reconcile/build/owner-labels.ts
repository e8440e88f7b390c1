import { OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL, type KubeObject } from '../../k8s/index.js';
import { isRecord } from '../../k8s/object-ref.js';
import type { KustomizationRef } from '../kustomization-spec.js';

/** Flux's owner labels on every object, which prune checks before deleting (flux.md §2 pruning). */
export function stampOwnerLabels(objects: readonly KubeObject[], owner: KustomizationRef): KubeObject[] {
  return objects.map((o) => {
    const meta = isRecord(o.metadata) ? o.metadata : {};
    const labels = { ...(isRecord(meta.labels) ? meta.labels : {}), [OWNER_NAME_LABEL]: owner.name, [OWNER_NAMESPACE_LABEL]: owner.namespace };
    return { ...o, metadata: { ...meta, labels } };
  });
}
