import { describe, expect, it } from 'vitest';
import type { FluxObjectView, FluxTreeNodeView } from './flux-objects.js';
import { formatTree } from './tree-format.js';

const root = {
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'flux-system',
  ready: 'True',
  reason: 'ReconciliationSucceeded',
  suspended: false,
} as FluxObjectView;
const node = (
  depth: number,
  kind: string,
  namespace: string | null,
  name: string,
  fluxObject: FluxTreeNodeView['fluxObject'] = null,
): FluxTreeNodeView => ({
  depth,
  group: '',
  kind,
  namespace,
  name,
  fluxObject,
});

describe('formatTree', () => {
  it('draws nested inventories with flux tree connectors and the health of Flux nodes', () => {
    const out = formatTree(root, [
      node(1, 'Namespace', null, 'podinfo'),
      node(1, 'HelmRelease', 'podinfo', 'podinfo', {
        ready: 'False',
        reason: 'InstallFailed',
        revision: null,
        suspended: false,
      }),
      node(2, 'Deployment', 'podinfo', 'podinfo'),
      node(2, 'Service', 'podinfo', 'podinfo'),
      node(1, 'Kustomization', 'flux-system', 'apps', {
        ready: 'True',
        reason: null,
        revision: null,
        suspended: true,
      }),
      node(2, 'ConfigMap', 'default', 'demo'),
    ]);
    expect(out).toBe(
      [
        'Kustomization/flux-system/flux-system (Ready=True, ReconciliationSucceeded)',
        '├── Namespace/podinfo',
        '├── HelmRelease/podinfo/podinfo (Ready=False, InstallFailed)',
        '│   ├── Deployment/podinfo/podinfo',
        '│   └── Service/podinfo/podinfo',
        '└── Kustomization/flux-system/apps (Suspended)',
        '    └── ConfigMap/default/demo',
        '',
      ].join('\n'),
    );
  });

  it('prints the root alone when its inventory is empty', () => {
    expect(formatTree(root, [])).toBe(
      'Kustomization/flux-system/flux-system (Ready=True, ReconciliationSucceeded)\n',
    );
  });
});
