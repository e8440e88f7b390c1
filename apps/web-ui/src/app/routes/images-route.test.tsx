import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { ImagesRoute } from './images-route';

const viewer = (role: string) => () =>
  gqlData({ viewer: { id: 'u1', username: 'ann', role, highestRole: role } });
const repo = {
  id: 'r1',
  namespace: 'flux-system',
  name: 'app',
  image: '127.0.0.1:5000/app',
  interval: '1m',
  timeout: '1m',
  exclusionList: ['^.*\\.sig$'],
  insecure: true,
  suspend: false,
  credentialsKind: null,
  canonicalImageName: '127.0.0.1:5000/app',
  ready: 'True',
  message: 'successful scan: found 2 tags',
  tags: ['1.0.0', '1.0.1'],
  lastScanResult: { tagCount: 2, scanTime: new Date().toISOString(), latestTags: ['1.0.1', '1.0.0'] },
};
const lists = {
  ListImageRepositories: () => gqlData({ imageRepositories: [repo] }),
  ListImagePolicies: () =>
    gqlData({
      imagePolicies: [
        {
          id: 'p1',
          namespace: 'flux-system',
          name: 'app',
          imageRepository: 'flux-system/app',
          policy: { semver: { range: '~1.0' } },
          suspend: false,
          ready: 'True',
          message: null,
          labels: [{ key: 'app', value: 'web' }],
          latestRef: { name: '127.0.0.1:5000/app', tag: '1.0.1', digest: null },
          observedPreviousRef: { name: '127.0.0.1:5000/app', tag: '1.0.0' },
        },
      ],
    }),
  ListImageUpdateAutomations: () =>
    gqlData({
      imageUpdateAutomations: [
        {
          id: 'a1',
          namespace: 'flux-system',
          name: 'app',
          source: 'flux-system/fleet',
          checkoutBranch: 'main',
          pushBranch: null,
          updatePath: './apps',
          mode: 'proposal',
          requiredApprovals: 1,
          approverTeam: 'devs',
          policySelector: 'app=web',
          mergeStrategy: 'merge-commit',
          provider: 'gitlab',
          providerApiUrl: null,
          providerRepository: 'platform/fleet',
          providerTokenSet: true,
          suspend: false,
          ready: 'True',
          message: null,
          warnings: [],
          lastPushCommit: null,
          lastAutomationRunTime: null,
        },
      ],
    }),
};

