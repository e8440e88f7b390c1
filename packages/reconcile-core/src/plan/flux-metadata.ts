import { annotationsOf, isRecord, labelsOf, type KubeObject } from '../object/kube-object.js';

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

/** A copy of the object carrying kustomize-controller's owner labels, which prune checks before deleting. */
export function withOwnerLabels(obj: KubeObject, owner: { name: string; namespace: string }): KubeObject {
  const metadata = isRecord(obj.metadata) ? obj.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  return { ...obj, metadata: { ...metadata, labels: { ...labels, ...ownerLabels(owner) } } };
}

/**
 * Whether the apply leaves an object alone, as kustomize-controller does: `reconcile: disabled` or
 * `ssa: Ignore` on the built or the live object, or `ssa: IfNotPresent` once the object exists. `existing`
 * is the live object, undefined when it does not exist or has not been read yet.
 */
export function excludedFromApply(desired: KubeObject, existing: KubeObject | undefined): boolean {
  const excluded = { [RECONCILE_KEY]: 'disabled', [SSA_KEY]: 'Ignore' };
  return (
    anyInMetadata(desired, excluded) ||
    anyInMetadata(existing, excluded) ||
    (existing !== undefined && anyInMetadata(desired, { [SSA_KEY]: 'IfNotPresent' }))
  );
}

/** Recreate on an immutable-field error: `spec.force`, or `kustomize.toolkit.fluxcd.io/force: Enabled` on the built or live object. */
export function forceRecreate(desired: KubeObject, existing: KubeObject | undefined, specForce: boolean): boolean {
  return specForce || anyInMetadata(desired, { [FORCE_KEY]: 'Enabled' }) || anyInMetadata(existing, { [FORCE_KEY]: 'Enabled' });
}
