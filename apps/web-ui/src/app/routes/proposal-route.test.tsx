import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { ProposalRoute } from './proposal-route';

const before = 'spec:\n  containers:\n    - image: reg/app:1.0.0 # {"$imagepolicy": "flux-system:app"}\n';
const after = before.replace('1.0.0', '1.0.1');
const proposal = (over: Record<string, unknown> = {}) => ({
  id: 'p1',
  automation: 'flux-system/app',
  fleetEdit: null,
  state: 'open',
  baseBranch: 'main',
  headBranch: 'flotilla/image-updates/app',
  baseCommit: 'a'.repeat(40),
  headCommit: 'b'.repeat(40),
  message: 'Update app',
  requiredApprovals: 1,
  rejectedReason: null,
  mergedCommit: null,
  closedBy: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  closedAt: null,
  forgeUrl: null,
  forgeNumber: null,
  forgeError: null,
  files: [{ path: 'apps/app.yaml', diff: '--- a\n+++ b\n', before, after }],
  imageChanges: [
    {
      file: 'apps/app.yaml',
      object: 'Deployment/default/app',
      setter: 'flux-system:app',
      policy: 'flux-system:app',
      oldValue: 'reg/app:1.0.0',
      newValue: 'reg/app:1.0.1',
    },
  ],
  clusterDiffs: ['a', 'b'].map((cluster) => ({
    kustomization: 'flotilla-system/apps',
    helmRelease: null,
    cluster,
    added: [],
    removed: [],
    error: null,
    hiddenVariables: [],
    note: null,
    changed: [
      {
        object: 'Deployment/default/app',
        fields: ['spec.template.spec.containers[0].image'],
        before: 'image: reg/app:1.0.0\n',
        after: 'image: reg/app:1.0.1\n',
      },
    ],
  })),
  approvals: [],
  manualEdits: [],
  conflictFiles: [],
  rollout: [],
  ...over,
});

/** A proposed edit of the Kustomization web, made by a FleetSync from git. */
const WEB_EDIT = { fleetSyncId: 'fs1', fleetSync: 'flotilla-system/hub', kind: 'Kustomization', namespace: 'flotilla-system', name: 'web', objectId: 'k1', file: 'clusters/hub/apps.yaml', action: 'edit', proposedBy: 'operator' };

const render = () =>
  renderRoute(<ProposalRoute />, { path: '/proposals/p1', pattern: '/proposals/:proposalId' });

