import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { ImageUpdateAutomation } from '../api/list-image-automations';
import { ImageAutomationDialog } from './image-automation-dialog';

const sources = () =>
  gqlData({
    gitRepositories: [
      {
        id: 'g1',
        namespace: 'flotilla-system',
        name: 'fleet',
        url: 'https://git.example.com/fleet.git',
        interval: '1m',
        timeout: '60s',
        suspend: false,
        credentialsKind: null,
        ready: 'True',
        ref: { branch: 'main', tag: null, semver: null, commit: null, name: null },
      },
    ],
  });

const stored: ImageUpdateAutomation = {
  managedBy: null,
  id: 'a1',
  namespace: 'flux-system',
  name: 'apps',
  source: 'flux-system/fleet',
  checkoutBranch: 'main',
  pushBranch: null,
  authorName: 'Flotilla',
  authorEmail: 'bot@flotilla.dev',
  messageTemplate: 'Update {{ range .Changed.Changes }}{{ .NewValue }} {{ end }}',
  interval: '5m',
  updatePath: './apps',
  mode: 'proposal',
  requiredApprovals: 2,
  approverTeam: 'web',
  policySelector: 'app=web',
  mergeStrategy: 'merge-commit',
  autoMergeAfter: '30m',
  autoMergeRequiresApproval: true,
  provider: 'native',
  providerApiUrl: null,
  providerRepository: null,
  providerTokenSet: false,
  suspend: false,
  ready: 'True',
  message: 'ok',
  warnings: [],
  lastPushCommit: null,
  lastAutomationRunTime: null,
};

function setup(automation: ImageUpdateAutomation | null = null) {
  const onClose = vi.fn();
  const user = userEvent.setup();
  renderRoute(<ImageAutomationDialog automation={automation} onClose={onClose} />);
  return { user, onClose };
}

const sent = (hub: ReturnType<typeof mockHub>, op: string) =>
  hub.requests.filter((r) => r.operationName === op).at(-1)?.variables;

