import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { GitRepositoryDetail } from '../api/source-types';
import { GitCredentialsForm } from './git-credentials-form';

const managed = (over: Partial<GitRepositoryDetail> = {}): GitRepositoryDetail => ({
  id: 's1',
  namespace: 'flotilla-system',
  name: 'app',
  url: 'https://git.example.com/app.git',
  interval: '1m',
  timeout: '60s',
  suspend: false,
  credentialsKind: null,
  ready: 'False',
  ignore: null,
  ref: { branch: 'main', tag: null, semver: null, commit: null, name: null },
  conditions: [],
  artifact: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  kustomizations: [],
  labels: [],
  managedBy: { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/app.yaml', revision: null },
  ...over,
});

describe('GitCredentialsForm (a GitRepository a FleetSync manages)', () => {
  it('sends only the credentials, checked first; Save is off until something changes', async () => {
    const hub = mockHub({
      SetGitRepositoryCredentials: () => gqlData({ setGitRepositoryCredentials: { id: 's1', credentialsKind: 'basic' } }),
    });
    const user = userEvent.setup();
    renderRoute(<GitCredentialsForm existing={managed()} />);
    expect(screen.getByRole('button', { name: 'Save credentials' })).toBeDisabled();
    await user.selectOptions(screen.getByLabelText('Authentication'), 'basic');
    await user.type(screen.getByLabelText('Username'), 'bot');
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    expect(screen.getByText('Password is required for basic auth.')).toBeInTheDocument();
    expect(hub.requests).toHaveLength(0);
    await user.type(screen.getByLabelText('Password'), 's3cret');
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    await waitFor(() => expect(hub.requests.find((r) => r.operationName === 'SetGitRepositoryCredentials')).toBeDefined());
    expect(hub.requests.find((r) => r.operationName === 'SetGitRepositoryCredentials')?.variables).toEqual({
      id: 's1',
      credentials: { username: 'bot', password: 's3cret' },
      clear: false,
    });
    expect(await screen.findByTestId('stored-credentials')).toHaveTextContent(/username and password/);
  });

  it('clear removes the stored credentials', async () => {
    const hub = mockHub({
      SetGitRepositoryCredentials: () => gqlData({ setGitRepositoryCredentials: { id: 's1', credentialsKind: null } }),
    });
    const user = userEvent.setup();
    renderRoute(<GitCredentialsForm existing={managed({ credentialsKind: 'bearer' })} />);
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    await waitFor(() =>
      expect(hub.requests.find((r) => r.operationName === 'SetGitRepositoryCredentials')?.variables).toEqual({ id: 's1', credentials: null, clear: true }),
    );
  });
});