describe('ProposalRoute', () => {
  it('a FleetSync edit: titled by the object it edits, with its file, FleetSync and author; no image changes and no file-by-file edit', async () => {
    const yamlBefore = 'spec:\n  path: ./deploy # the web tier\n';
    const yamlAfter = 'spec:\n  path: ./deploy/v2 # the web tier\n';
    mockHub({
      GetUpdateProposal: () =>
        gqlData({
          updateProposal: proposal({
            automation: null,
            fleetEdit: WEB_EDIT,
            headBranch: 'flotilla/edit-kustomization-web-1a2b3c4d',
            files: [{ path: 'clusters/hub/apps.yaml', diff: '--- a\n+++ b\n', before: yamlBefore, after: yamlAfter }],
            imageChanges: [],
            clusterDiffs: [],
          }),
        }),
    });
    render();
    expect(await screen.findByRole('heading', { name: /Edit Kustomization flotilla-system\/web · flotilla-system\/hub/ })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Kustomization/flotilla-system/web' })).toHaveAttribute('href', '/kustomizations/k1');
    expect(screen.getByText('Edit proposed in git')).toBeInTheDocument();
    expect(screen.getAllByText('clusters/hub/apps.yaml').length).toBeGreaterThan(0);
    expect(screen.getByText('operator')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Image changes' })).not.toBeInTheDocument();
    expect(screen.queryByText('Edit by hand')).not.toBeInTheDocument();
  });

  it('a proposed deletion of an OCIRepository links to its page and says the FleetSync prunes it once merged', async () => {
    mockHub({
      GetUpdateProposal: () =>
        gqlData({
          updateProposal: proposal({
            automation: null,
            fleetEdit: { fleetSyncId: 'fs1', fleetSync: 'flotilla-system/hub', kind: 'OCIRepository', namespace: 'flotilla-system', name: 'manifests', objectId: 'o1', file: 'clusters/hub/repos.yaml', action: 'delete', proposedBy: 'admin' },
            headBranch: 'flotilla/edit-ocirepository-manifests-1a2b3c4d',
            files: [{ path: 'clusters/hub/repos.yaml', diff: '--- a\n+++ b\n', before: 'kind: OCIRepository\n', after: '' }],
            imageChanges: [],
            clusterDiffs: [],
          }),
        }),
    });
    render();
    expect(await screen.findByRole('link', { name: 'OCIRepository/flotilla-system/manifests' })).toHaveAttribute('href', '/sources/oci/o1');
    expect(screen.getByText('Delete proposed in git')).toBeInTheDocument();
    expect(screen.getByText(/the FleetSync then prunes the object/)).toBeInTheDocument();
  });

  it('a proposed edit of a Kustomization shows each cluster’s diff, with a note where Flux leaves objects on the cluster', async () => {
    const fleetEdit = { fleetSyncId: 'fs1', fleetSync: 'flotilla-system/hub', kind: 'Kustomization', namespace: 'flotilla-system', name: 'tiers', objectId: 'k1', file: 'clusters/hub/tiers.yaml', action: 'edit', proposedBy: 'operator' };
    const onCluster = (cluster: string, region: string) => ({
      kustomization: 'flotilla-system/tiers',
      helmRelease: null,
      cluster,
      added: [],
      removed: cluster === 'eu' ? ['ConfigMap/old'] : [],
      error: null,
      hiddenVariables: [],
      note: cluster === 'eu' ? 'prune is false: Flux deletes nothing, so the objects listed as removed stay on the cluster, no longer reconciled' : null,
      changed: [{ object: 'ConfigMap/settings', fields: ['data.size'], before: `data:\n  region: ${region}\n  size: small\n`, after: `data:\n  region: ${region}\n  size: large\n` }],
    });
    mockHub({
      GetUpdateProposal: () =>
        gqlData({
          updateProposal: proposal({ automation: null, fleetEdit, imageChanges: [], headBranch: 'flotilla/edit-kustomization-tiers-1a2b3c4d', clusterDiffs: [onCluster('eu', 'eu-west'), onCluster('us', 'us-east')] }),
        }),
    });
    render();
    const eu = await screen.findByRole('region', { name: 'Cluster eu' });
    expect(eu).toHaveTextContent('· Kustomization flotilla-system/tiers');
    expect(eu).toHaveTextContent('changed ConfigMap/settings at data.size');
    expect(eu).toHaveTextContent('removed ConfigMap/old');
    expect(within(eu).getByRole('alert')).toHaveTextContent('prune is false: Flux deletes nothing');
    const us = screen.getByRole('region', { name: 'Cluster us' });
    expect(us).toHaveTextContent('changed ConfigMap/settings at data.size');
    expect(within(us).queryByRole('alert')).toBeNull();
    expect(screen.getByText('Per cluster (2)')).toBeInTheDocument();
  });

  it('a proposed edit of a kind without per-cluster diffs says the file diff is the change', async () => {
    mockHub({
      GetUpdateProposal: () =>
        gqlData({
          updateProposal: proposal({
            automation: null,
            fleetEdit: { fleetSyncId: 'fs1', fleetSync: 'flotilla-system/hub', kind: 'HelmRepository', namespace: 'flotilla-system', name: 'charts', objectId: 'h1', file: 'clusters/hub/repos.yaml', action: 'edit', proposedBy: 'operator' },
            imageChanges: [],
            clusterDiffs: [],
          }),
        }),
    });
    render();
    expect(await screen.findByText('Per-cluster diffs are shown for Kustomization, HelmRelease, GitRepository and OCIRepository edits; for this HelmRepository the file diff below is the change.')).toBeInTheDocument();
    expect(screen.queryByText(/No Kustomization or HelmRelease reading this source/)).not.toBeInTheDocument();
  });

  it('shows the image change with its policy, each cluster’s changed field, and the file in the diff viewer', async () => {
    mockHub({ GetUpdateProposal: () => gqlData({ updateProposal: proposal() }) });
    render();
    const images = await screen.findByRole('table', { name: 'Image changes' });
    expect(images).toHaveTextContent('app:1.0.0 → app:1.0.1');
    expect(images).toHaveTextContent('flux-system:app');
    for (const cluster of ['a', 'b']) {
      const section = screen.getByRole('region', { name: `Cluster ${cluster}` });
      expect(section).toHaveTextContent(
        'changed Deployment/default/app at spec.template.spec.containers[0].image',
      );
    }
    const file = screen.getByRole('region', { name: 'File apps/app.yaml' });
    await waitFor(() => expect(file.querySelector('.cm-editor')).not.toBeNull());
    expect(file.querySelector('[data-diff-layout="unified"]')).not.toBeNull();
  });

  it.each([
    { origin: 'an image update', over: {}, retried: 'the automation’s next run' },
    { origin: 'a FleetSync edit', over: { automation: null, fleetEdit: WEB_EDIT, imageChanges: [] }, retried: 'the FleetSync’s next reconcile' },
  ])('$origin links to its pull request at the forge and says why the forge did not take the last update, retried at $retried', async ({ over, retried }) => {
    mockHub({
      GetUpdateProposal: () =>
        gqlData({
          updateProposal: proposal({
            ...over,
            forgeUrl: 'https://github.com/acme/fleet/pull/7',
            forgeNumber: 7,
            forgeError: 'GitHub rate-limited GET /repos/acme/fleet/pulls/7 (429); retrying after 60 s',
          }),
        }),
    });
    render();
    const link = await screen.findByRole('link', { name: 'pull request #7 at the forge' });
    expect(link).toHaveAttribute('href', 'https://github.com/acme/fleet/pull/7');
    // The page has other alerts too (the hand-edit card's rule); the forge's is one of them.
    const forgeAlert = screen.getAllByRole('alert').find((a) => a.textContent?.includes('GitHub rate-limited'));
    expect(forgeAlert).toHaveTextContent(`GitHub rate-limited GET /repos/acme/fleet/pulls/7 (429); retrying after 60 s — retried at ${retried}.`);
  });

  it('approves with a comment; once approved it offers the merge', async () => {
    let state = proposal();
    const hub = mockHub({
      GetUpdateProposal: () => gqlData({ updateProposal: state }),
      ApproveUpdateProposal: () => {
        state = proposal({
          state: 'approved',
          approvals: [{ username: 'dev', comment: 'ship it', at: new Date().toISOString() }],
        });
        return gqlData({ approveUpdateProposal: state });
      },
      ListUpdateProposals: () => gqlData({ updateProposals: [] }),
      OpenProposalCount: () => gqlData({ openProposalCount: 1 }),
    });
    render();
    await userEvent.type(await screen.findByLabelText('Comment (optional)'), 'ship it');
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('button', { name: 'Merge into main' })).toBeInTheDocument();
    expect(hub.requests.find((r) => r.operationName === 'ApproveUpdateProposal')?.variables).toEqual({
      id: 'p1',
      comment: 'ship it',
    });
    expect(screen.getByRole('list', { name: 'Approvals' })).toHaveTextContent('dev approved');
  });

  it('a refused approval (own manual edit) shows the hub’s reason; a reject error lands on the reason field', async () => {
    mockHub({
      GetUpdateProposal: () => gqlData({ updateProposal: proposal() }),
      ApproveUpdateProposal: () =>
        gqlError(
          'FORBIDDEN',
          'you edited this proposal by hand (apps/app.yaml); someone else must approve it',
        ),
      RejectUpdateProposal: () => gqlError('BAD_USER_INPUT', 'give a reason', 'reason'),
    });
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(await screen.findByText(/someone else must approve it/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Reject…' }));
    await userEvent.type(screen.getByLabelText('Reason'), ' ');
    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    const reason = screen.getByLabelText('Reason');
    await waitFor(() => expect(reason).toHaveAttribute('aria-invalid', 'true'));
    expect(reason).toHaveAccessibleDescription('give a reason');
  });

  it('a conflicted proposal names the files and lists who edited by hand', async () => {
    mockHub({
      GetUpdateProposal: () =>
        gqlData({
          updateProposal: proposal({
            state: 'conflicted',
            conflictFiles: ['apps/app.yaml'],
            manualEdits: [{ path: 'apps/app.yaml', username: 'dev', at: new Date().toISOString() }],
          }),
        }),
    });
    render();
    expect(
      await screen.findByText('Conflicted: the base branch changed files edited by hand'),
    ).toBeInTheDocument();
    expect(screen.getByText((_, el) => el?.hasAttribute('data-conflict-files') === true)).toHaveTextContent(
      'apps/app.yaml',
    );
    expect(screen.getByText(/Who edited may not approve/)).toHaveTextContent(
      'Edited by hand: apps/app.yaml by dev',
    );
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    // Still in flight: it can be rejected.
    expect(screen.getByRole('button', { name: 'Reject…' })).toBeInTheDocument();
  });

  it('after the merge: rollout per cluster and how many are healthy at the merged commit', async () => {
    const merged = 'c'.repeat(40);
    mockHub({
      GetUpdateProposal: () =>
        gqlData({
          updateProposal: proposal({
            state: 'merged',
            mergedCommit: merged,
            rollout: [
              {
                kustomization: 'flotilla-system/apps',
                cluster: 'a',
                phase: 'healthy',
                revision: `main@sha1:${merged}`,
                message: 'Applied',
              },
              {
                kustomization: 'flotilla-system/apps',
                cluster: 'b',
                phase: 'failed',
                revision: null,
                message: 'HealthCheckFailed: timeout',
              },
            ],
          }),
        }),
    });
    render();
    const table = await screen.findByRole('table', { name: 'Rollout per cluster' });
    expect(within(table).getByText('HealthCheckFailed: timeout').closest('tr')).toHaveTextContent('Failed');
    expect(screen.getByText(`1/2 healthy at main@sha1:${merged.slice(0, 12)}`)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });
});
