import { describe, expect, it } from 'vitest';
import { changeSetEntry } from '../plan/change-set.js';
import { selectHealthChecks } from './select-health-checks.js';

const ref = (group: string, kind: string, name: string, namespace = 'apps') => ({
  group,
  kind,
  name,
  namespace,
  version: 'v1',
});
const changeSet = [
  changeSetEntry(ref('apps', 'Deployment', 'web'), 'configured'),
  changeSetEntry(ref('', 'ConfigMap', 'frozen'), 'skipped'),
  changeSetEntry(ref('kustomize.toolkit.fluxcd.io', 'Kustomization', 'self', 'flux-system'), 'unchanged'),
];
const self = { name: 'self', namespace: 'flux-system' };

describe('selectHealthChecks (kustomize-controller wait / healthChecks)', () => {
  it('wait: every applied object except skipped ones and the Kustomization itself', () => {
    expect(selectHealthChecks({ wait: true, changeSet, self }).map((r) => r.name)).toEqual(['web']);
  });
  it('healthChecks: the listed refs, apiVersion defaulting to apps/v1', () => {
    const res = selectHealthChecks({
      wait: false,
      changeSet,
      self,
      healthChecks: [
        { kind: 'Deployment', name: 'api', namespace: 'apps' },
        { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'db', namespace: 'apps' },
      ],
    });
    expect(res).toEqual([
      ref('apps', 'Deployment', 'api'),
      { ...ref('helm.toolkit.fluxcd.io', 'HelmRelease', 'db'), version: 'v2' },
    ]);
  });
  it('neither wait nor healthChecks: nothing to check', () => {
    expect(selectHealthChecks({ wait: false, changeSet, self })).toEqual([]);
  });
});
