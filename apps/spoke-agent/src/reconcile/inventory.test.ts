import { describe, expect, it } from 'vitest';
import { changeEntry } from '../k8s/change-set.js';
import { entryOf, inventoryFromChangeSet, mergeEntries, refOfEntry, staleObjects } from './inventory.js';

const dep = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' };
const ns = { apiVersion: 'v1', kind: 'Namespace', name: 'apps' };

describe('inventory (flux.md §1.6 inventory ids)', () => {
  it('writes Flux ids <ns>_<name>_<group>_<kind> with the version, and reads them back', () => {
    expect(entryOf(dep)).toEqual({ id: 'default_web_apps_Deployment', v: 'v1' });
    expect(entryOf(ns)).toEqual({ id: '_apps__Namespace', v: 'v1' });
    expect(refOfEntry(entryOf(dep))).toEqual(dep);
    expect(refOfEntry(entryOf(ns))).toEqual(ns);
  });

  it('stale objects are the old inventory minus the new one (flux.md §2 inventory)', () => {
    const old = inventoryFromChangeSet([changeEntry(dep, 'created'), changeEntry(ns, 'created')]);
    const next = inventoryFromChangeSet([changeEntry(ns, 'unchanged')]);
    expect(staleObjects(old, next)).toEqual({ ok: true, refs: [dep] });
    expect(mergeEntries(next, [entryOf(dep)]).map((e) => e.id).sort()).toEqual(old.map((e) => e.id).sort());
  });

  it('escapes ":" in RBAC names as cli-utils does', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'system:reader' };
    expect(entryOf(role)).toEqual({ id: '_system__reader_rbac.authorization.k8s.io_ClusterRole', v: 'v1' });
    expect(refOfEntry(entryOf(role))).toEqual(role);
  });
});
