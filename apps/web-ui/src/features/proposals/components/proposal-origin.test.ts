import { describe, expect, it } from 'vitest';
import { emptyDiffsText, fleetEditTitle, originText } from './proposal-origin';

const edit = { fleetSync: 'flotilla-system/hub', kind: 'Kustomization', namespace: 'flotilla-system', name: 'web', action: 'edit' };

describe('proposal origin', () => {
  it('an automation’s proposal names its automation and has no edit title', () => {
    expect(originText({ automation: 'flux-system/apps', fleetEdit: null })).toBe('flux-system/apps');
    expect(fleetEditTitle({ automation: 'flux-system/apps', fleetEdit: null })).toBeNull();
  });

  it('a FleetSync edit names its FleetSync and says which object it edits or deletes', () => {
    expect(originText({ automation: null, fleetEdit: edit })).toBe('FleetSync flotilla-system/hub');
    expect(fleetEditTitle({ automation: null, fleetEdit: edit })).toBe('Edit Kustomization flotilla-system/web');
    expect(fleetEditTitle({ automation: null, fleetEdit: { ...edit, action: 'delete' } })).toBe('Delete Kustomization flotilla-system/web');
  });

  it('an empty per-cluster list says why: nothing placed for an automation, a Kustomization, a HelmRelease, a GitRepository or an OCIRepository, the file diff for other kinds', () => {
    expect(emptyDiffsText({ automation: 'flux-system/apps', fleetEdit: null })).toContain('reading this source');
    expect(emptyDiffsText({ automation: null, fleetEdit: edit })).toBe('The Kustomization is placed on no cluster, before or after the change.');
    expect(emptyDiffsText({ automation: null, fleetEdit: { ...edit, kind: 'GitRepository' } })).toBe('No Kustomization or HelmRelease reading this GitRepository is placed on a cluster, or the change leaves the revision they build as it is.');
    expect(emptyDiffsText({ automation: null, fleetEdit: { ...edit, kind: 'HelmRelease' } })).toBe('The HelmRelease is placed on no cluster, before or after the change.');
    expect(emptyDiffsText({ automation: null, fleetEdit: { ...edit, kind: 'OCIRepository' } })).toBe('No Kustomization reading this OCIRepository is placed on a cluster, or the change is of its interval, timeout or suspend only.');
    expect(emptyDiffsText({ automation: null, fleetEdit: { ...edit, kind: 'OCIRepository', action: 'delete' } })).toContain('for this OCIRepository the file diff below is the change');
    expect(emptyDiffsText({ automation: null, fleetEdit: { ...edit, kind: 'HelmRepository' } })).toContain('for this HelmRepository the file diff below is the change');
  });
});
