import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { HelmRoute } from './helm-route';

const viewer = (role: 'VIEWER' | 'OPERATOR' | 'ADMIN' = 'VIEWER') => () => gqlData({ viewer: { id: 'u1', username: 'ann', role, highestRole: role } });
const now = new Date().toISOString();

describe('HelmRoute', () => {
  it('lists hub Helm repositories and, per release, the resolved chart, the failure reason and each cluster’s rendered values', async () => {
    mockHub({
      Viewer: viewer(),
      ListHubHelm: () =>
        gqlData({
          helmRepositories: [
            { id: 'r1', namespace: 'flotilla-system', name: 'charts', url: 'https://charts.example.com', ready: 'True', message: "stored artifact: revision 'sha256:abc'", credentialsKind: 'basic', conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok' }], artifact: { revision: `sha256:${'a'.repeat(64)}`, size: 10, lastUpdateTime: now } },
            { id: 'r2', namespace: 'flotilla-system', name: 'locked', url: 'https://locked.example.com', ready: 'False', message: 'failed to fetch Helm repository index: 401', credentialsKind: null, conditions: [{ type: 'Ready', status: 'False', reason: 'AuthenticationFailed', message: '401' }], artifact: null },
          ],
          helmReleases: [
            {
              id: 'h1',
              namespace: 'flotilla-system',
              name: 'podinfo',
              generation: 2,
              spec: { interval: '5m', chart: { spec: { chart: 'podinfo', version: '9.x', sourceRef: { kind: 'HelmRepository', name: 'charts' } } } },
              overlays: [],
              placement: { clusterSelector: 'env=prod', clusterNames: [] },
              chart: { name: 'podinfo', version: '1.1.0', failureReason: 'ChartPullFailed', failureMessage: "no 'podinfo' chart with version matching '9.x' found" },
              clusterValues: [
                { clusterId: 'c1', clusterName: 'prod-eu', values: { replicaCount: 2 }, error: null },
                { clusterId: 'c2', clusterName: 'prod-us', values: null, error: 'values.x: variable not set (strict mode): "nope"' },
              ],
            },
          ],
        }),
      HelmReleaseClusters: () =>
        gqlData({
          helmRelease: {
            id: 'h1',
            clusters: [
                {
                  cluster: { id: 'c1', name: 'prod-eu' }, ready: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release flotilla-system/podinfo.v2 with chart podinfo@1.1.0',
                  stalled: false, revision: '1.1.0', lastAttemptedRevision: '1.1.0', lastAttemptedConfigDigest: `sha256:${'c'.repeat(64)}`, lastAttemptedReleaseAction: 'upgrade',
                  failures: 0, installFailures: 0, upgradeFailures: 0, observedGeneration: 2, updatedAt: now,
                  conditions: [{ type: 'Ready', status: 'True', reason: 'UpgradeSucceeded', message: 'ok' }],
                  history: [{ version: 2, status: 'deployed', chartName: 'podinfo', chartVersion: '1.1.0', appVersion: null, configDigest: `sha256:${'c'.repeat(64)}`, firstDeployed: now, lastDeployed: now, deleted: null, testHooks: [] }],
                },
              ],
          },
        }),
    });
    renderRoute(<HelmRoute />, { path: '/helm', pattern: '/helm' });
    const table = await screen.findByRole('table', { name: 'Helm repositories' });
    expect(within(table).getByText('flotilla-system/locked').closest('tr')).toHaveTextContent('Not ready · AuthenticationFailed');
    expect(screen.getByText(/podinfo 1\.1\.0/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Rollout of the HelmReleases reading flotilla-system/locked' })).toHaveAttribute(
      'href',
      '/rollout?kind=HelmRepository&namespace=flotilla-system&name=locked',
    );
    expect(screen.getAllByRole('link', { name: 'Rollout across the fleet' })[0]).toHaveAttribute('href', expect.stringMatching(/^\/rollout\?kind=HelmRelease&/));
    expect(screen.getByText(/ChartPullFailed/)).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Values on prod-eu' })).getByText(/"replicaCount": 2/)).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Values on prod-us' })).getByText(/variable not set/)).toBeInTheDocument();
    expect(within(await screen.findByRole('table', { name: 'flotilla-system/podinfo per cluster' })).getByText('prod-eu').closest('tr')).toHaveTextContent('1.1.0');
    expect(screen.getByText(/not known at the hub/)).toBeInTheDocument();
  });

  const oneOfEach = () =>
    gqlData({
      helmRepositories: [{ id: 'r1', namespace: 'flotilla-system', name: 'charts', type: 'default', url: 'https://charts.example.com', insecure: false, interval: '10m', timeout: '60s', passCredentials: false, suspend: false, ready: 'True', message: null, credentialsKind: null, conditions: [], artifact: null }],
      helmReleases: [
        {
          id: 'h1',
          namespace: 'flotilla-system',
          name: 'podinfo',
          generation: 1,
          spec: { interval: '5m', chart: { spec: { chart: 'podinfo', version: '*', sourceRef: { kind: 'HelmRepository', name: 'charts' } } } },
          overlays: [],
          placement: { clusterSelector: 'env=prod', clusterNames: [] },
          chart: { name: 'podinfo', version: '1.0.0', failureReason: null, failureMessage: null },
          clusterValues: [],
        },
      ],
    });

  const noClusters = () => gqlData({ helmRelease: { id: 'h1', clusters: [] } });

  it('actions by role: none for a viewer; add, fetch and edit for an operator; delete only for an admin', async () => {
    for (const [role, write, remove] of [['VIEWER', false, false], ['OPERATOR', true, false], ['ADMIN', true, true]] as const) {
      mockHub({ Viewer: viewer(role), ListHubHelm: oneOfEach, HelmReleaseClusters: noClusters });
      const { unmount } = renderRoute(<HelmRoute />, { path: '/helm', pattern: '/helm' });
      await screen.findByRole('table', { name: 'Helm repositories' });
      await waitFor(() => expect(screen.queryByRole('button', { name: 'Add Helm repository' }) !== null).toBe(write));
      expect(screen.queryByRole('button', { name: 'Fetch now: charts' }) !== null).toBe(write);
      expect(screen.queryByRole('link', { name: 'Edit podinfo' }) !== null).toBe(write);
      expect(screen.queryByRole('link', { name: 'Add HelmRelease' }) !== null).toBe(write);
      expect(screen.queryByRole('button', { name: 'Delete charts' }) !== null).toBe(remove);
      expect(screen.queryByRole('button', { name: 'Delete podinfo' }) !== null).toBe(remove);
      unmount();
    }
  });

  it('an operator suspends a git-managed HelmRepository and HelmRelease with the suspend mutation (spec.suspend alone, which git-managed objects allow), never the update; each then shows Suspended and offers Resume; a viewer sees neither', async () => {
    const managedBy = { fleetSyncId: 'fs1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/helm.yaml', revision: null };
    const suspended = new Set<string>();
    const list = () => {
      const d = (oneOfEach().body as { data: { helmRepositories: Record<string, unknown>[]; helmReleases: { spec: object }[] } }).data;
      return gqlData({
        helmRepositories: d.helmRepositories.map((r) => ({ ...r, managedBy, suspend: suspended.has('r1') })),
        helmReleases: d.helmReleases.map((r) => ({ ...r, managedBy, spec: { ...r.spec, ...(suspended.has('h1') ? { suspend: true } : {}) } })),
      });
    };
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      ListHubHelm: list,
      HelmReleaseClusters: noClusters,
      SuspendDefinition: (req) => {
        suspended.add(String(req.variables?.id));
        return gqlData({ suspend: true });
      },
    });
    const user = userEvent.setup();
    const { unmount } = renderRoute(<HelmRoute />, { path: '/helm', pattern: '/helm' });
    await user.click(await screen.findByRole('button', { name: 'Suspend charts' }));
    await screen.findByRole('button', { name: 'Resume charts' });
    await user.click(screen.getByRole('button', { name: 'Suspend podinfo' }));
    await screen.findByRole('button', { name: 'Resume podinfo' });
    expect(within(screen.getByRole('table', { name: 'Helm repositories' })).getByText('flotilla-system/charts').closest('tr')).toHaveTextContent('Suspended');
    expect(screen.getByText(/Chart/).closest('p')).toHaveTextContent('Suspended');
    expect(hub.requests.filter((r) => r.operationName === 'SuspendDefinition').map((r) => r.variables)).toEqual([
      { kind: 'HelmRepository', id: 'r1' },
      { kind: 'HelmRelease', id: 'h1' },
    ]);
    expect(hub.requests.some((r) => r.operationName?.startsWith('Update'))).toBe(false);
    unmount();

    mockHub({ Viewer: viewer('VIEWER'), ListHubHelm: list, HelmReleaseClusters: noClusters });
    renderRoute(<HelmRoute />, { path: '/helm', pattern: '/helm' });
    await screen.findByRole('table', { name: 'Helm repositories' });
    expect(screen.queryByRole('button', { name: /^(Suspend|Resume) / })).toBeNull();
  });

  it('an admin deletes a HelmRelease after confirming', async () => {
    const hub = mockHub({ Viewer: viewer('ADMIN'), ListHubHelm: oneOfEach, HelmReleaseClusters: noClusters, DeleteHelmRelease: () => gqlData({ deleteHelmRelease: true }) });
    const user = userEvent.setup();
    renderRoute(<HelmRoute />, { path: '/helm', pattern: '/helm' });
    await user.click(await screen.findByRole('button', { name: 'Delete podinfo' }));
    await user.click(screen.getByRole('button', { name: 'Delete HelmRelease' }));
    await waitFor(() => expect(hub.requests.find((r) => r.operationName === 'DeleteHelmRelease')?.variables).toEqual({ id: 'h1' }));
  });

  it('a HelmRelease whose chartRef names an OCIRepository shows that source as its chart and offers no form edit (the form edits chart.spec only); suspend and delete stay', async () => {
    const withChartRef = () => {
      const d = (oneOfEach().body as { data: { helmRepositories: Record<string, unknown>[]; helmReleases: Record<string, unknown>[] } }).data;
      return gqlData({ helmRepositories: d.helmRepositories, helmReleases: d.helmReleases.map((r) => ({ ...r, spec: { interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo-chart' } } })) });
    };
    mockHub({ Viewer: viewer('ADMIN'), ListHubHelm: withChartRef, HelmReleaseClusters: noClusters });
    renderRoute(<HelmRoute />, { path: '/helm', pattern: '/helm' });
    expect(await screen.findByText('OCIRepository podinfo-chart')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Edit podinfo' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Delete podinfo' })).toBeInTheDocument();
  });

  it('a HelmRelease and HelmRepository a FleetSync made show “managed by git” (file, FleetSync) and offer no edit or delete, only the read-only form', async () => {
    const managedBy = { fleetSyncId: 'fs1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: 'https://git.example.com/fleet.git', file: 'clusters/hub/helm.yaml', revision: `main@sha1:${'b'.repeat(40)}` };
    const managed = () => {
      const d = (oneOfEach().body as { data: { helmRepositories: Record<string, unknown>[]; helmReleases: Record<string, unknown>[] } }).data;
      return gqlData({ helmRepositories: d.helmRepositories.map((r) => ({ ...r, managedBy })), helmReleases: d.helmReleases.map((r) => ({ ...r, managedBy })) });
    };
    mockHub({ Viewer: viewer('ADMIN'), ListHubHelm: managed, HelmReleaseClusters: noClusters });
    renderRoute(<HelmRoute />, { path: '/helm', pattern: '/helm' });
    const table = await screen.findByRole('table', { name: 'Helm repositories' });
    expect(within(table).getByText('flotilla-system/charts').closest('tr')).toHaveTextContent('managed by git');
    expect(screen.queryByRole('button', { name: 'Edit charts' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete charts' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete podinfo' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Propose a change to podinfo' })).toHaveAttribute('href', '/helm/releases/h1/edit');
    expect(screen.getByTestId('managed-file')).toHaveTextContent('clusters/hub/helm.yaml');
  });

  it('a HelmRepository managed by git: Propose a change opens the dialog in propose mode and then the proposal page; Propose deletion is offered in place of Delete', async () => {
    const managedBy = { fleetSyncId: 'fs1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/helm.yaml', revision: null };
    const managed = () => {
      const d = (oneOfEach().body as { data: { helmRepositories: Record<string, unknown>[]; helmReleases: Record<string, unknown>[] } }).data;
      return gqlData({ helmRepositories: d.helmRepositories.map((r) => ({ ...r, managedBy })), helmReleases: d.helmReleases });
    };
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      ListHubHelm: managed,
      HelmReleaseClusters: noClusters,
      ProposeHelmRepositoryEdit: () => gqlData({ proposeHelmRepositoryEdit: { id: 'p6', headBranch: 'flotilla/edit-helmrepository-charts-1' } }),
    });
    const user = userEvent.setup();
    const { router } = renderRoute(<HelmRoute />, { path: '/helm', pattern: '/helm' });
    expect(await screen.findByRole('button', { name: 'Propose deletion of charts' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Propose a change to charts' }));
    const dialog = screen.getByRole('dialog');
    await user.clear(within(dialog).getByLabelText('Interval'));
    await user.type(within(dialog).getByLabelText('Interval'), '1h');
    await user.click(within(dialog).getByRole('button', { name: 'Propose change in git' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/proposals/p6'));
    expect(hub.requests.find((r) => r.operationName === 'ProposeHelmRepositoryEdit')?.variables).toMatchObject({ id: 'r1', input: { interval: '1h' } });
  });

  it('an admin proposes deleting a HelmRelease managed by git: proposeFleetDelete with its kind, then the proposal page', async () => {
    const managedBy = { fleetSyncId: 'fs1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/helm.yaml', revision: null };
    const managed = () => {
      const d = (oneOfEach().body as { data: { helmRepositories: Record<string, unknown>[]; helmReleases: Record<string, unknown>[] } }).data;
      return gqlData({ helmRepositories: d.helmRepositories, helmReleases: d.helmReleases.map((r) => ({ ...r, managedBy })) });
    };
    const hub = mockHub({ Viewer: viewer('ADMIN'), ListHubHelm: managed, HelmReleaseClusters: noClusters, ProposeFleetDelete: () => gqlData({ proposeFleetDelete: { id: 'p3', headBranch: 'flotilla/edit-helmrelease-podinfo-1' } }) });
    const user = userEvent.setup();
    const { router } = renderRoute(<HelmRoute />, { path: '/helm', pattern: '/helm' });
    await user.click(await screen.findByRole('button', { name: 'Propose deletion of podinfo' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Propose deletion in git' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/proposals/p3'));
    expect(hub.requests.filter((r) => r.operationName === 'ProposeFleetDelete').map((r) => r.variables)).toEqual([{ kind: 'HelmRelease', id: 'h1' }]);
  });

});
