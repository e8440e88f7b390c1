import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { SourceRoute } from './source-route';
import { SourcesRoute } from './sources-route';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const viewer = (role: string) => () =>
  gqlData({ viewer: { id: 'u1', username: 'ann', role, highestRole: role } });
const source = (over: Record<string, unknown> = {}) => ({
  id: 's1',
  namespace: 'flotilla-system',
  name: 'fleet-infra',
  url: 'https://git.example.com/fleet-infra.git',
  interval: '1m',
  timeout: '60s',
  suspend: false,
  credentialsKind: 'basic',
  ready: 'True',
  ignore: null,
  ref: { branch: 'main', tag: null, semver: null, commit: null, name: null },
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'Succeeded',
      message: `stored artifact for revision 'main@sha1:${SHA}'`,
      lastTransitionTime: new Date().toISOString(),
    },
    {
      type: 'ArtifactInStorage',
      status: 'True',
      reason: 'Succeeded',
      message: 'stored',
      lastTransitionTime: new Date().toISOString(),
    },
  ],
  artifact: {
    revision: `main@sha1:${SHA}`,
    digest: `sha256:${'a'.repeat(64)}`,
    size: 2048,
    lastUpdateTime: new Date(Date.now() - 120_000).toISOString(),
  },
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  kustomizations: [
    {
      id: 'k1',
      name: 'apps',
      path: './clusters/my-cluster',
      suspend: false,
      clusters: [{ ready: 'True' }, { ready: 'Unknown' }],
    },
  ],
  ...over,
});
const at = { path: '/sources/s1', pattern: '/sources/:sourceId' };

describe('SourcesRoute', () => {
  it('lists name, Ready with reason tooltip, URL, ref, short revision with copy-full, last fetched, Suspended', async () => {
    mockHub({
      Viewer: viewer('VIEWER'),
      ListOciRepositories: () => gqlData({ ociRepositories: [] }),
      ListGitRepositories: () =>
        gqlData({
          gitRepositories: [
            source(),
            source({
              id: 's2',
              name: 'broken',
              ready: 'False',
              suspend: true,
              artifact: null,
              conditions: [
                {
                  type: 'Ready',
                  status: 'False',
                  reason: 'GitOperationFailed',
                  message: 'authentication required',
                  lastTransitionTime: null,
                },
              ],
            }),
          ],
        }),
    });
    const user = userEvent.setup();
    renderRoute(<SourcesRoute />, { path: '/sources', pattern: '/sources' });
    const ok = (await screen.findByRole('link', { name: 'fleet-infra' })).closest('tr')!;
    expect(ok).toHaveTextContent('main@sha1:0123456');
    expect(ok).toHaveTextContent('2 min ago');
    await user.click(within(ok).getByRole('button', { name: `Copy revision main@sha1:${SHA}` }));
    expect(await navigator.clipboard.readText()).toBe(`main@sha1:${SHA}`);
    const bad = screen.getByRole('link', { name: 'broken' }).closest('tr')!;
    expect(bad).toHaveTextContent('Not ready · GitOperationFailed');
    expect(bad.querySelector('[data-ready="False"]')).toHaveAttribute(
      'title',
      'GitOperationFailed: authentication required',
    );
    expect(bad).toHaveTextContent('Suspended');
    expect(screen.queryByRole('link', { name: 'Add source' })).toBeNull();
  });
});

