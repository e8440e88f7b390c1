import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import type { ManagedByGit } from '../../features/fleet-sync/api/managed-by-git';
import { KustomizationFormRoute } from './kustomization-form-route';

const managedBy: ManagedByGit = {
  fleetSyncId: 'fs1',
  fleetSyncNamespace: 'flotilla-system',
  fleetSyncName: 'hub',
  sourceNamespace: 'flotilla-system',
  sourceName: 'fleet',
  url: 'https://git.example/fleet.git',
  file: 'clusters/hub/apps.yaml',
  revision: `main@sha1:${'c'.repeat(40)}`,
};

const kustomization = (managed: ManagedByGit | null) => ({
  id: 'k1',
  namespace: 'flotilla-system',
  name: 'web',
  path: './deploy',
  interval: '5m',
  retryInterval: null,
  timeout: null,
  prune: true,
  wait: false,
  force: false,
  suspend: false,
  generation: 1,
  labels: [],
  targetNamespace: null,
  dependsOn: [],
  sourceRef: { kind: 'GitRepository', name: 'app', namespace: null },
  placement: { clusterSelector: null, clusterNames: [] },
  clusters: [],
  managedBy: managed,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  spec: { sourceRef: { kind: 'GitRepository', name: 'app' }, path: './deploy', interval: '5m', prune: true },
});

const common = {
  KustomizationSourceOptions: () => gqlData({ gitRepositories: [{ id: 's1', namespace: 'flotilla-system', name: 'app', url: 'https://x/app.git', ready: 'True' }], ociRepositories: [] }),
  PlacementPreview: () => gqlData({ clusters: { totalCount: 0, edges: [] } }),
};

const open = () => renderRoute(<KustomizationFormRoute />, { path: '/kustomizations/k1/edit', pattern: '/kustomizations/:kustomizationId/edit' });

describe('KustomizationFormRoute on a Kustomization managed by git', () => {
  it('the form stays editable, says the change is proposed in git, and its submit proposes it: a link to the new proposal, no update sent', async () => {
    const hub = mockHub({
      ...common,
      GetKustomization: () => gqlData({ kustomization: kustomization(managedBy) }),
      ProposeKustomizationEdit: () => gqlData({ proposeKustomizationEdit: { id: 'p9', headBranch: 'flotilla/edit-kustomization-web-1' } }),
    });
    const user = userEvent.setup();
    open();
    const path = await screen.findByLabelText('Path');
    expect(path).toBeEnabled();
    expect(screen.getByText(/it is proposed in git, as a commit to that file on a new branch/)).toBeInTheDocument();
    expect(screen.getByTestId('managed-file')).toHaveTextContent('clusters/hub/apps.yaml');
    expect(screen.queryByRole('button', { name: 'Save changes' })).not.toBeInTheDocument();
    await user.clear(path);
    await user.type(path, './deploy/v2');
    await user.click(screen.getByRole('button', { name: 'Propose change in git' }));
    const link = await screen.findByTestId('proposal-link');
    expect(link).toHaveAttribute('href', '/proposals/p9');
    expect(screen.getByText('Change proposed in git')).toBeInTheDocument();
    const sent = hub.requests.find((r) => r.operationName === 'ProposeKustomizationEdit')?.variables as { id: string; input: { name: string; spec: { path: string } } };
    expect(sent.id).toBe('k1');
    expect(sent.input).toMatchObject({ name: 'web', spec: { path: './deploy/v2' } });
    expect(hub.requests.some((r) => r.operationName === 'UpdateKustomization')).toBe(false);
  });

  it('a proposal the hub refuses (the FleetSync would refuse the file) shows its reason, keeps the form, and links nowhere', async () => {
    mockHub({
      ...common,
      GetKustomization: () => gqlData({ kustomization: kustomization(managedBy) }),
      ProposeKustomizationEdit: () => gqlError('BAD_USER_INPUT', 'the FleetSync would refuse the new revision: clusters/hub/placement.yaml:7: spec.kustomizations: no Kustomization flotilla-system/web under the path', 'id'),
    });
    const user = userEvent.setup();
    open();
    await screen.findByLabelText('Path');
    await user.click(screen.getByRole('button', { name: 'Propose change in git' }));
    expect(await screen.findByText(/the FleetSync would refuse the new revision/)).toBeInTheDocument();
    expect(screen.getByText('Could not propose the change')).toBeInTheDocument();
    expect(screen.queryByTestId('proposal-link')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Propose change in git' })).toBeEnabled();
  });

  it('a hand-made Kustomization is saved as before: no notice, Save changes sends the update', async () => {
    const hub = mockHub({
      ...common,
      GetKustomization: () => gqlData({ kustomization: kustomization(null) }),
      UpdateKustomization: () => gqlData({ updateKustomization: { id: 'k1', name: 'web' } }),
    });
    const user = userEvent.setup();
    open();
    await screen.findByLabelText('Path');
    expect(screen.queryByText('Managed by git')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(hub.requests.some((r) => r.operationName === 'UpdateKustomization')).toBe(true));
    expect(hub.requests.some((r) => r.operationName === 'ProposeKustomizationEdit')).toBe(false);
  });
});
