import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { KustomizationRoute } from './kustomization-route';
import { KustomizationsRoute } from './kustomizations-route';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const OLD = 'fedcba9876543210fedcba9876543210fedcba98';
const viewer = (role: string) => () =>
  gqlData({ viewer: { id: 'u1', username: 'ann', role, highestRole: role } });
const cond = (status: string, reason: string, message: string) => [
  { type: 'Ready', status, reason, message, lastTransitionTime: new Date().toISOString() },
];
const row = (name: string, ready: string, reason: string, message: string, revision: string | null) => ({
  ready,
  reason,
  message,
  lastAppliedRevision: revision,
  lastAttemptedRevision: ready === 'False' ? `main@sha1:${SHA}` : revision,
  observedGeneration: 2,
  updatedAt: new Date(Date.now() - 90_000).toISOString(),
  cluster: { id: `id-${name}`, name, connectionState: 'CONNECTED' },
  conditions: cond(ready, reason, message),
  inventory:
    revision === null
      ? []
      : [
          {
            id: 'default_nginx_apps_Deployment',
            version: 'v1',
            group: 'apps',
            kind: 'Deployment',
            namespace: 'default',
            name: 'nginx',
          },
          {
            id: '_demo__Namespace',
            version: 'v1',
            group: '',
            kind: 'Namespace',
            namespace: null,
            name: 'demo',
          },
        ],
});
const detail = {
  id: 'k1',
  namespace: 'flotilla-system',
  name: 'apps',
  path: './clusters/my-cluster',
  interval: '10m',
  retryInterval: null,
  timeout: '2m',
  prune: true,
  wait: false,
  force: false,
  suspend: false,
  generation: 2,
  targetNamespace: null,
  spec: {},
  dependsOn: [],
  sourceRef: { kind: 'GitRepository', name: 'fleet-infra', namespace: null },
  placement: { clusterSelector: 'env=prod', clusterNames: [] },
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  clusters: [
    row(
      'prod-us-1',
      'True',
      'ReconciliationSucceeded',
      `Applied revision: main@sha1:${SHA}`,
      `main@sha1:${SHA}`,
    ),
    row(
      'prod-eu-1',
      'True',
      'ReconciliationSucceeded',
      `Applied revision: main@sha1:${SHA}`,
      `main@sha1:${SHA}`,
    ),
    row(
      'prod-ap-1',
      'False',
      'BuildFailed',
      'kustomization.yaml: yaml: line 3: mapping values are not allowed',
      `main@sha1:${OLD}`,
    ),
  ],
};
const at = { path: '/kustomizations/k1', pattern: '/kustomizations/:kustomizationId' };
const options = () =>
  gqlData({
    gitRepositories: [
      { id: 's1', namespace: 'flotilla-system', name: 'fleet-infra', url: 'https://x', ready: 'True' },
    ],
    ociRepositories: [],
  });

