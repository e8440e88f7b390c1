import { describe, expect, it } from 'vitest';
import {
  inventoryFromChangeSet,
  inventoryFromRefs,
  listInventory,
  mergeSurvivors,
  staleObjects,
} from './inventory.js';
import { inventoryId, objectRef, parseInventoryId } from './object-ref.js';

const deploy = { group: 'apps', kind: 'Deployment', namespace: 'default', name: 'nginx', version: 'v1' };
const ns = { group: '', kind: 'Namespace', namespace: '', name: 'apps', version: 'v1' };
const role = {
  group: 'rbac.authorization.k8s.io',
  kind: 'ClusterRole',
  namespace: '',
  name: 'system:controller:x',
  version: 'v1',
};
const cm = { group: '', kind: 'ConfigMap', namespace: 'default', name: 'cfg', version: 'v1' };

describe('inventory ids (flux.md §2 inventory: <namespace>_<name>_<group>_<kind>)', () => {
  it('formats namespaced, core-group and cluster-scoped objects as Flux does', () => {
    expect(inventoryId(deploy)).toBe('default_nginx_apps_Deployment');
    expect(inventoryId(ns)).toBe('_apps__Namespace');
    expect(inventoryId(cm)).toBe('default_cfg__ConfigMap');
  });

  it('transcodes ":" in RBAC names to "__" and back', () => {
    expect(inventoryId(role)).toBe('_system__controller__x_rbac.authorization.k8s.io_ClusterRole');
    expect(parseInventoryId(inventoryId(role), 'v1')).toEqual({ ok: true, value: role, warnings: [] });
  });

  it('round-trips names that contain underscores', () => {
    const odd = { ...cm, name: 'my_config_map' };
    expect(parseInventoryId(inventoryId(odd), 'v1')).toMatchObject({ ok: true, value: odd });
  });

  it('builds the new inventory from a change set, with the applied versions', () => {
    const inv = inventoryFromChangeSet([{ ref: deploy }, { ref: { ...cm, version: 'v1' } }]);
    expect(inv).toEqual({
      entries: [
        { id: 'default_nginx_apps_Deployment', v: 'v1' },
        { id: 'default_cfg__ConfigMap', v: 'v1' },
      ],
    });
  });

  it('rejects ids it cannot parse with INVENTORY_ID_INVALID', () => {
    for (const bad of ['nounderscore', 'a_b', '__'])
      expect(parseInventoryId(bad)).toMatchObject({ ok: false, errors: [{ code: 'INVENTORY_ID_INVALID' }] });
  });

  it('reads the ref of an object, and refuses one without apiVersion, kind or name', () => {
    expect(
      objectRef({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'nginx', namespace: 'default' },
      }),
    ).toMatchObject({ ok: true, value: deploy });
    expect(objectRef({ kind: 'Deployment', metadata: { name: 'x' } })).toMatchObject({
      ok: false,
      errors: [{ code: 'OBJECT_INVALID' }],
    });
  });
});

describe('inventory diff', () => {
  const old = inventoryFromRefs([deploy, cm, ns, role]);
  const next = inventoryFromRefs([{ ...deploy, version: 'v2' }, ns]);

  it('stale objects are the old inventory minus the new one, whatever the version, in reconcile order', () => {
    const stale = staleObjects(old, next);
    expect(stale.ok && stale.value.map((r) => r.kind)).toEqual(['ClusterRole', 'ConfigMap']);
    expect(stale.ok && stale.value[1]?.version).toBe('v1');
  });

  it('nothing outside the old inventory is ever stale', () => {
    const stale = staleObjects(inventoryFromRefs([]), next);
    expect(stale.ok && stale.value).toEqual([]);
  });

  it('lists an inventory in Flux reconcile order (Namespaces and ClusterRoles before ConfigMaps and Deployments)', () => {
    const listed = listInventory(old);
    expect(listed.ok && listed.value.map((r) => r.kind)).toEqual([
      'Namespace',
      'ClusterRole',
      'ConfigMap',
      'Deployment',
    ]);
  });

  it('failed deletions are merged back so the next reconcile retries them (kustomize-controller#1664)', () => {
    const merged = mergeSurvivors(next, [cm, ns]);
    expect(merged.entries.map((e) => e.id)).toEqual([
      'default_nginx_apps_Deployment',
      '_apps__Namespace',
      'default_cfg__ConfigMap',
    ]);
  });
});