describe('SourceRoute', () => {
  it('shows facts, every condition and the Kustomizations using it; never a secret', async () => {
    mockHub({ Viewer: viewer('VIEWER'), GetGitRepository: () => gqlData({ gitRepository: source() }) });
    renderRoute(<SourceRoute />, at);
    await screen.findByRole('heading', { name: 'fleet-infra', level: 1 });
    expect(screen.getByText('basic (stored)')).toBeInTheDocument();
    const conditions = screen.getByRole('table', { name: 'Conditions' });
    expect(within(conditions).getAllByRole('row')).toHaveLength(3);
    const used = screen.getByRole('table', { name: 'Kustomizations using this source' });
    expect(within(used).getByRole('link', { name: 'apps' })).toHaveAttribute('href', '/kustomizations/k1');
    expect(used).toHaveTextContent('1/2 Ready');
  });

  it('admin delete of a source in use shows the hub CONFLICT clearly and keeps the source', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      GetGitRepository: () => gqlData({ gitRepository: source() }),
      DeleteGitRepository: () =>
        gqlError('CONFLICT', 'GitRepository "fleet-infra" is used by Kustomization "apps".'),
    });
    const user = userEvent.setup();
    renderRoute(<SourceRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('Used by apps');
    await user.click(within(dialog).getByRole('button', { name: 'Delete source' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('This source is still in use');
    expect(alert).toHaveTextContent('CONFLICT');
    expect(alert).toHaveTextContent('is used by Kustomization "apps"');
    expect(hub.requests.filter((r) => r.operationName === 'DeleteGitRepository')).toHaveLength(1);
  });

  it('a GitRepository managed by git: Propose deletion shows the hub’s refusal in the dialog and stays on the page (nothing deleted)', async () => {
    const managedBy = { fleetSyncId: 'fs1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/apps.yaml', revision: null };
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      GetGitRepository: () => gqlData({ gitRepository: source({ managedBy }) }),
      ProposeFleetDelete: () => gqlError('BAD_USER_INPUT', 'the FleetSync would refuse the new revision: clusters/hub/apps.yaml: no GitRepository flotilla-system/fleet-infra', 'id'),
    });
    const user = userEvent.setup();
    const { router } = renderRoute(<SourceRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'Propose deletion of fleet-infra' }));
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Propose deletion in git' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Could not propose deleting the GitRepository');
    expect(alert).toHaveTextContent('the FleetSync would refuse the new revision');
    expect(router.state.location.pathname).toBe('/sources/s1');
    expect(hub.requests.filter((r) => r.operationName === 'ProposeFleetDelete').map((r) => r.variables)).toEqual([{ kind: 'GitRepository', id: 's1' }]);
  });

  it('an operator by a scoped team grant only reconciles: no Suspend, as the hub asks an operator of the whole fleet for suspend and resume', async () => {
    mockHub({
      Viewer: () => gqlData({ viewer: { id: 'u1', username: 'ann', role: null, highestRole: 'OPERATOR' } }),
      GetGitRepository: () => gqlData({ gitRepository: source() }),
    });
    renderRoute(<SourceRoute />, at);
    expect(await screen.findByRole('button', { name: 'Reconcile now' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^(Suspend|Resume)$/ })).toBeNull();
  });

  it('an operator suspends a git-managed GitRepository with the suspend mutation; the page then shows Suspended and offers Resume', async () => {
    const managedBy = { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/sources.yaml', revision: null };
    let suspended = false;
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      GetGitRepository: () => gqlData({ gitRepository: source({ managedBy, suspend: suspended }) }),
      SuspendDefinition: () => {
        suspended = true;
        return gqlData({ suspend: true });
      },
    });
    const user = userEvent.setup();
    renderRoute(<SourceRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'Suspend' }));
    await screen.findByRole('button', { name: 'Resume' });
    expect(screen.getAllByText('Suspended').length).toBeGreaterThan(0);
    expect(hub.requests.find((r) => r.operationName === 'SuspendDefinition')?.variables).toEqual({ kind: 'GitRepository', id: 's1' });
  });

  it('operator: Reconcile now asks the hub to fetch; no Delete', async () => {
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      GetGitRepository: () => gqlData({ gitRepository: source() }),
      ReconcileGitRepository: () => gqlData({ requestReconcile: true }),
    });
    const user = userEvent.setup();
    renderRoute(<SourceRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'Reconcile now' }));
    await waitFor(() =>
      expect(hub.requests.find((r) => r.operationName === 'ReconcileGitRepository')?.variables).toEqual({
        id: 's1',
      }),
    );
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Edit' })).toHaveAttribute('href', '/sources/s1/edit');
  });
});
