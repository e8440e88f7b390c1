import { describe, expect, it } from 'vitest';
import { toInventoryEntries } from './kustomization.mapper.js';

describe('toInventoryEntries (Flux inventory ids <namespace>_<name>_<group>_<kind>, flux.md §1.6)', () => {
  it('splits namespaced, cluster-scoped and core-group entries', () => {
    expect(
      toInventoryEntries([
        { id: 'default_nginx_apps_Deployment', v: 'v1' },
        { id: '_team-a__Namespace', v: 'v1' },
        { id: 'default_cfg__ConfigMap', v: 'v1' },
        { id: '_admin_rbac.authorization.k8s.io_ClusterRole', v: 'v1' },
      ]),
    ).toEqual([
      { id: 'default_nginx_apps_Deployment', version: 'v1', group: 'apps', kind: 'Deployment', namespace: 'default', name: 'nginx' },
      { id: '_team-a__Namespace', version: 'v1', group: '', kind: 'Namespace', namespace: null, name: 'team-a' },
      { id: 'default_cfg__ConfigMap', version: 'v1', group: '', kind: 'ConfigMap', namespace: 'default', name: 'cfg' },
      { id: '_admin_rbac.authorization.k8s.io_ClusterRole', version: 'v1', group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: null, name: 'admin' },
    ]);
  });

  it('skips malformed entries instead of failing the page', () => {
    expect(toInventoryEntries([{ id: 'nonsense' }, { v: 'v1' }, null, 'x'])).toEqual([]);
    expect(toInventoryEntries({ entries: [] })).toEqual([]);
  });
});
