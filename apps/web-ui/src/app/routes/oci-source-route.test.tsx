import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { OciSourceRoute } from './oci-source-route';
import { SourcesRoute } from './sources-route';

const DIGEST = `sha256:${'c'.repeat(64)}`;
const REVISION = `v1@${DIGEST}`;
const viewer = (role: string) => () =>
  gqlData({ viewer: { id: 'u1', username: 'ann', role, highestRole: role } });
const oci = (over: Record<string, unknown> = {}) => ({
  id: 'o1',
  namespace: 'flotilla-system',
  name: 'manifests',
  url: 'oci://ghcr.io/org/manifests',
  spec: {
    url: 'oci://ghcr.io/org/manifests',
    ref: { tag: 'v1' },
    interval: '10m',
    timeout: '60s',
    provider: 'generic',
    verify: { provider: 'cosign' },
  },
  suspend: false,
  credentialsKind: 'basic',
  ready: 'True',
  message: `stored artifact for digest '${REVISION}'`,
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'Succeeded',
      message: `stored artifact for digest '${REVISION}'`,
      lastTransitionTime: new Date().toISOString(),
    },
    {
      type: 'SourceVerified',
      status: 'True',
      reason: 'Succeeded',
      message: `verified signature of revision ${REVISION}`,
      lastTransitionTime: new Date().toISOString(),
    },
  ],
  artifact: {
    revision: REVISION,
    digest: `sha256:${'d'.repeat(64)}`,
    size: 3072,
    lastUpdateTime: new Date(Date.now() - 60_000).toISOString(),
  },
  createdAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
  updatedAt: new Date().toISOString(),
  generation: 1,
  observedGeneration: 1,
  labels: [],
  verifyPublicKeys: [
    { name: 'cosign.pub', pem: '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n' },
  ],
  kustomizations: [
    {
      id: 'k1',
      name: 'apps',
      path: './deploy',
      suspend: false,
      clusters: [{ ready: 'True' }, { ready: 'False' }],
    },
  ],
  ...over,
});
const at = { path: '/sources/oci/o1', pattern: '/sources/oci/:ociId' };

describe('SourcesRoute: OCI repositories', () => {
  it('lists name, namespace, Ready with its reason, URL, the ref Flux pulls by, the revision and the age', async () => {
    mockHub({
      Viewer: viewer('OPERATOR'),
      ListGitRepositories: () => gqlData({ gitRepositories: [] }),
      ListOciRepositories: () =>
        gqlData({
          ociRepositories: [
            oci(),
            oci({
              id: 'o2',
              name: 'broken',
              ready: 'False',
              suspend: true,
              artifact: null,
              spec: {
                url: 'oci://ghcr.io/org/broken',
                ref: { semver: '>=1.0.0', tag: 'v1' },
                interval: '10m',
                timeout: '60s',
                provider: 'generic',
              },
              conditions: [
                {
                  type: 'Ready',
                  status: 'False',
                  reason: 'OCIArtifactPullFailed',
                  message: 'failed to determine artifact digest: 401',
                  lastTransitionTime: null,
                },
              ],
            }),
          ],
        }),
    });
    renderRoute(<SourcesRoute />, { path: '/sources', pattern: '/sources' });
    const table = await screen.findByRole('table', { name: 'OCI repositories' });
    const ok = within(table).getByRole('link', { name: 'manifests' }).closest('tr')!;
    expect(within(table).getByRole('link', { name: 'manifests' })).toHaveAttribute('href', '/sources/oci/o1');
    expect(ok).toHaveTextContent('flotilla-system');
    expect(ok).toHaveTextContent('Ready');
    expect(ok).toHaveTextContent('oci://ghcr.io/org/manifests');
    expect(ok).toHaveTextContent('tag v1');
    expect(within(ok).getByRole('button', { name: `Copy revision ${REVISION}` })).toBeInTheDocument();
    expect(ok).toHaveTextContent('3 h ago');
    const bad = within(table).getByRole('link', { name: 'broken' }).closest('tr')!;
    expect(bad).toHaveTextContent('Not ready · OCIArtifactPullFailed');
    expect(bad).toHaveTextContent('semver >=1.0.0');
    expect(bad).toHaveTextContent('Suspended');
    expect(screen.getByRole('link', { name: 'Add OCI repository' })).toHaveAttribute(
      'href',
      '/sources/oci/new',
    );
  });

  it('a viewer gets no Add button', async () => {
    mockHub({
      Viewer: viewer('VIEWER'),
      ListGitRepositories: () => gqlData({ gitRepositories: [] }),
      ListOciRepositories: () => gqlData({ ociRepositories: [] }),
    });
    renderRoute(<SourcesRoute />, { path: '/sources', pattern: '/sources' });
    await screen.findByText('No OCI repositories yet');
    expect(screen.getByText('An operator or admin can add OCI repositories.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Add OCI repository' })).toBeNull();
  });
});