describe('KustomizationRoute', () => {
  it('one row per targeted cluster: Ready summary, Flux reason, short revision, message; the failed one keeps its last applied revision', async () => {
    mockHub({
      Viewer: viewer('VIEWER'),
      GetKustomization: () => gqlData({ kustomization: detail }),
      KustomizationSourceOptions: options,
    });
    renderRoute(<KustomizationRoute />, at);
    await screen.findByRole('heading', { name: 'apps', level: 1 });
    expect(screen.getAllByText('2/3 Ready').length).toBeGreaterThan(0);
    const table = screen.getByRole('table', { name: 'Clusters' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-cluster'))).toEqual(['prod-ap-1', 'prod-eu-1', 'prod-us-1']);
    const failed = rows[0]!;
    expect(failed).toHaveTextContent('Not ready · BuildFailed');
    expect(failed).toHaveTextContent('main@sha1:fedcba9');
    expect(failed).toHaveTextContent('attempted main@sha1:0123456');
    expect(failed).toHaveTextContent('mapping values are not allowed');
    expect(rows[1]).toHaveTextContent('Ready');
    expect(rows[1]).toHaveTextContent('main@sha1:0123456');
    expect(rows[1]).toHaveTextContent('1 min ago');
    expect(within(rows[1]!).getByRole('link', { name: 'prod-eu-1' })).toHaveAttribute(
      'href',
      '/clusters/id-prod-eu-1',
    );
    expect(screen.getByRole('link', { name: 'GitRepository/fleet-infra' })).toHaveAttribute(
      'href',
      '/sources/s1',
    );
    // Viewers see no buttons that would be refused.
    expect(screen.queryByRole('button', { name: /Reconcile|Suspend|Delete/ })).toBeNull();
  });

  it('expanding a cluster shows its inventory and recent events, newest first', async () => {
    const hub = mockHub({
      Viewer: viewer('VIEWER'),
      GetKustomization: () => gqlData({ kustomization: detail }),
      KustomizationSourceOptions: options,
      KustomizationEvents: () =>
        gqlData({
          events: [
            {
              id: 'e1',
              clusterId: 'id-prod-eu-1',
              clusterName: 'prod-eu-1',
              involvedKind: 'Kustomization',
              involvedNamespace: 'flotilla-system',
              involvedName: 'apps',
              severity: 'info',
              reason: 'Progressing',
              message: 'Deployment/default/nginx created',
              revision: `main@sha1:${OLD}`,
              occurredAt: new Date(Date.now() - 600_000).toISOString(),
            },
            {
              id: 'e2',
              clusterId: 'id-prod-eu-1',
              clusterName: 'prod-eu-1',
              involvedKind: 'Kustomization',
              involvedNamespace: 'flotilla-system',
              involvedName: 'apps',
              severity: 'error',
              reason: 'HealthCheckFailed',
              message: 'timeout waiting for Deployment/default/nginx',
              revision: null,
              occurredAt: new Date(Date.now() - 60_000).toISOString(),
            },
          ],
        }),
    });
    const user = userEvent.setup();
    renderRoute(<KustomizationRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'Show inventory and events of prod-eu-1' }));
    const inventory = screen.getByRole('table', { name: 'Inventory on prod-eu-1' });
    expect(
      within(inventory)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.getAttribute('data-object')),
    ).toEqual(['Deployment/default/nginx', 'Namespace/demo']);
    const events = await screen.findByRole('list', { name: 'Events' });
    const items = within(events).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('HealthCheckFailed');
    expect(within(items[0]!).getByRole('img', { name: 'Error' })).toBeInTheDocument();
    expect(items[1]).toHaveTextContent('Deployment/default/nginx created');
    expect(hub.requests.find((r) => r.operationName === 'KustomizationEvents')?.variables).toEqual({
      kustomizationId: 'k1',
      clusterId: 'id-prod-eu-1',
    });
  });

  it('operator reconciles fleet-wide with source, or one cluster; no Delete for operators', async () => {
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      GetKustomization: () => gqlData({ kustomization: detail }),
      KustomizationSourceOptions: options,
      ReconcileKustomization: () => gqlData({ requestReconcile: true }),
    });
    const user = userEvent.setup();
    renderRoute(<KustomizationRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'Reconcile with source' }));
    const row = screen
      .getByRole('table', { name: 'Clusters' })
      .querySelector('tr[data-cluster="prod-ap-1"]') as HTMLElement;
    await user.click(within(row).getByRole('button', { name: 'Reconcile' }));
    await waitFor(() =>
      expect(
        hub.requests.filter((r) => r.operationName === 'ReconcileKustomization').map((r) => r.variables),
      ).toEqual([
        { id: 'k1', clusterId: null, withSource: true },
        { id: 'k1', clusterId: 'id-prod-ap-1', withSource: false },
      ]),
    );
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('admin suspends, then the page shows Suspended and offers Resume', async () => {
    let suspended = false;
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      GetKustomization: () => gqlData({ kustomization: { ...detail, suspend: suspended } }),
      KustomizationSourceOptions: options,
      SuspendDefinition: () => {
        suspended = true;
        return gqlData({ suspend: true });
      },
    });
    const user = userEvent.setup();
    renderRoute(<KustomizationRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'Suspend' }));
    await screen.findByRole('button', { name: 'Resume' });
    expect(screen.getAllByText('Suspended').length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Reconcile with source' })).toBeDisabled();
    expect(hub.requests.find((r) => r.operationName === 'SuspendDefinition')?.variables).toEqual({
      kind: 'Kustomization',
      id: 'k1',
    });
    expect(screen.getByRole('button', { name: 'Delete' })).toBeInTheDocument();
  });

  it('a Kustomization managed by git: no Delete; an admin’s Propose deletion calls proposeFleetDelete and opens the new proposal; an operator sees neither', async () => {
    const managedBy = { fleetSyncId: 'fs1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/apps.yaml', revision: null };
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      GetKustomization: () => gqlData({ kustomization: { ...detail, managedBy } }),
      KustomizationSourceOptions: options,
      ProposeFleetDelete: () => gqlData({ proposeFleetDelete: { id: 'p9', headBranch: 'flotilla/edit-kustomization-apps-1' } }),
    });
    const user = userEvent.setup();
    const { router } = renderRoute(<KustomizationRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'Propose deletion of apps' }));
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('clusters/hub/apps.yaml');
    expect(hub.requests.filter((r) => r.operationName === 'ProposeFleetDelete')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Propose deletion in git' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/proposals/p9'));
    expect(hub.requests.filter((r) => r.operationName === 'ProposeFleetDelete').map((r) => r.variables)).toEqual([{ kind: 'Kustomization', id: 'k1' }]);
  });

  it('an operator sees no Propose deletion for a Kustomization managed by git (deleting is an admin’s)', async () => {
    const managedBy = { fleetSyncId: 'fs1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/apps.yaml', revision: null };
    mockHub({ Viewer: viewer('OPERATOR'), GetKustomization: () => gqlData({ kustomization: { ...detail, managedBy } }), KustomizationSourceOptions: options });
    renderRoute(<KustomizationRoute />, at);
    expect(await screen.findByRole('link', { name: 'Propose a change' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Propose deletion|Delete/ })).toBeNull();
  });
});

