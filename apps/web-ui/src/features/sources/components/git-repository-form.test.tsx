import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { GitRepositoryDetail } from '../api/source-types';
import { GitRepositoryForm } from './git-repository-form';

const stored = (over: Partial<GitRepositoryDetail> = {}): GitRepositoryDetail => ({
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
  conditions: [],
  artifact: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  kustomizations: [],
  labels: [],
  managedBy: null,
  ...over,
});

function setup(existing?: GitRepositoryDetail) {
  const onSaved = vi.fn();
  const user = userEvent.setup();
  renderRoute(<GitRepositoryForm existing={existing} onSaved={onSaved} onCancel={() => {}} />);
  return { user, onSaved };
}

const sent = (hub: ReturnType<typeof mockHub>, op: string) =>
  hub.requests.find((r) => r.operationName === op)?.variables;

describe('GitRepositoryForm', () => {
  it('blocks required fields, a bad URL and non-Go durations without calling the hub', async () => {
    const hub = mockHub({});
    const { user } = setup();
    await user.type(screen.getByLabelText('URL'), 'github.com/org/repo');
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), '1d');
    await user.clear(screen.getByLabelText('Timeout'));
    await user.type(screen.getByLabelText('Timeout'), '60');
    await user.click(screen.getByRole('button', { name: 'Create source' }));
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Name is required.')).toBeInTheDocument();
    expect(screen.getByText(/Enter a full URL/)).toBeInTheDocument();
    expect(screen.getByLabelText('Interval')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Timeout')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getAllByText(/Use a Go duration/)).toHaveLength(2);
    expect(hub.requests).toHaveLength(0);
  });

  it('a commit ref must be a full SHA; basic auth needs username and password', async () => {
    const hub = mockHub({});
    const { user } = setup();
    await user.type(screen.getByLabelText('Name'), 'podinfo');
    await user.type(screen.getByLabelText('URL'), 'https://git.example.com/podinfo.git');
    await user.selectOptions(screen.getByLabelText('Reference type'), 'commit');
    await user.type(screen.getByLabelText('Commit'), 'abc1234');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'basic');
    await user.click(screen.getByRole('button', { name: 'Create source' }));
    expect(screen.getByText(/full SHA-1/)).toBeInTheDocument();
    expect(screen.getByText(/Username is required/)).toBeInTheDocument();
    expect(screen.getByText(/Password is required/)).toBeInTheDocument();
    expect(hub.requests).toHaveLength(0);
  });

  it('a SemVer range the hub would refuse is said on the reference field (the hub’s own range rule)', async () => {
    const hub = mockHub({
      CreateGitRepository: () => gqlData({ createGitRepository: { id: 's9', name: 'podinfo' } }),
    });
    const { user, onSaved } = setup();
    await user.type(screen.getByLabelText('Name'), 'podinfo');
    await user.type(screen.getByLabelText('URL'), 'https://git.example.com/podinfo.git');
    await user.selectOptions(screen.getByLabelText('Reference type'), 'semver');
    await user.type(screen.getByLabelText('SemVer range'), '>=1.0.0 <');
    await user.click(screen.getByRole('button', { name: 'Create source' }));
    expect(screen.getByLabelText('SemVer range')).toHaveAccessibleDescription(
      /^Not a SemVer range the hub can use \(.*improper constraint.*\)\. E\.g\. >=1\.0\.0 <2\.0\.0/,
    );
    expect(hub.requests).toHaveLength(0);
    await user.clear(screen.getByLabelText('SemVer range'));
    await user.type(screen.getByLabelText('SemVer range'), '>=1.0.0 <2.0.0');
    await user.click(screen.getByRole('button', { name: 'Create source' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('s9'));
  });

  it('a name already in use is said on the name field, not as a CONFLICT code by the buttons', async () => {
    mockHub({
      CreateGitRepository: () =>
        gqlError('CONFLICT', 'a GitRepository flotilla-system/podinfo exists already'),
    });
    const { user } = setup();
    await user.type(screen.getByLabelText('Name'), 'podinfo');
    await user.type(screen.getByLabelText('URL'), 'https://git.example.com/podinfo.git');
    await user.selectOptions(screen.getByLabelText('Reference type'), 'tag');
    await user.type(screen.getByLabelText('Tag'), 'v1.0.0');
    await user.click(screen.getByRole('button', { name: 'Create source' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(
        'Another GitRepository is already called "podinfo". Choose another name, or edit that one.',
      ),
    );
    expect(screen.queryByText('CONFLICT')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('creates with Flux field names; the password is a password input and goes only to the hub', async () => {
    const hub = mockHub({
      CreateGitRepository: () => gqlData({ createGitRepository: { id: 's9', name: 'podinfo' } }),
    });
    const { user, onSaved } = setup();
    await user.type(screen.getByLabelText('Name'), 'podinfo');
    await user.type(screen.getByLabelText('URL'), 'https://git.example.com/podinfo.git');
    await user.selectOptions(screen.getByLabelText('Reference type'), 'tag');
    await user.type(screen.getByLabelText('Tag'), 'v6.0.0');
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), '5m');
    await user.type(screen.getByLabelText('Ignore patterns'), '/docs/');
    await user.click(screen.getByRole('button', { name: '+ Add label' }));
    await user.type(screen.getByLabelText('Label 1 key'), 'team');
    await user.type(screen.getByLabelText('Label 1 value'), 'shop');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'basic');
    await user.type(screen.getByLabelText('Username'), 'git');
    expect(screen.getByLabelText('Password')).toHaveAttribute('type', 'password');
    await user.type(screen.getByLabelText('Password'), 's3cret');
    await user.click(screen.getByRole('button', { name: 'Create source' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('s9'));
    expect(sent(hub, 'CreateGitRepository')).toEqual({
      input: {
        name: 'podinfo',
        url: 'https://git.example.com/podinfo.git',
        ref: { tag: 'v6.0.0' },
        interval: '5m',
        timeout: '60s',
        ignore: '/docs/',
        suspend: false,
        labels: [{ key: 'team', value: 'shop' }],
        credentials: { username: 'git', password: 's3cret' },
      },
    });
  });

  it('labels: shown when editing and sent back; a bad key is refused before sending, and a hub refusal lands on its row', async () => {
    let calls = 0;
    const hub = mockHub({
      UpdateGitRepository: () =>
        ++calls === 1
          ? gqlError('BAD_USER_INPUT', '"tier" is given twice', 'labels[1].key')
          : gqlData({ updateGitRepository: { id: 's1', name: 'fleet-infra' } }),
    });
    const { user, onSaved } = setup(stored({ labels: [{ key: 'team', value: 'shop' }] }));
    expect(screen.getByLabelText('Label 1 key')).toHaveValue('team');
    expect(screen.getByLabelText('Label 1 value')).toHaveValue('shop');
    await user.click(screen.getByRole('button', { name: '+ Add label' }));
    await user.type(screen.getByLabelText('Label 2 key'), 'tier/');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.getByLabelText('Label 2 key')).toHaveAttribute('aria-invalid', 'true');
    expect(hub.requests).toHaveLength(0);
    await user.clear(screen.getByLabelText('Label 2 key'));
    await user.type(screen.getByLabelText('Label 2 key'), 'tier');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.getByLabelText('Label 2 key')).toHaveAttribute('aria-invalid', 'true'));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('s1'));
    expect((sent(hub, 'UpdateGitRepository') as { input: { labels: unknown } }).input.labels).toEqual([
      { key: 'team', value: 'shop' },
      { key: 'tier', value: '' },
    ]);
  });

  it('stored credentials are write-only: shown as "Stored", kept unless replaced or cleared', async () => {
    const hub = mockHub({
      UpdateGitRepository: () => gqlData({ updateGitRepository: { id: 's1', name: 'fleet-infra' } }),
    });
    const { user, onSaved } = setup(stored());
    expect(screen.getByTestId('stored-credentials')).toHaveTextContent(/Stored.*username and password/);
    expect(screen.queryByLabelText('Password')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const keep = sent(hub, 'UpdateGitRepository') as { input: Record<string, unknown> };
    expect(keep.input).not.toHaveProperty('credentials');
    expect(keep.input).not.toHaveProperty('clearCredentials');
  });

  it('replace sends only the new secret; the field starts empty', async () => {
    const hub = mockHub({
      UpdateGitRepository: () => gqlData({ updateGitRepository: { id: 's1', name: 'fleet-infra' } }),
    });
    const { user, onSaved } = setup(stored({ credentialsKind: 'bearer' }));
    await user.click(screen.getByRole('button', { name: 'Replace' }));
    expect(screen.getByLabelText('Bearer token')).toHaveValue('');
    await user.type(screen.getByLabelText('Bearer token'), 'tok-new');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect((sent(hub, 'UpdateGitRepository') as { input: unknown }).input).toMatchObject({
      credentials: { bearerToken: 'tok-new' },
    });
  });

  it('clear sends clearCredentials and can be undone before saving', async () => {
    const hub = mockHub({
      UpdateGitRepository: () => gqlData({ updateGitRepository: { id: 's1', name: 'fleet-infra' } }),
    });
    const { user, onSaved } = setup(stored());
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.getByText(/will be removed when you save/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect((sent(hub, 'UpdateGitRepository') as { input: unknown }).input).toMatchObject({
      clearCredentials: true,
    });
    expect(screen.getByLabelText('Name')).toHaveAttribute('readonly');
  });

  it('puts a hub BAD_USER_INPUT on the field it names and keeps the input', async () => {
    mockHub({
      UpdateGitRepository: () => gqlError('BAD_USER_INPUT', 'interval must be at least 10s', 'interval'),
    });
    const { user } = setup(stored());
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), '1s');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Interval must be at least 10s.');
    expect(screen.getByLabelText('Interval')).toHaveValue('1s');
    expect(screen.getByLabelText('Interval')).toHaveAttribute('aria-invalid', 'true');
  });

  it('an ssh:// URL with an SSH key sends identity, knownHosts and the passphrase; the scp-like form is refused with the ssh:// hint', async () => {
    const hub = mockHub({
      CreateGitRepository: () => gqlData({ createGitRepository: { id: 's7', name: 'fleet' } }),
    });
    const { user, onSaved } = setup();
    await user.type(screen.getByLabelText('Name'), 'fleet');
    await user.type(screen.getByLabelText('URL'), 'git@github.com:org/fleet.git');
    await user.click(screen.getByRole('button', { name: 'Create source' }));
    expect(await screen.findByText(/as ssh:\/\/user@host\/path/)).toBeInTheDocument();
    await user.clear(screen.getByLabelText('URL'));
    await user.type(screen.getByLabelText('URL'), 'ssh://git@github.com/org/fleet.git');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'ssh');
    await user.type(screen.getByLabelText('Private key'), 'KEY');
    await user.type(screen.getByLabelText('known_hosts'), 'github.com ssh-ed25519 AAAA');
    expect(screen.getByLabelText('Key passphrase')).toHaveAttribute('type', 'password');
    await user.type(screen.getByLabelText('Key passphrase'), 'pp');
    await user.click(screen.getByRole('button', { name: 'Create source' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('s7'));
    expect((sent(hub, 'CreateGitRepository') as { input: unknown }).input).toMatchObject({
      url: 'ssh://git@github.com/org/fleet.git',
      credentials: { identity: 'KEY', knownHosts: 'github.com ssh-ed25519 AAAA', password: 'pp' },
    });
  });

  it('an SSH key with an https URL is refused before saving', async () => {
    mockHub({});
    const { user } = setup();
    await user.type(screen.getByLabelText('Name'), 'fleet');
    await user.type(screen.getByLabelText('URL'), 'https://github.com/org/fleet.git');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'ssh');
    await user.type(screen.getByLabelText('Private key'), 'KEY');
    await user.type(screen.getByLabelText('known_hosts'), 'github.com ssh-ed25519 AAAA');
    await user.click(screen.getByRole('button', { name: 'Create source' }));
    expect(await screen.findByText('An SSH key is used with an ssh:// URL.')).toBeInTheDocument();
  });

  it('a CA certificate (Flux’s ca.crt) is sent alone or with the credentials; one that is not PEM, or for a URL that is not https, is refused before sending', async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n';
    const hub = mockHub({
      CreateGitRepository: () => gqlData({ createGitRepository: { id: 's7', name: 'internal' } }),
    });
    const { user, onSaved } = setup();
    await user.type(screen.getByLabelText('Name'), 'internal');
    await user.type(screen.getByLabelText('URL'), 'http://git.corp.example/internal.git');
    await user.click(screen.getByLabelText('CA certificate'));
    await user.paste('not a certificate');
    await user.click(screen.getByRole('button', { name: 'Create source' }));
    expect(screen.getByText(/Paste PEM certificates/)).toBeInTheDocument();
    await user.clear(screen.getByLabelText('CA certificate'));
    await user.click(screen.getByLabelText('CA certificate'));
    await user.paste(pem);
    await user.click(screen.getByRole('button', { name: 'Create source' }));
    expect(screen.getByText('A CA certificate is for https:// URLs.')).toBeInTheDocument();
    expect(hub.requests).toHaveLength(0);
    await user.clear(screen.getByLabelText('URL'));
    await user.type(screen.getByLabelText('URL'), 'https://git.corp.example/internal.git');
    await user.click(screen.getByRole('button', { name: 'Create source' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('s7'));
    expect((sent(hub, 'CreateGitRepository') as { input: unknown }).input).toMatchObject({ credentials: { caCert: pem } });
  });

  it('stored basic+ca reads as credentials with a CA certificate; replacing sends both anew, the CA field starting empty', async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n';
    const hub = mockHub({
      UpdateGitRepository: () => gqlData({ updateGitRepository: { id: 's1', name: 'fleet-infra' } }),
    });
    const { user, onSaved } = setup(stored({ credentialsKind: 'basic+ca' }));
    expect(screen.getByTestId('stored-credentials')).toHaveTextContent(/username and password, with a CA certificate/);
    expect(screen.queryByLabelText('CA certificate')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Replace' }));
    expect(screen.getByLabelText('CA certificate')).toHaveValue('');
    await user.type(screen.getByLabelText('Username'), 'git');
    await user.type(screen.getByLabelText('Password'), 's3cret');
    await user.click(screen.getByLabelText('CA certificate'));
    await user.paste(pem);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect((sent(hub, 'UpdateGitRepository') as { input: unknown }).input).toMatchObject({
      credentials: { username: 'git', password: 's3cret', caCert: pem },
    });
  });
});

describe('GitRepositoryForm in propose mode (managed by git)', () => {
  it('proposes the spec edit in git, without credentials (no credential fields: the hub holds them), and hands back the proposal', async () => {
    const hub = mockHub({ ProposeGitRepositoryEdit: () => gqlData({ proposeGitRepositoryEdit: { id: 'p7', headBranch: 'flotilla/edit-gitrepository-fleet-infra-1' } }) });
    const onProposed = vi.fn();
    const user = userEvent.setup();
    renderRoute(<GitRepositoryForm existing={stored()} onSaved={() => {}} onCancel={() => {}} proposeInGit={{ onProposed }} />);
    expect(screen.queryByLabelText('Username')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), '10m');
    await user.click(screen.getByRole('button', { name: 'Propose change in git' }));
    await waitFor(() => expect(onProposed).toHaveBeenCalledWith('p7'));
    const vars = sent(hub, 'ProposeGitRepositoryEdit') as { id: string; input: Record<string, unknown> };
    expect(vars.id).toBe('s1');
    expect(vars.input).toMatchObject({ name: 'fleet-infra', interval: '10m' });
    expect(vars.input).not.toHaveProperty('credentials');
    expect(vars.input).not.toHaveProperty('clearCredentials');
    expect(hub.requests.some((r) => r.operationName === 'UpdateGitRepository')).toBe(false);
  });
});
