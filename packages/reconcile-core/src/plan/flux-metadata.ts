import { annotationsOf, labelsOf, type KubeObject } from '../object/kube-object.js';

export const FLUX_GROUP = 'kustomize.toolkit.fluxcd.io';
export const OWNER_NAME_LABEL = `${FLUX_GROUP}/name`;
export const OWNER_NAMESPACE_LABEL = `${FLUX_GROUP}/namespace`;
export const PRUNE_KEY = `${FLUX_GROUP}/prune`;
export const RECONCILE_KEY = `${FLUX_GROUP}/reconcile`;
export const SSA_KEY = `${FLUX_GROUP}/ssa`;
export const FORCE_KEY = `${FLUX_GROUP}/force`;

/**
 * fluxcd/pkg/ssa AnyInMetadata: true when any key of `selector` is set, non-empty, on the object's labels or
 * annotations with the given value, compared case-insensitively.
 */
export function anyInMetadata(
  obj: KubeObject | undefined,
  selector: Readonly<Record<string, string>>,
): boolean {
  if (!obj) return false;
  const labels = labelsOf(obj);
  const annotations = annotationsOf(obj);
  return Object.entries(selector).some(([key, value]) => {
    const l = labels[key];
    const a = annotations[key];
    return (
      (l !== undefined && l !== '' && l.toLowerCase() === value.toLowerCase()) ||
      (a !== undefined && a !== '' && a.toLowerCase() === value.toLowerCase())
    );
  });
}

/** The owner labels kustomize-controller stamps on every object it applies. */
export function ownerLabels(owner: { name: string; namespace: string }): Record<string, string> {
  return { [OWNER_NAME_LABEL]: owner.name, [OWNER_NAMESPACE_LABEL]: owner.namespace };
}
