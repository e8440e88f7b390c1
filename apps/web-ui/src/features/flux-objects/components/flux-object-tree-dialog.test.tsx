import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { FluxObjectRef } from '../api/flux-object-keys';
import type { FluxTree } from '../api/get-flux-object-tree';
import { FluxObjectTreeDialog, ownersOf } from './flux-object-tree-dialog';

const root: FluxObjectRef = {
  clusterId: 'c-1',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'apps',
};
const ready = {
  id: 'f-2',
  ready: 'True',
  reason: 'ReconciliationSucceeded',
  message: 'ok',
  suspended: false,
};
type TreeNode = FluxTree['nodes'][number];
const node = (
  depth: number,
  group: string,
  kind: string,
  namespace: string | null,
  name: string,
  fluxObject: TreeNode['fluxObject'] = null,
  health: TreeNode['health'] = null,
): TreeNode => ({
  depth,
  group,
  kind,
  namespace,
  name,
  fluxObject,
  health,
});
const nodes = [
  node(1, 'apps', 'Deployment', 'web', 'frontend'),
  node(1, 'kustomize.toolkit.fluxcd.io', 'Kustomization', 'flux-system', 'infra', ready),
  node(2, '', 'ConfigMap', 'infra', 'settings'),
  node(1, 'helm.toolkit.fluxcd.io', 'HelmRelease', 'web', 'cache', ready),
  node(2, 'apps', 'StatefulSet', 'web', 'cache-redis', null, {
    status: 'IN_PROGRESS',
    message: 'Ready: 1/3',
  }),
];
const treeReply = () =>
  gqlData({
    fluxObjectTree: {
      truncated: false,
      root: {
        id: 'f-1',
        kind: 'Kustomization',
        namespace: 'flux-system',
        name: 'apps',
        ready: 'True',
        reason: 'ok',
        message: 'ok',
      },
      nodes,
    },
  });
