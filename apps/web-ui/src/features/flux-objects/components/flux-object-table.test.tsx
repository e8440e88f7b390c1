import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { FluxObjectRow } from '../api/list-flux-objects';
import { Toaster } from '../../../components/toaster';
import { FluxObjectTable } from './flux-object-table';

/** The row's action buttons (the revision's copy button has no text). */
const actions = (el: HTMLElement): string[] =>
  within(el)
    .queryAllByRole('button')
    .map((b) => b.textContent ?? '')
    .filter((t) => t !== '');

const row = (over: Partial<FluxObjectRow>): FluxObjectRow => ({
  id: 'o1',
  clusterId: 'c1',
  clusterName: 'east',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'apps',
  origin: 'CLUSTER',
  ready: 'True',
  reason: 'ReconciliationSucceeded',
  message: 'Applied revision: main@sha1:abc',
  state: 'READY',
  revision: 'main@sha1:abc',
  suspended: false,
  inventoryCount: 3,
  operations: ['RECONCILE', 'SUSPEND', 'RESUME'],
  updatedAt: new Date().toISOString(),
  parent: null,
  ...over,
});

function setup(items: FluxObjectRow[], canAct = true) {
  document.cookie = 'flotilla_csrf=csrf-abc; path=/';
  const onOpenTree = vi.fn();
  renderRoute(
    <>
      <FluxObjectTable items={items} showCluster canAct={canAct} onOpenTree={onOpenTree} />
      <Toaster />
    </>,
  );
  return { user: userEvent.setup(), onOpenTree };
}

describe('FluxObjectTable', () => {
  it('offers what the registry allows: suspend or resume by state, a tree for an object with an inventory', async () => {
    const { user, onOpenTree } = setup([
      row({}),
      row({ id: 'o2', name: 'paused', suspended: true, state: 'SUSPENDED', inventoryCount: 0 }),
      row({ id: 'o3', kind: 'ExternalArtifact', name: 'made-elsewhere', operations: [], inventoryCount: 0 }),
    ]);
    const [apps, paused, artifact] = screen.getAllByRole('row').slice(1);
    expect(actions(apps!)).toEqual(['Tree', 'Reconcile', 'Suspend']);
    expect(actions(paused!)).toEqual(['Reconcile', 'Resume']);
    expect(actions(artifact!)).toEqual([]);
    await user.click(
      within(apps!).getByRole('button', { name: 'Tree of Kustomization flux-system/apps on east' }),
    );
    expect(onOpenTree).toHaveBeenCalledWith(expect.objectContaining({ name: 'apps' }));
  });

  it('shows no actions to viewers', () => {
    setup([row({})], false);
    expect(actions(screen.getAllByRole('row')[1]!)).toEqual(['Tree']);
  });

  it('sends the operation for that object on that cluster, and shows the hub’s refusal', async () => {
    const hub = mockHub({
      RunFluxObjectOperation: (req) =>
        req.variables?.operation === 'SUSPEND'
          ? gqlData({ runFluxObjectOperation: true })
          : gqlError('CONFLICT', 'the agent of this cluster is not connected'),
    });
    const { user } = setup([row({})]);
    await user.click(screen.getByRole('button', { name: 'Suspend Kustomization flux-system/apps on east' }));
    await waitFor(() => expect(hub.requests).toHaveLength(1));
    expect(hub.requests[0]!.variables).toEqual({
      ref: { clusterId: 'c1', kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
      operation: 'SUSPEND',
    });
    expect(
      await screen.findByText('Suspend requested for Kustomization flux-system/apps on east.'),
    ).toBeInTheDocument();
    await user.click(
      screen.getByRole('button', { name: 'Reconcile Kustomization flux-system/apps on east' }),
    );
    expect(await screen.findByText(/not connected/)).toBeInTheDocument();
  });
});
