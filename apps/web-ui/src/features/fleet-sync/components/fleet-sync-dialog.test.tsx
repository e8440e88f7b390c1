import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { FleetSync } from '../api/fleet-syncs';
import { FleetSyncDialog } from './fleet-sync-dialog';
import { FleetSyncsTable } from './fleet-syncs-table';

const existing: FleetSync = {
  id: 'fs1',
  namespace: 'flotilla-system',
  name: 'hub',
  sourceNamespace: 'flotilla-system',
  sourceName: 'fleet',
  sourceUrl: 'https://git.example.com/fleet.git',
  path: './clusters/hub',
  interval: '10m',
  prune: true,
  suspend: false,
  provider: 'native',
  providerApiUrl: null,
  providerRepository: null,
  providerTokenSet: false,
  ready: 'True',
  reason: 'ReconciliationSucceeded',
  message: 'Applied revision: main@sha1:abc',
  lastAppliedRevision: 'main@sha1:abc',
  lastAttemptedRevision: 'main@sha1:abc',
  problems: [],
  inventory: [],
};

describe('FleetSyncDialog', () => {
  it('edits where it reads: the form starts from the stored fields, the name and namespace stay, the change is sent with its id', async () => {
    const hub = mockHub({ UpdateFleetSync: (r) => gqlData({ updateFleetSync: { ...existing, ...(r.variables?.input as object) } }), ListFleetSyncs: () => gqlData({ fleetSyncs: [existing] }) });
    const onClose = vi.fn();
    const user = userEvent.setup();
    renderRoute(<FleetSyncDialog existing={existing} onClose={onClose} />);
    expect(screen.getByRole('heading', { name: 'Edit FleetSync hub' })).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveValue('hub');
    expect(screen.getByLabelText('Name')).toHaveAttribute('readonly');
    expect(screen.getByLabelText('Namespace')).toHaveAttribute('readonly');
    expect(screen.getByLabelText('Path')).toHaveValue('./clusters/hub');
    await user.clear(screen.getByLabelText('Path'));
    await user.type(screen.getByLabelText('Path'), './clusters/next');
    await user.click(screen.getByLabelText(/Prune/));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(hub.requests.find((r) => r.operationName === 'UpdateFleetSync')?.variables).toEqual({
      id: 'fs1',
      input: { name: 'hub', namespace: 'flotilla-system', sourceName: 'fleet', sourceNamespace: 'flotilla-system', path: './clusters/next', interval: '10m', prune: false, provider: 'native', providerRepository: null, providerApiUrl: null },
    });
  });

  it('a refusal of the hub lands on the field it names and the dialog stays open', async () => {
    mockHub({ UpdateFleetSync: () => gqlError('BAD_USER_INPUT', 'path: must stay inside the repository (relative, no "..")', 'path') });
    const onClose = vi.fn();
    const user = userEvent.setup();
    renderRoute(<FleetSyncDialog existing={existing} onClose={onClose} />);
    await user.clear(screen.getByLabelText('Path'));
    await user.type(screen.getByLabelText('Path'), '../up');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.getByLabelText('Path')).toHaveAttribute('aria-invalid', 'true'));
    const path = screen.getByLabelText('Path');
    expect(document.getElementById(path.getAttribute('aria-describedby') ?? '')).toHaveTextContent('path: must stay inside the repository (relative, no "..")');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('without an existing one it adds: Add FleetSync, name editable, CreateFleetSync sent', async () => {
    const hub = mockHub({ CreateFleetSync: () => gqlData({ createFleetSync: existing }), ListFleetSyncs: () => gqlData({ fleetSyncs: [existing] }) });
    const user = userEvent.setup();
    renderRoute(<FleetSyncDialog onClose={() => {}} />);
    expect(screen.getByLabelText('Name')).not.toHaveAttribute('readonly');
    await user.type(screen.getByLabelText('Name'), 'hub');
    await user.type(screen.getByLabelText('GitRepository'), 'fleet');
    await user.click(screen.getByRole('button', { name: 'Add FleetSync' }));
    await waitFor(() => expect(hub.requests.some((r) => r.operationName === 'CreateFleetSync')).toBe(true));
    expect(hub.requests.some((r) => r.operationName === 'UpdateFleetSync')).toBe(false);
  });

  describe('pull requests at a forge for its proposed edits', () => {
    const TOKEN = 'ghp_typedOnceNeverShown';

    it('a forge asks for its repository, API URL and a required write-only token; adding sends them with the token', async () => {
      const hub = mockHub({ CreateFleetSync: () => gqlData({ createFleetSync: existing }), ListFleetSyncs: () => gqlData({ fleetSyncs: [existing] }) });
      const onClose = vi.fn();
      const user = userEvent.setup();
      renderRoute(<FleetSyncDialog onClose={onClose} />);
      expect(screen.getByLabelText('Pull-request provider')).toHaveValue('native');
      expect(screen.queryByLabelText('GitHub token')).toBeNull();
      await user.type(screen.getByLabelText('Name'), 'hub');
      await user.type(screen.getByLabelText('GitRepository'), 'fleet');
      await user.selectOptions(screen.getByLabelText('Pull-request provider'), 'github');
      expect(screen.getByLabelText('GitHub repository')).toHaveAccessibleDescription('"owner/name".');
      expect(screen.getByLabelText('GitHub API URL')).toHaveAttribute('placeholder', 'derived from the GitRepository URL');
      const token = screen.getByLabelText('GitHub token');
      expect(token).toHaveAttribute('type', 'password');
      expect(token).toBeRequired();
      await user.type(screen.getByLabelText('GitHub repository'), 'acme/fleet');
      await user.type(token, TOKEN);
      await user.click(screen.getByRole('button', { name: 'Add FleetSync' }));
      await waitFor(() => expect(onClose).toHaveBeenCalled());
      expect(hub.requests.find((r) => r.operationName === 'CreateFleetSync')?.variables).toEqual({
        input: { name: 'hub', namespace: null, sourceName: 'fleet', sourceNamespace: null, path: './', interval: '10m', prune: true, provider: 'github', providerRepository: 'acme/fleet', providerApiUrl: null, providerToken: TOKEN },
      });
    });

    it('editing one whose token the hub holds: the field starts empty and optional, and saving without typing keeps the stored token (none is sent)', async () => {
      const withForge: FleetSync = { ...existing, provider: 'gitea', providerRepository: 'acme/fleet', providerApiUrl: 'https://git.example.com/api/v1', providerTokenSet: true };
      const hub = mockHub({ UpdateFleetSync: () => gqlData({ updateFleetSync: withForge }), ListFleetSyncs: () => gqlData({ fleetSyncs: [withForge] }) });
      const onClose = vi.fn();
      const user = userEvent.setup();
      renderRoute(<FleetSyncDialog existing={withForge} onClose={onClose} />);
      expect(screen.getByLabelText('Pull-request provider')).toHaveValue('gitea');
      expect(screen.getByLabelText('Gitea repository')).toHaveValue('acme/fleet');
      expect(screen.getByLabelText('Gitea API URL')).toHaveValue('https://git.example.com/api/v1');
      const token = screen.getByLabelText('Gitea token');
      expect(token).toHaveValue('');
      expect(token).not.toBeRequired();
      expect(token).toHaveAccessibleDescription('Leave empty to keep the stored token; typing replaces it.');
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(onClose).toHaveBeenCalled());
      const input = hub.requests.find((r) => r.operationName === 'UpdateFleetSync')?.variables?.input as Record<string, unknown>;
      expect(input).toMatchObject({ provider: 'gitea', providerRepository: 'acme/fleet', providerApiUrl: 'https://git.example.com/api/v1' });
      expect(input).not.toHaveProperty('providerToken');
    });

    it('switching back to Native sends native with no repository, URL or token (the hub drops the stored token)', async () => {
      const withForge: FleetSync = { ...existing, provider: 'github', providerRepository: 'acme/fleet', providerTokenSet: true };
      const hub = mockHub({ UpdateFleetSync: () => gqlData({ updateFleetSync: existing }), ListFleetSyncs: () => gqlData({ fleetSyncs: [existing] }) });
      const user = userEvent.setup();
      renderRoute(<FleetSyncDialog existing={withForge} onClose={() => {}} />);
      await user.selectOptions(screen.getByLabelText('Pull-request provider'), 'native');
      expect(screen.queryByLabelText('GitHub token')).toBeNull();
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(hub.requests.some((r) => r.operationName === 'UpdateFleetSync')).toBe(true));
      expect(hub.requests.find((r) => r.operationName === 'UpdateFleetSync')?.variables?.input).toMatchObject({ provider: 'native', providerRepository: null, providerApiUrl: null });
    });

    it('the hub’s refusal of a forge setting lands on that field and the dialog stays open', async () => {
      mockHub({ UpdateFleetSync: () => gqlError('BAD_USER_INPUT', 'providerRepository: owner/name', 'providerRepository') });
      const withForge: FleetSync = { ...existing, provider: 'github', providerTokenSet: true };
      const onClose = vi.fn();
      const user = userEvent.setup();
      renderRoute(<FleetSyncDialog existing={withForge} onClose={onClose} />);
      await user.type(screen.getByLabelText('GitHub repository'), 'acme/fleet/extra');
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(screen.getByLabelText('GitHub repository')).toHaveAttribute('aria-invalid', 'true'));
      expect(screen.getByLabelText('GitHub repository')).toHaveAccessibleDescription('providerRepository: owner/name');
      expect(onClose).not.toHaveBeenCalled();
    });
  });

  it('the FleetSyncs table says where a FleetSync with a forge proposes its edits, and nothing for a native one', async () => {
    mockHub({ ListFleetSyncs: () => gqlData({ fleetSyncs: [{ ...existing, provider: 'github', providerRepository: 'acme/fleet', providerTokenSet: true }, { ...existing, id: 'fs2', name: 'edge' }] }) });
    renderRoute(<FleetSyncsTable />);
    const row = await screen.findByTestId('fleet-sync-hub');
    expect(row.querySelector('[data-testid="fleet-sync-provider"]')).toHaveTextContent('edits proposed as pull requests at GitHub acme/fleet');
    expect(screen.getByTestId('fleet-sync-edge').querySelector('[data-testid="fleet-sync-provider"]')).toBeNull();
  });
});
