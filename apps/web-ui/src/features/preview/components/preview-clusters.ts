import type { KustomizationDetail } from '../../kustomizations/api/kustomization-types';
import type { PreviewCluster } from './kustomization-preview';

/** The clusters a Kustomization is placed on, with what each reported (inventory, last applied revision, whether it observed the saved spec). */
export const previewClusters = (k: KustomizationDetail): PreviewCluster[] =>
  k.clusters.map((c) => ({
    name: c.cluster.name,
    inventory: c.inventory.map((e) => e.id),
    lastAppliedRevision: c.lastAppliedRevision ?? null,
    observedSavedSpec: c.observedGeneration === k.generation,
  }));
