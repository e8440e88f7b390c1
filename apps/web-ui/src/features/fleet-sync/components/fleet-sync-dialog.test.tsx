import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { FleetSync } from '../api/fleet-syncs';
import { FleetSyncDialog } from './fleet-sync-dialog';

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
      input: { name: 'hub', namespace: 'flotilla-system', sourceName: 'fleet', sourceNamespace: 'flotilla-system', path: './clusters/next', interval: '10m', prune: false },
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
});