describe('KustomizationsRoute', () => {
  it('filters by source and by failing clusters, with the filters in the URL', async () => {
    const summary = (id: string, name: string, source: string, ready: string[]) => ({
      ...detail,
      id,
      name,
      sourceRef: { kind: 'GitRepository', name: source, namespace: null },
      clusters: ready.map((r, i) => ({ ready: r, cluster: { id: `c${i}`, name: `c${i}` } })),
    });
    mockHub({
      Viewer: viewer('VIEWER'),
      ListKustomizations: () =>
        gqlData({
          kustomizations: [
            summary('k1', 'apps', 'fleet-infra', ['True', 'False']),
            summary('k2', 'infra', 'fleet-infra', ['True']),
            summary('k3', 'web', 'web-repo', ['True']),
          ],
        }),
    });
    const user = userEvent.setup();
    const { router } = renderRoute(<KustomizationsRoute />, {
      path: '/kustomizations?status=failing',
      pattern: '/kustomizations',
    });
    const table = await screen.findByRole('table', { name: 'Kustomizations' });
    expect(
      within(table)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['apps']);
    expect(within(table).getByText('1/2 Ready')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Status'), 'all');
    await user.selectOptions(screen.getByLabelText('Source'), 'web-repo');
    expect(router.state.location.search).toBe('?source=web-repo');
    expect(
      within(screen.getByRole('table', { name: 'Kustomizations' }))
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['web']);
  });
});
