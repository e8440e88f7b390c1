import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { ClusterRoute } from './cluster-route';

const viewer = (role: string) => () =>
  gqlData({ viewer: { id: 'u1', username: 'ann', role, highestRole: role } });
const detail = (over: Record<string, unknown> = {}) => ({
  id: 'c1',
  name: 'prod-eu-1',
  connectionState: 'CONNECTED',
  kubernetesVersion: 'v1.35.4',
  agentVersion: '0.1.0',
  nodeCount: 3,
  lastSeenAt: new Date().toISOString(),
  createdAt: new Date().toISOString(),
  labels: [{ key: 'env', value: 'prod' }],
  variables: [],
  ...over,
});
const at = { path: '/clusters/c1', pattern: '/clusters/:clusterId' };

describe('ClusterRoute', () => {
  it('viewer: read-only editors and no access actions', async () => {
    mockHub({ Viewer: viewer('VIEWER'), GetCluster: () => gqlData({ cluster: detail() }) });
    renderRoute(<ClusterRoute />, at);
    await screen.findByRole('heading', { name: 'prod-eu-1' });
    await waitFor(() => expect(screen.getByText(/Read-only/)).toBeInTheDocument());
    expect(screen.getByLabelText('Label 1 key')).toHaveAttribute('readonly');
    expect(screen.queryByRole('button', { name: /Revoke|Delete|Save/ })).toBeNull();
  });

  it('operator revokes after confirming; admin-only delete stays hidden', async () => {
    let state = 'CONNECTED';
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      GetCluster: () => gqlData({ cluster: detail({ connectionState: state }) }),
      RevokeClusterCredential: () => {
        state = 'REVOKED';
        return gqlData({ revokeClusterCredential: detail({ connectionState: 'REVOKED' }) });
      },
    });
    const user = userEvent.setup();
    renderRoute(<ClusterRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'Revoke credential' }));
    expect(screen.queryByRole('button', { name: 'Delete cluster' })).toBeNull();
    const dialog = screen.getByRole('dialog');
    expect(hub.requests.some((r) => r.operationName === 'RevokeClusterCredential')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Revoke credential' }));
    await screen.findByText('The agent credential is revoked');
    expect(hub.requests.find((r) => r.operationName === 'RevokeClusterCredential')?.variables).toEqual({
      clusterId: 'c1',
    });
    expect(screen.getByRole('button', { name: 'Revoked' })).toBeDisabled();
  });

  it('saves labels and variables; rejects a bad variable name before sending', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      GetCluster: () => gqlData({ cluster: detail() }),
      UpdateCluster: (req) =>
        gqlData({ updateCluster: detail((req.variables as { input: Record<string, unknown> }).input) }),
    });
    const user = userEvent.setup();
    renderRoute(<ClusterRoute />, at);
    await user.click(await screen.findByRole('button', { name: '+ Add variable' }));
    await user.type(screen.getByLabelText('Variable 1 key'), '1bad');
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();
    await user.clear(screen.getByLabelText('Variable 1 key'));
    await user.type(screen.getByLabelText('Variable 1 key'), 'cluster_region');
    await user.type(screen.getByLabelText('Variable 1 value'), 'eu-west-1');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(hub.requests.find((r) => r.operationName === 'UpdateCluster')?.variables).toEqual({
        input: {
          id: 'c1',
          labels: [{ key: 'env', value: 'prod' }],
          variables: [{ key: 'cluster_region', value: 'eu-west-1' }],
        },
      }),
    );
  });

  it('a missing cluster says so', async () => {
    mockHub({ Viewer: viewer('ADMIN'), GetCluster: () => gqlError('NOT_FOUND', 'Cluster c1 not found') });
    renderRoute(<ClusterRoute />, at);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Cluster not found');
    expect(alert).toHaveTextContent('NOT_FOUND');
  });

  it('new registration token for an existing cluster, with a chosen lifetime, shown once', async () => {
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      GetCluster: () => gqlData({ cluster: detail({ connectionState: 'REVOKED' }) }),
      CreateRegistrationToken: () =>
        gqlData({
          createRegistrationToken: {
            token: 'flr_new',
            expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
            agentCommand:
              'pnpm --silent flotilla agent --hub http://h --token flr_new --kubeconfig ~/.kube/config',
            agentManifests: 'kind: Namespace',
            hubUrl: 'http://h',
            agentImage: 'flotilla/agent:0.1.0',
            cluster: { id: 'c1', name: 'prod-eu-1' },
          },
        }),
    });
    const user = userEvent.setup();
    renderRoute(<ClusterRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'New token' }));
    const dialog = screen.getByRole('dialog');
    await user.selectOptions(within(dialog).getByLabelText('Token lifetime'), '86400');
    await user.click(within(dialog).getByRole('button', { name: 'Create token' }));
    await screen.findByText(/shown only once/);
    expect(hub.requests.find((r) => r.operationName === 'CreateRegistrationToken')?.variables).toEqual({
      input: { clusterId: 'c1', ttlSeconds: 86400 },
    });
    expect(screen.getByTestId('registration-token')).toHaveTextContent('flr_new');
  });

  it('admin deletes only after typing the name, then lands on the fleet', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      GetCluster: () => gqlData({ cluster: detail() }),
      DeleteCluster: () => gqlData({ deleteCluster: true }),
    });
    const user = userEvent.setup();
    const { router } = renderRoute(<ClusterRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'Delete cluster' }));
    const dialog = screen.getByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Delete cluster' });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox'), 'prod-eu-');
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox'), '1');
    await user.click(confirm);
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(hub.requests.find((r) => r.operationName === 'DeleteCluster')?.variables).toEqual({ id: 'c1' });
  });
});