describe('ImagesRoute', () => {
  it('lists repositories with tags and last scan, policies with the latest ref, automations with their mode', async () => {
    mockHub({ Viewer: viewer('VIEWER'), ...lists });
    renderRoute(<ImagesRoute />);
    const repos = await screen.findByRole('table', { name: 'Image repositories' });
    expect(repos).toHaveTextContent('1.0.0, 1.0.1');
    expect(repos).toHaveTextContent('Ready');
    const policies = await screen.findByRole('table', { name: 'Image policies' });
    expect(policies).toHaveTextContent('semver ~1.0');
    expect(policies).toHaveTextContent('127.0.0.1:5000/app:1.0.1 (was 1.0.0)');
    const automations = await screen.findByRole('table', { name: 'Image update automations' });
    expect(automations).toHaveTextContent('proposal · 1 approval · team devs · merge commit');
    expect(automations).toHaveTextContent('policies app=web');
    expect(automations).toHaveTextContent('pull requests at GitLab platform/fleet');
    expect(automations).not.toHaveTextContent('no token');
    expect(policies).toHaveTextContent('app=web');
    // Viewers see, operators manage.
    expect(screen.queryByRole('button', { name: 'Add image repository' })).toBeNull();
  });

  it('an operator adds a repository; the hub’s error lands on its field', async () => {
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      ...lists,
      CreateImageRepository: () =>
        gqlError('BAD_USER_INPUT', 'image: give a name without scheme or tag', 'image'),
    });
    renderRoute(<ImagesRoute />);
    await userEvent.click(await screen.findByRole('button', { name: 'Add image repository' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'web');
    await userEvent.type(within(dialog).getByLabelText('Image'), 'https://reg/web:1');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add image repository' }));
    const image = within(dialog).getByLabelText('Image');
    await waitFor(() => expect(image).toHaveAttribute('aria-invalid', 'true'));
    expect(image).toHaveAccessibleDescription('image: give a name without scheme or tag');
    expect(hub.requests.find((r) => r.operationName === 'CreateImageRepository')?.variables).toMatchObject({
      input: { name: 'web', image: 'https://reg/web:1', interval: '1m', insecure: false },
    });
  });

  it('an operator suspends a git-managed ImageRepository and ImageUpdateAutomation with the suspend mutation (spec.suspend alone, which git allows), never their update; each row then shows Suspended and offers Resume, which sends resume', async () => {
    const managedBy = { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/images.yaml', revision: null };
    const automations = lists.ListImageUpdateAutomations().body as { data: { imageUpdateAutomations: Record<string, unknown>[] } };
    const suspended = new Set<string>();
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      ...lists,
      ListImageRepositories: () => gqlData({ imageRepositories: [{ ...repo, managedBy, suspend: suspended.has('r1') }] }),
      ListImageUpdateAutomations: () => gqlData({ imageUpdateAutomations: automations.data.imageUpdateAutomations.map((a) => ({ ...a, managedBy, suspend: suspended.has('a1') })) }),
      SuspendDefinition: (req) => {
        suspended.add(String(req.variables?.id));
        return gqlData({ suspend: true });
      },
      ResumeDefinition: (req) => {
        suspended.delete(String(req.variables?.id));
        return gqlData({ resume: true });
      },
    });
    const user = userEvent.setup();
    renderRoute(<ImagesRoute />);
    for (const name of ['Image repositories', 'Image update automations']) {
      const table = await screen.findByRole('table', { name });
      await user.click(await within(table).findByRole('button', { name: 'Suspend app' }));
      await within(table).findByRole('button', { name: 'Resume app' });
      expect(within(table).getByText('Suspended')).toBeInTheDocument();
    }
    expect(hub.requests.filter((r) => r.operationName === 'SuspendDefinition').map((r) => r.variables)).toEqual([
      { kind: 'ImageRepository', id: 'r1' },
      { kind: 'ImageUpdateAutomation', id: 'a1' },
    ]);
    const table = screen.getByRole('table', { name: 'Image repositories' });
    await user.click(within(table).getByRole('button', { name: 'Resume app' }));
    await within(table).findByRole('button', { name: 'Suspend app' });
    expect(hub.requests.find((r) => r.operationName === 'ResumeDefinition')?.variables).toEqual({ kind: 'ImageRepository', id: 'r1' });
    expect(hub.requests.some((r) => r.operationName?.startsWith('Update'))).toBe(false);
  });

  it('a git-managed ImageRepository and ImagePolicy: marked, no Delete; the repository’s Credentials dialog shows git’s spec read-only and sends only the credentials; the policy’s change is proposed in git and opens the proposal', async () => {
    const managedBy = { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/images.yaml', revision: null };
    const policies = lists.ListImagePolicies().body as { data: { imagePolicies: Record<string, unknown>[] } };
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      ...lists,
      ListImageRepositories: () => gqlData({ imageRepositories: [{ ...repo, credentialsKind: 'basic', managedBy }] }),
      ListImagePolicies: () => gqlData({ imagePolicies: policies.data.imagePolicies.map((p) => ({ ...p, managedBy })) }),
      SetImageRepositoryCredentials: () => gqlData({ setImageRepositoryCredentials: { id: 'r1', credentialsKind: null } }),
      ProposeImagePolicyEdit: () => gqlData({ proposeImagePolicyEdit: { id: 'p8', headBranch: 'flotilla/edit-imagepolicy-app-1' } }),
    });
    const { router } = renderRoute(<ImagesRoute />);
    const repos = await screen.findByRole('table', { name: 'Image repositories' });
    expect(within(repos).getByText('managed by git')).toBeInTheDocument();
    expect(within(repos).queryByRole('button', { name: 'Delete app' })).toBeNull();
    await userEvent.click(within(repos).getByRole('button', { name: 'Credentials of app' }));
    const dialog = screen.getByRole('dialog', { name: 'Credentials of image repository app' });
    expect(within(dialog).getByTestId('managed-file')).toHaveTextContent('clusters/hub/images.yaml');
    expect(within(dialog).getByLabelText('Image')).toBeDisabled();
    await userEvent.click(within(dialog).getByLabelText('Remove the stored credentials'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save credentials' }));
    await expect
      .poll(() => hub.requests.find((r) => r.operationName === 'SetImageRepositoryCredentials')?.variables)
      .toEqual({ id: 'r1', input: { clearCredentials: true } });
    expect(hub.requests.find((r) => r.operationName === 'UpdateImageRepository')).toBeUndefined();

    const policyTable = screen.getByRole('table', { name: 'Image policies' });
    await userEvent.click(within(policyTable).getByRole('button', { name: 'Propose a change to app' }));
    const policyDialog = screen.getByRole('dialog', { name: 'Propose a change to image policy app' });
    expect(within(policyDialog).getByText('Managed by git')).toBeInTheDocument();
    expect(within(policyDialog).queryByRole('button', { name: 'Save' })).toBeNull();
    await userEvent.clear(within(policyDialog).getByLabelText('SemVer range'));
    await userEvent.type(within(policyDialog).getByLabelText('SemVer range'), '~2.0');
    await userEvent.click(within(policyDialog).getByRole('button', { name: 'Propose change in git' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/proposals/p8'));
    expect(hub.requests.find((r) => r.operationName === 'ProposeImagePolicyEdit')?.variables).toMatchObject({ input: { name: 'app', policy: { semver: { range: '~2.0' } } } });
    expect(hub.requests.find((r) => r.operationName === 'UpdateImagePolicy')).toBeUndefined();
  });

  it('a git-managed ImageRepository: Propose a change sends the spec without the registry credentials (not even offered) to proposeImageRepositoryEdit', async () => {
    const managedBy = { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/images.yaml', revision: null };
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      ...lists,
      ListImageRepositories: () => gqlData({ imageRepositories: [{ ...repo, credentialsKind: 'basic', managedBy }] }),
      ProposeImageRepositoryEdit: () => gqlData({ proposeImageRepositoryEdit: { id: 'p9', headBranch: 'flotilla/edit-imagerepository-app-1' } }),
    });
    const { router } = renderRoute(<ImagesRoute />);
    const repos = await screen.findByRole('table', { name: 'Image repositories' });
    await userEvent.click(within(repos).getByRole('button', { name: 'Propose a change to app' }));
    const dialog = screen.getByRole('dialog', { name: 'Propose a change to image repository app' });
    expect(within(dialog).queryByLabelText('Registry username')).toBeNull();
    await userEvent.clear(within(dialog).getByLabelText('Scan interval'));
    await userEvent.type(within(dialog).getByLabelText('Scan interval'), '10m');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Propose change in git' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/proposals/p9'));
    const sent = hub.requests.find((r) => r.operationName === 'ProposeImageRepositoryEdit')?.variables as { id: string; input: Record<string, unknown> };
    expect(sent).toMatchObject({ id: 'r1', input: { name: 'app', interval: '10m' } });
    expect(sent.input).not.toHaveProperty('credentials');
    expect(sent.input).not.toHaveProperty('clearCredentials');
  });

  it('a git-managed ImageUpdateAutomation: an operator, who may delete image objects, sees Propose deletion instead of Delete; it sends proposeFleetDelete with the kind and opens the proposal; a viewer sees neither', async () => {
    const managedBy = { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/images.yaml', revision: null };
    const automations = lists.ListImageUpdateAutomations().body as { data: { imageUpdateAutomations: Record<string, unknown>[] } };
    const managedAutomations = { ListImageUpdateAutomations: () => gqlData({ imageUpdateAutomations: automations.data.imageUpdateAutomations.map((a) => ({ ...a, managedBy })) }) };
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      ...lists,
      ...managedAutomations,
      ProposeFleetDelete: () => gqlData({ proposeFleetDelete: { id: 'p10', headBranch: 'flotilla/edit-imageupdateautomation-app-1' } }),
    });
    const { router, unmount } = renderRoute(<ImagesRoute />);
    const table = await screen.findByRole('table', { name: 'Image update automations' });
    expect(within(table).queryByRole('button', { name: 'Delete app' })).toBeNull();
    await userEvent.click(within(table).getByRole('button', { name: 'Propose deletion of app' }));
    const dialog = screen.getByRole('dialog', { name: 'Propose deleting ImageUpdateAutomation app?' });
    expect(dialog).toHaveTextContent('clusters/hub/images.yaml');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Propose deletion in git' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/proposals/p10'));
    expect(hub.requests.filter((r) => r.operationName === 'ProposeFleetDelete').map((r) => r.variables)).toEqual([{ kind: 'ImageUpdateAutomation', id: 'a1' }]);
    unmount();

    mockHub({ Viewer: viewer('VIEWER'), ...lists, ...managedAutomations });
    renderRoute(<ImagesRoute />);
    const forViewer = await screen.findByRole('table', { name: 'Image update automations' });
    expect(within(forViewer).getByText('managed by git')).toBeInTheDocument();
    expect(within(forViewer).queryByRole('button', { name: /Propose deletion|Delete/ })).toBeNull();
  });
});
