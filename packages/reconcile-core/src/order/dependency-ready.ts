/** What the outer gate knows about one dependency of a Kustomization or HelmRelease. */
export interface DependencyState {
  exists: boolean;
  generation?: number;
  observedGeneration?: number;
  ready?: 'True' | 'False' | 'Unknown';
  lastAppliedRevision?: string;
  /** The dependency's source, to detect the same-source lockstep case (`Kind/ns/name`). */
  sourceRef?: string;
}

export type DependencyVerdict =
  { ready: true } | { ready: false; reason: 'DependencyNotReady'; message: string };

/**
 * Flux's built-in dependency check (flux.md §2 dependencies): the dependency exists, has observed its latest
 * generation, is Ready=True, and — when it uses the same source as the dependent — has already applied the
 * revision the dependent is about to apply (lockstep).
 */
export function dependencyReady(
  id: string,
  dep: DependencyState,
  dependent: { sourceRef?: string; artifactRevision?: string },
): DependencyVerdict {
  const notReady = (why: string): DependencyVerdict => ({
    ready: false,
    reason: 'DependencyNotReady',
    message: `dependency '${id}' ${why}`,
  });
  if (!dep.exists) return notReady('is not found');
  if (dep.generation !== undefined && dep.observedGeneration !== dep.generation)
    return notReady('is not ready: latest generation not observed');
  if (dep.ready !== 'True') return notReady('is not ready');
  const sameSource = dep.sourceRef !== undefined && dep.sourceRef === dependent.sourceRef;
  if (
    sameSource &&
    dependent.artifactRevision !== undefined &&
    dep.lastAppliedRevision !== dependent.artifactRevision
  ) {
    return notReady(
      `is not ready: revision ${dep.lastAppliedRevision ?? '(none)'} is behind ${dependent.artifactRevision} of the shared source`,
    );
  }
  return { ready: true };
}