describe('OciSourceRoute', () => {
  it('shows the spec, the full artifact revision, every condition and the Kustomizations using it; never a secret', async () => {
    mockHub({ Viewer: viewer('VIEWER'), GetOciRepository: () => gqlData({ ociRepository: oci() }) });
    renderRoute(<OciSourceRoute />, at);
    await screen.findByRole('heading', { name: 'manifests', level: 1 });
    expect(screen.getByTestId('artifact-revision')).toHaveTextContent(REVISION);
    expect(screen.getByText('basic (stored)')).toBeInTheDocument();
    expect(screen.getByText('cosign, cosign.pub')).toBeInTheDocument();
    const conditions = screen.getByRole('table', { name: 'Conditions' });
    expect(within(conditions).getAllByRole('row')).toHaveLength(3);
    expect(conditions).toHaveTextContent('SourceVerified');
    const used = screen.getByRole('table', { name: 'Kustomizations using this source' });
    expect(within(used).getByRole('link', { name: 'apps' })).toHaveAttribute('href', '/kustomizations/k1');
    expect(used).toHaveTextContent('1/2 Ready');
    // A viewer reads; nothing to change.
    for (const name of ['Edit', 'Suspend', 'Reconcile now', 'Delete'])
      expect(screen.queryByRole(name === 'Edit' ? 'link' : 'button', { name })).toBeNull();
  });

  it('a failed pull is said at the top with Flux’s reason', async () => {
    mockHub({
      Viewer: viewer('VIEWER'),
      GetOciRepository: () =>
        gqlData({
          ociRepository: oci({
            ready: 'False',
            conditions: [
              {
                type: 'Ready',
                status: 'False',
                reason: 'OCIArtifactPullFailed',
                message: 'failed to determine artifact digest: 401 Unauthorized',
                lastTransitionTime: null,
              },
            ],
          }),
        }),
    });
    renderRoute(<OciSourceRoute />, at);
    expect(await screen.findByText('Pull failed: OCIArtifactPullFailed')).toBeInTheDocument();
  });

  it('an operator suspends a git-managed OCIRepository with the suspend mutation (spec.suspend alone, which git allows), never the update; the page then shows Suspended and offers Resume', async () => {
    const managedBy = { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/oci.yaml', revision: null };
    let suspended = false;
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      GetOciRepository: () => gqlData({ ociRepository: oci({ managedBy, suspend: suspended }) }),
      SuspendDefinition: () => {
        suspended = true;
        return gqlData({ suspend: true });
      },
      ReconcileOciRepository: () => gqlData({ reconcileOciRepository: true }),
    });
    const user = userEvent.setup();
    renderRoute(<OciSourceRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'Reconcile now' }));
    await waitFor(() =>
      expect(hub.requests.find((r) => r.operationName === 'ReconcileOciRepository')?.variables).toEqual({
        id: 'o1',
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Suspend' }));
    await screen.findByRole('button', { name: 'Resume' });
    expect(screen.getAllByText('Suspended').length).toBeGreaterThan(0);
    expect(hub.requests.find((r) => r.operationName === 'SuspendDefinition')?.variables).toEqual({ kind: 'OCIRepository', id: 'o1' });
    expect(hub.requests.some((r) => r.operationName === 'UpdateOciRepository')).toBe(false);
  });

  it('a hub refusal of a resume is shown, not swallowed', async () => {
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      GetOciRepository: () => gqlData({ ociRepository: oci({ suspend: true }) }),
      ResumeDefinition: () => gqlError('FORBIDDEN', 'operator role needed'),
    });
    const user = userEvent.setup();
    renderRoute(<OciSourceRoute />, at);
    await user.click(await screen.findByRole('button', { name: 'Resume' }));
    expect(await screen.findByText('The hub refused the request')).toBeInTheDocument();
    expect(hub.requests.find((r) => r.operationName === 'ResumeDefinition')?.variables).toEqual({ kind: 'OCIRepository', id: 'o1' });
  });

  it('an unknown id is named as not found', async () => {
    mockHub({ Viewer: viewer('VIEWER'), GetOciRepository: () => gqlData({ ociRepository: null }) });
    renderRoute(<OciSourceRoute />, at);
    expect(await screen.findByText('OCI repository not found')).toBeInTheDocument();
  });

  it('a git-managed OCIRepository says which file declares it; an admin sees Propose a change and Propose deletion, no Delete', async () => {
    const managedBy = { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/oci.yaml', revision: null };
    mockHub({ Viewer: viewer('ADMIN'), GetOciRepository: () => gqlData({ ociRepository: oci({ managedBy }) }) });
    renderRoute(<OciSourceRoute />, at);
    expect(await screen.findByText('Managed by git')).toBeInTheDocument();
    expect(screen.getByTestId('managed-file')).toHaveTextContent('clusters/hub/oci.yaml');
    expect(screen.getByRole('link', { name: 'Propose a change' })).toHaveAttribute('href', '/sources/oci/o1/edit');
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Propose deletion of manifests' })).toBeInTheDocument();
  });
});
