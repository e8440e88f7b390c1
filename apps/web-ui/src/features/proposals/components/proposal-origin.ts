/** The origin fields of a proposal, as the list and the page select them. */
export interface OriginFields {
  automation: string | null;
  fleetEdit: { fleetSync: string; kind: string; namespace: string; name: string; action: string } | null;
}

/** What the change is, for a proposed edit of an object managed by git (null for an automation's). */
export function fleetEditTitle(p: OriginFields): string | null {
  const e = p.fleetEdit;
  return e ? `${e.action === 'delete' ? 'Delete' : 'Edit'} ${e.kind} ${e.namespace}/${e.name}` : null;
}

/** Where a proposal comes from: its automation, or the FleetSync whose object was edited. */
export function originText(p: OriginFields): string {
  if (p.fleetEdit) return `FleetSync ${p.fleetEdit.fleetSync}`;
  return p.automation ?? '';
}

/**
 * What an empty per-cluster list means: for an automation, that nothing reading its source is placed; for an
 * edit of a Kustomization, a HelmRelease, a GitRepository or an OCIRepository, that nothing placed renders
 * differently; other kinds show the file only.
 */
export function emptyDiffsText(p: OriginFields): string {
  const e = p.fleetEdit;
  if (!e) return 'No Kustomization or HelmRelease reading this source targets a cluster.';
  if (e.kind === 'Kustomization' || e.kind === 'HelmRelease') return `The ${e.kind} is placed on no cluster, before or after the change.`;
  if (e.kind === 'GitRepository' && e.action === 'edit') return 'No Kustomization or HelmRelease reading this GitRepository is placed on a cluster, or the change leaves the revision they build as it is.';
  if (e.kind === 'OCIRepository' && e.action === 'edit') return 'No Kustomization reading this OCIRepository is placed on a cluster, or the change is of its interval, timeout or suspend only.';
  return `Per-cluster diffs are shown for Kustomization, HelmRelease, GitRepository and OCIRepository edits; for this ${e.kind} the file diff below is the change.`;
}