describe('ClusterRoute: GitOps (Kustomizations, inventory, live events)', () => {
  const SHA = '0123456789abcdef0123456789abcdef01234567';
  const ev = (id: string, severity: string, reason: string, minutesAgo: number) => ({
    id,
    clusterId: 'c1',
    clusterName: 'prod-eu-1',
    involvedKind: 'Kustomization',
    involvedNamespace: 'flotilla-system',
    involvedName: 'apps',
    severity,
    reason,
    message: `${reason} message`,
    revision: `main@sha1:${SHA}`,
    occurredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  });

  it('lists its Kustomizations with status, the applied inventory and events newest first', async () => {
    mockHub({
      Viewer: viewer('VIEWER'),
      GetCluster: () => gqlData({ cluster: detail() }),
      ClusterKustomizations: () =>
        gqlData({
          cluster: {
            id: 'c1',
            kustomizations: [
              {
                ready: 'True',
                reason: 'ReconciliationSucceeded',
                message: `Applied revision: main@sha1:${SHA}`,
                lastAppliedRevision: `main@sha1:${SHA}`,
                lastAttemptedRevision: `main@sha1:${SHA}`,
                updatedAt: new Date().toISOString(),
                kustomization: { id: 'k1', name: 'apps', suspend: false, sourceRef: { name: 'fleet-infra' } },
                inventory: [
                  {
                    id: 'default_nginx_apps_Deployment',
                    version: 'v1',
                    group: 'apps',
                    kind: 'Deployment',
                    namespace: 'default',
                    name: 'nginx',
                  },
                ],
              },
            ],
          },
        }),
      ClusterEvents: () =>
        gqlData({
          cluster: {
            id: 'c1',
            events: [
              ev('e1', 'info', 'ReconciliationSucceeded', 5),
              ev('e2', 'error', 'HealthCheckFailed', 1),
            ],
          },
        }),
    });
    renderRoute(<ClusterRoute />, at);
    const table = await screen.findByRole('table', { name: 'Kustomizations on this cluster' });
    expect(within(table).getByRole('link', { name: 'apps' })).toHaveAttribute('href', '/kustomizations/k1');
    expect(table).toHaveTextContent('main@sha1:0123456');
    expect(screen.getByRole('table', { name: 'Inventory of this cluster' })).toHaveTextContent('nginx');
    const items = within(await screen.findByRole('list', { name: 'Events' })).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('data-severity'))).toEqual(['error', 'info']);
    expect(items[0]).toHaveTextContent('HealthCheckFailed');
    expect(items[0]).toHaveTextContent('Kustomization/flotilla-system/apps');
  });

  it('Flux objects tab: arrow keys switch tabs, the tab is in the URL, and the list asks for this cluster only', async () => {
    const node = {
      id: 'o1',
      clusterId: 'c1',
      clusterName: 'prod-eu-1',
      kind: 'GitRepository',
      namespace: 'flux-system',
      name: 'flux-system',
      origin: 'CLUSTER',
      ready: 'False',
      reason: 'GitOperationFailed',
      message: 'authentication required',
      state: 'FAILING',
      revision: null,
      suspended: false,
      inventoryCount: 0,
      operations: ['RECONCILE', 'SUSPEND', 'RESUME'],
      updatedAt: new Date().toISOString(),
      parent: null,
    };
    const hub = mockHub({
      Viewer: viewer('VIEWER'),
      GetCluster: () => gqlData({ cluster: detail() }),
      ListFluxObjects: () =>
        gqlData({
          fluxObjects: {
            totalCount: 1,
            pageInfo: { hasNextPage: false, endCursor: null },
            edges: [{ node }],
          },
        }),
    });
    const user = userEvent.setup();
    const { router } = renderRoute(<ClusterRoute />, at);
    const overview = await screen.findByRole('tab', { name: 'Overview' });
    expect(overview).toHaveAttribute('aria-selected', 'true');
    overview.focus();
    await user.keyboard('{ArrowRight}');
    const tab = screen.getByRole('tab', { name: 'Flux objects' });
    expect(tab).toHaveAttribute('aria-selected', 'true');
    expect(tab).toHaveFocus();
    expect(router.state.location.search).toBe('?tab=flux-objects');
    expect(await screen.findByText('authentication required')).toBeInTheDocument();
    // No cluster filter on a cluster's own page, and no actions for a viewer.
    expect(screen.queryByLabelText('Cluster')).toBeNull();
    expect(screen.queryByRole('button', { name: /Reconcile/ })).toBeNull();
    const list = hub.requests.find((r) => r.operationName === 'ListFluxObjects')!;
    expect(list.variables).toMatchObject({
      filter: { clusterId: 'c1', kinds: null, origin: null, states: null, search: null },
      first: 50,
    });
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  });
});