describe('ImageAutomationDialog', () => {
  it('every problem on its field at once: the message template through the hub’s Go template renderer, the selector through its parser, approvals 1 to 10', async () => {
    const hub = mockHub({ ListGitRepositories: sources });
    const { user } = setup();
    await user.type(screen.getByLabelText('Commit message template'), 'Update {{{{ range .Changed.Changes }}');
    await user.type(screen.getByLabelText('Policy selector'), 'app in (web');
    await user.clear(screen.getByLabelText('Required approvals'));
    await user.type(screen.getByLabelText('Required approvals'), '11');
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), '1d');
    await user.type(screen.getByLabelText('Auto-merge after'), '30 minutes');
    await user.click(screen.getByRole('button', { name: 'Add automation' }));
    expect(screen.getByLabelText('Auto-merge after')).toHaveAccessibleDescription(/Use a Go duration/);
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('Name is required.');
    expect(screen.getByLabelText('Git repository')).toHaveAccessibleDescription(/Choose the Git repository/);
    expect(screen.getByLabelText('Author email')).toHaveAccessibleDescription(/email is required/);
    expect(screen.getByLabelText('Commit message template')).toHaveAccessibleDescription(/^message template: /);
    expect(screen.getByLabelText('Policy selector')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Required approvals')).toHaveAccessibleDescription('A whole number from 1 to 10.');
    expect(screen.getByLabelText('Interval')).toHaveAccessibleDescription(/Use a Go duration/);
    expect(sent(hub, 'CreateImageUpdateAutomation')).toBeUndefined();
  });

  it('push mode asks for a push branch and none of the approval fields; creates with the hub’s field names', async () => {
    const hub = mockHub({
      ListGitRepositories: sources,
      CreateImageUpdateAutomation: () => gqlData({ createImageUpdateAutomation: { ...stored, id: 'a9' } }),
    });
    const { user, onClose } = setup();
    await user.type(screen.getByLabelText('Name'), 'direct');
    await waitFor(() => expect(screen.getByRole('option', { name: 'flotilla-system/fleet' })).toBeInTheDocument());
    await user.selectOptions(screen.getByLabelText('Git repository'), 'flotilla-system/fleet');
    await user.selectOptions(screen.getByLabelText('Pull-request provider'), 'github');
    await user.selectOptions(screen.getByLabelText('Mode'), 'push');
    expect(screen.queryByLabelText('Required approvals')).toBeNull();
    // A forge reviews proposals only: push mode keeps the provider native and asks for no token.
    expect(screen.getByLabelText('Pull-request provider')).toBeDisabled();
    expect(screen.getByLabelText('Pull-request provider')).toHaveValue('native');
    expect(screen.queryByLabelText('GitHub token')).toBeNull();
    await user.type(screen.getByLabelText('Push branch'), 'staging');
    await user.type(screen.getByLabelText('Author email'), 'bot@flotilla.dev');
    await user.click(screen.getByRole('button', { name: 'Add automation' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent(hub, 'CreateImageUpdateAutomation')).toEqual({
      input: {
        namespace: 'flotilla-system',
        name: 'direct',
        sourceName: 'fleet',
        sourceNamespace: 'flotilla-system',
        checkoutBranch: null,
        pushBranch: 'staging',
        authorName: 'Flotilla',
        authorEmail: 'bot@flotilla.dev',
        messageTemplate: null,
        updatePath: './',
        mode: 'push',
        requiredApprovals: 1,
        approverTeam: null,
        policySelector: null,
        mergeStrategy: 'fast-forward',
        autoMergeAfter: null,
        autoMergeRequiresApproval: true,
        provider: 'native',
        providerRepository: null,
        providerApiUrl: null,
        interval: '1m',
        suspend: false,
      },
    });
  });

  it('edits a stored automation as it is and places the hub’s refusal on its field', async () => {
    const hub = mockHub({
      ListGitRepositories: sources,
      UpdateImageUpdateAutomation: () => gqlError('BAD_USER_INPUT', 'updatePath: must stay inside the repository', 'updatePath'),
    });
    const { user } = setup(stored);
    expect(screen.getByLabelText('Required approvals')).toHaveValue(2);
    expect(screen.getByLabelText('Merge strategy')).toHaveValue('merge-commit');
    expect(screen.getByLabelText('Auto-merge after')).toHaveValue('30m');
    expect(screen.getByLabelText('Auto-merge only once approved')).toBeChecked();
    await user.click(screen.getByLabelText('Auto-merge only once approved'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByLabelText('Update path')).toHaveAccessibleDescription('Must stay inside the repository.'));
    expect(sent(hub, 'UpdateImageUpdateAutomation')).toMatchObject({
      id: 'a1',
      input: { namespace: 'flux-system', name: 'apps', sourceNamespace: 'flux-system', sourceName: 'fleet', requiredApprovals: 2, autoMergeAfter: '30m', autoMergeRequiresApproval: false, approverTeam: 'web', policySelector: 'app=web', mergeStrategy: 'merge-commit', messageTemplate: stored.messageTemplate, interval: '5m', updatePath: './apps', checkoutBranch: 'main', pushBranch: null },
    });
  });

  describe('pull-request provider', () => {
    const TOKEN = 'ghp_s3cretTokenValue42';
    const atGithub: ImageUpdateAutomation = {
      ...stored,
      provider: 'github',
      providerRepository: 'acme/fleet',
      providerApiUrl: 'https://github.example.com/api/v3',
      providerTokenSet: true,
    };

    async function fillRequired(user: ReturnType<typeof userEvent.setup>) {
      await user.type(screen.getByLabelText('Name'), 'apps');
      await waitFor(() => expect(screen.getByRole('option', { name: 'flotilla-system/fleet' })).toBeInTheDocument());
      await user.selectOptions(screen.getByLabelText('Git repository'), 'flotilla-system/fleet');
      await user.type(screen.getByLabelText('Author email'), 'bot@flotilla.dev');
    }

    it('a forge asks for its repository, API URL and a token, each with its own hint; creating without a token is refused on that field', async () => {
      const hub = mockHub({ ListGitRepositories: sources });
      const { user } = setup();
      await fillRequired(user);
      expect(screen.queryByLabelText('GitLab token')).toBeNull();
      await user.selectOptions(screen.getByLabelText('Pull-request provider'), 'gitlab');
      const repository = screen.getByLabelText('GitLab repository');
      expect(repository).toHaveAttribute('placeholder', 'derived from the GitRepository URL');
      expect(repository).toHaveAccessibleDescription(/"group\/project"/);
      const api = screen.getByLabelText('GitLab API URL');
      expect(api).toHaveAttribute('placeholder', 'derived from the GitRepository URL');
      expect(api).toHaveAccessibleDescription(/https:\/\/HOST\/api\/v4/);
      const token = screen.getByLabelText('GitLab token');
      expect(token).toHaveAttribute('type', 'password');
      expect(token).toBeRequired();
      await user.selectOptions(screen.getByLabelText('Pull-request provider'), 'gitea');
      expect(screen.getByLabelText('Gitea API URL')).toHaveAccessibleDescription(/https:\/\/HOST\/api\/v1/);
      await user.selectOptions(screen.getByLabelText('Pull-request provider'), 'github');
      expect(screen.getByLabelText('GitHub repository')).toHaveAccessibleDescription(/"owner\/name"/);
      expect(screen.getByLabelText('GitHub API URL')).toHaveAccessibleDescription(/https:\/\/HOST\/api\/v3/);
      await user.click(screen.getByRole('button', { name: 'Add automation' }));
      expect(screen.getByLabelText('GitHub token')).toHaveAccessibleDescription('GitHub needs a token with access to the repository.');
      expect(sent(hub, 'CreateImageUpdateAutomation')).toBeUndefined();
    });

    it('creates with the forge settings and the token, and the token is gone from the page once saved', async () => {
      const hub = mockHub({
        ListGitRepositories: sources,
        CreateImageUpdateAutomation: () => gqlData({ createImageUpdateAutomation: { ...atGithub, id: 'a9' } }),
      });
      const { user, onClose } = setup();
      await fillRequired(user);
      await user.selectOptions(screen.getByLabelText('Pull-request provider'), 'github');
      await user.type(screen.getByLabelText('GitHub repository'), ' acme/fleet ');
      await user.type(screen.getByLabelText('GitHub API URL'), 'https://github.example.com/api/v3');
      await user.type(screen.getByLabelText('GitHub token'), TOKEN);
      await user.click(screen.getByRole('button', { name: 'Add automation' }));
      await waitFor(() => expect(onClose).toHaveBeenCalled());
      expect(sent(hub, 'CreateImageUpdateAutomation')).toMatchObject({
        input: {
          mode: 'proposal',
          provider: 'github',
          providerRepository: 'acme/fleet',
          providerApiUrl: 'https://github.example.com/api/v3',
          providerToken: TOKEN,
        },
      });
      await waitFor(() => expect(document.body.innerHTML).not.toContain(TOKEN));
      for (const input of document.querySelectorAll('input')) expect(input.value).not.toBe(TOKEN);
    });

    it('an edit keeps the stored token when the field stays empty: the input carries no token at all', async () => {
      const hub = mockHub({
        ListGitRepositories: sources,
        UpdateImageUpdateAutomation: () => gqlData({ updateImageUpdateAutomation: atGithub }),
      });
      const { user, onClose } = setup(atGithub);
      expect(screen.getByLabelText('Pull-request provider')).toHaveValue('github');
      expect(screen.getByLabelText('GitHub repository')).toHaveValue('acme/fleet');
      expect(screen.getByLabelText('GitHub API URL')).toHaveValue('https://github.example.com/api/v3');
      const token = screen.getByLabelText('GitHub token');
      expect(token).toHaveValue('');
      expect(token).not.toBeRequired();
      expect(token).toHaveAccessibleDescription(/Leave empty to keep the stored token/);
      await user.click(screen.getByRole('button', { name: 'Save' }));
      await waitFor(() => expect(onClose).toHaveBeenCalled());
      const input = sent(hub, 'UpdateImageUpdateAutomation')?.input as Record<string, unknown>;
      expect(input).toMatchObject({ provider: 'github', providerRepository: 'acme/fleet', providerApiUrl: 'https://github.example.com/api/v3' });
      expect(input).not.toHaveProperty('providerToken');
    });

    it('an edit replaces the token when one is typed', async () => {
      const hub = mockHub({
        ListGitRepositories: sources,
        UpdateImageUpdateAutomation: () => gqlData({ updateImageUpdateAutomation: atGithub }),
      });
      const { user, onClose } = setup(atGithub);
      await user.type(screen.getByLabelText('GitHub token'), TOKEN);
      await user.click(screen.getByRole('button', { name: 'Save' }));
      await waitFor(() => expect(onClose).toHaveBeenCalled());
      expect(sent(hub, 'UpdateImageUpdateAutomation')).toMatchObject({ input: { providerToken: TOKEN } });
      await waitFor(() => expect(document.body.innerHTML).not.toContain(TOKEN));
      expect(screen.getByLabelText('GitHub token')).toHaveValue('');
    });


    it.each([
      ['providerRepository', 'providerRepository: owner/name', 'GitHub repository', 'Owner/name.'],
      ['providerApiUrl', 'providerApiUrl: an http(s) URL without credentials, query or fragment', 'GitHub API URL', 'An http(s) URL without credentials, query or fragment.'],
      ['provider', 'provider: a forge takes proposals; push mode commits straight to the branch', 'Pull-request provider', 'A forge takes proposals; push mode commits straight to the branch.'],
    ])('the hub’s refusal of %s is shown on its field', async (field, message, label, shown) => {
      mockHub({ ListGitRepositories: sources, UpdateImageUpdateAutomation: () => gqlError('BAD_USER_INPUT', message, field) });
      const { user } = setup(atGithub);
      await user.click(screen.getByRole('button', { name: 'Save' }));
      await waitFor(() => expect(screen.getByLabelText(label)).toHaveAccessibleDescription(shown));
      expect(screen.queryByText('Could not save the automation')).toBeNull();
    });

    it('switching a forge automation to native drops the forge fields from the page and the input', async () => {
      const hub = mockHub({
        ListGitRepositories: sources,
        UpdateImageUpdateAutomation: () => gqlData({ updateImageUpdateAutomation: stored }),
      });
      const { user, onClose } = setup(atGithub);
      await user.selectOptions(screen.getByLabelText('Pull-request provider'), 'native');
      expect(screen.queryByLabelText('GitHub repository')).toBeNull();
      expect(screen.queryByLabelText('GitHub token')).toBeNull();
      await user.click(screen.getByRole('button', { name: 'Save' }));
      await waitFor(() => expect(onClose).toHaveBeenCalled());
      const input = sent(hub, 'UpdateImageUpdateAutomation')?.input as Record<string, unknown>;
      expect(input).toMatchObject({ provider: 'native', providerRepository: null, providerApiUrl: null });
      expect(input).not.toHaveProperty('providerToken');
    });
  });
});

describe('ImageAutomationDialog of an automation a FleetSync manages, proposing in git', () => {
  const managed: ImageUpdateAutomation = { ...stored, managedBy: { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/images.yaml', revision: null } };

  it('the edited spec goes to proposeImageUpdateAutomationEdit, no token when none is typed; the hub’s refusal is shown and nothing is reported proposed', async () => {
    let refuse = true;
    const hub = mockHub({
      ListGitRepositories: sources,
      ProposeImageUpdateAutomationEdit: () =>
        refuse ? gqlError('BAD_USER_INPUT', 'the FleetSync would refuse the new revision: clusters/hub/images.yaml: duplicate', 'spec') : gqlData({ proposeImageUpdateAutomationEdit: { id: 'p10', headBranch: 'flotilla/edit-imageupdateautomation-apps-1' } }),
    });
    const onProposed = vi.fn();
    const user = userEvent.setup();
    renderRoute(<ImageAutomationDialog automation={managed} onClose={() => {}} proposeInGit={{ onProposed }} />);
    expect(screen.getByRole('dialog', { name: 'Propose a change to automation apps' })).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Update path'));
    await user.type(screen.getByLabelText('Update path'), './apps/v2');
    await user.click(screen.getByRole('button', { name: 'Propose change in git' }));
    expect(await screen.findByText('Could not propose the change')).toBeInTheDocument();
    expect(onProposed).not.toHaveBeenCalled();
    refuse = false;
    await user.click(screen.getByRole('button', { name: 'Propose change in git' }));
    await waitFor(() => expect(onProposed).toHaveBeenCalledWith('p10'));
    const sent = hub.requests.filter((r) => r.operationName === 'ProposeImageUpdateAutomationEdit').map((r) => r.variables as { id: string; input: Record<string, unknown> });
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ id: 'a1', input: { name: 'apps', updatePath: './apps/v2', interval: '5m' } });
    expect(sent[1]!.input).not.toHaveProperty('providerToken');
    expect(hub.requests.find((r) => r.operationName === 'UpdateImageAutomation')).toBeUndefined();
  });
});