const yaml = (replicas: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: frontend\n  namespace: web\nspec:\n  replicas: ${replicas}\n`;

const open = () =>
  renderRoute(<FluxObjectTreeDialog target={root} clusterName="prod-1" onClose={() => undefined} />);

describe('ownersOf', () => {
  it('gives each node the Kustomization or HelmRelease whose inventory holds it: the root, or a nested one', () => {
    const owners = ownersOf(root, nodes);
    expect(owners.map((o) => o && `${o.kind}/${o.namespace}/${o.name}`)).toEqual([
      'Kustomization/flux-system/apps',
      'Kustomization/flux-system/apps',
      'Kustomization/flux-system/infra',
      'Kustomization/flux-system/apps',
      'HelmRelease/web/cache',
    ]);
    const release = { ...root, kind: 'HelmRelease' as const };
    expect(ownersOf(release, [nodes[0]!])).toEqual([release]);
    expect(ownersOf({ ...root, kind: 'GitRepository' }, [nodes[0]!])).toEqual([null]);
  });
});

describe('FluxObjectTreeDialog live objects', () => {
  it('shows a workload’s health as the agent reported it, with its message, and none where it reported none', async () => {
    mockHub({ FluxObjectTree: treeReply });
    open();
    const redis = (await screen.findByText('StatefulSet/web/cache-redis')).closest('li') as HTMLElement;
    expect(within(redis).getByLabelText('In progress — Ready: 1/3')).toBeInTheDocument();
    const frontend = screen.getByText('Deployment/web/frontend').closest('li') as HTMLElement;
    expect(frontend.querySelector('[data-health]')).toBeNull();
  });

  it('compares an applied object with the live one in a diff viewer, and shows the live YAML', async () => {
    const hub = mockHub({
      FluxObjectTree: treeReply,
      LiveObject: () =>
        gqlData({
          liveObject: {
            live: `${yaml(5)}status:\n  readyReplicas: 5\n`,
            desired: yaml(2),
            liveComparable: yaml(5),
            desiredComparable: yaml(2),
          },
        }),
    });
    open();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Compare Deployment/web/frontend with the live object' }),
    );
    const section = await screen.findByRole('region', { name: 'Live Deployment/web/frontend' });
    await within(section).findByText(/differs from what the last build applies/);
    const diff = await within(section).findByTestId('yaml-diff');
    expect(diff).toHaveTextContent('replicas: 2');
    expect(diff).toHaveTextContent('replicas: 5');
    expect(within(section).getByText(/readyReplicas: 5/)).toBeInTheDocument();
    const asked = hub.requests.find((r) => r.operationName === 'LiveObject');
    expect(asked?.variables).toEqual({
      owner: root,
      target: { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'frontend' },
    });
  });

  it('asks a nested Kustomization for what it applied, and a HelmRelease for an object of its release', async () => {
    const hub = mockHub({
      FluxObjectTree: treeReply,
      LiveObject: () =>
        gqlData({ liveObject: { live: null, desired: null, liveComparable: null, desiredComparable: null } }),
    });
    open();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Compare ConfigMap/infra/settings with the live object' }),
    );
    expect(await screen.findByText('Gone from the cluster')).toBeInTheDocument();
    expect(screen.getByText('No desired state to compare')).toBeInTheDocument();
    expect(hub.requests.find((r) => r.operationName === 'LiveObject')?.variables).toMatchObject({
      owner: { clusterId: 'c-1', kind: 'Kustomization', namespace: 'flux-system', name: 'infra' },
    });
    // The objects of the HelmRelease's release are compared through the HelmRelease, as the agent reads them.
    expect(screen.getAllByRole('button', { name: /^Compare / })).toHaveLength(5);
    await userEvent.click(screen.getByRole('button', { name: 'Compare StatefulSet/web/cache-redis with the live object' }));
    await waitFor(() =>
      expect(hub.requests.filter((r) => r.operationName === 'LiveObject').at(-1)?.variables).toMatchObject({
        owner: { clusterId: 'c-1', kind: 'HelmRelease', namespace: 'web', name: 'cache' },
      }),
    );
  });

  it('shows the hub’s error when the agent cannot answer, and reads again on demand', async () => {
    let calls = 0;
    mockHub({
      FluxObjectTree: treeReply,
      LiveObject: () => {
        calls += 1;
        return gqlError('AGENT_TIMEOUT', 'the agent of this cluster did not answer within 10 s; try again');
      },
    });
    open();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Compare Deployment/web/frontend with the live object' }),
    );
    expect(await screen.findByText(/did not answer within 10 s/)).toBeInTheDocument();
    expect(screen.getByText('AGENT_TIMEOUT')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(calls).toBe(2));
  });

  const release: FluxObjectRef = { clusterId: 'c-1', kind: 'HelmRelease', namespace: 'web', name: 'cache' };
  const releaseTree = (releaseNodes: TreeNode[]) => () =>
    gqlData({
      fluxObjectTree: {
        truncated: false,
        root: {
          id: 'f-3',
          kind: 'HelmRelease',
          namespace: 'web',
          name: 'cache',
          ready: 'True',
          reason: 'ok',
          message: 'ok',
        },
        nodes: releaseNodes,
      },
    });
  const openRelease = () =>
    renderRoute(<FluxObjectTreeDialog target={release} clusterName="prod-1" onClose={() => undefined} />);

  it('opens a HelmRelease’s tree: the objects of its current release with their health, each compared with what the release rendered', async () => {
    const hub = mockHub({
      FluxObjectTree: releaseTree([
        node(1, '', 'Secret', 'web', 'cache-redis-auth'),
        node(1, 'rbac.authorization.k8s.io', 'ClusterRole', null, 'web:cache-reader', null, {
          status: 'CURRENT',
          message: null,
        }),
        node(1, 'apps', 'StatefulSet', 'web', 'cache-redis', null, {
          status: 'FAILED',
          message: 'Ready: 0/3',
        }),
      ]),
      LiveObject: () =>
        gqlData({
          liveObject: {
            live: 'apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  replicas: 3\n',
            desired: 'apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  replicas: 1\n',
            liveComparable: 'apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  replicas: 3\n',
            desiredComparable: 'apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  replicas: 1\n',
          },
        }),
    });
    openRelease();
    const redis = (await screen.findByText('StatefulSet/web/cache-redis')).closest('li') as HTMLElement;
    expect(within(redis).getByLabelText('Failed — Ready: 0/3')).toBeInTheDocument();
    expect(screen.getByText('ClusterRole/web:cache-reader')).toBeInTheDocument();
    expect(
      screen.getByText('Secret/web/cache-redis-auth').closest('li')?.querySelector('[data-health]'),
    ).toBeNull();
    expect(
      screen.getByText(/^What its current release installed on prod-1, as flux tree prints it/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Compare StatefulSet/web/cache-redis with the live object' }));
    const section = await screen.findByRole('region', { name: 'Live StatefulSet/web/cache-redis' });
    expect(await within(section).findByText('The live object differs from what the current release applies: changed lines are marked.')).toBeInTheDocument();
    expect(within(section).getByText('desired (current release) and live (in the cluster)')).toBeInTheDocument();
    expect(within(section).queryByText('No desired state to compare')).toBeNull();
    expect(hub.requests.find((r) => r.operationName === 'LiveObject')?.variables).toEqual({
      owner: release,
      target: { group: 'apps', kind: 'StatefulSet', namespace: 'web', name: 'cache-redis' },
    });
  });

  it('says so when a HelmRelease’s current release lists no objects', async () => {
    mockHub({ FluxObjectTree: releaseTree([]) });
    openRelease();
    expect(await screen.findByText('Its current release lists no objects.')).toBeInTheDocument();
  });
});
