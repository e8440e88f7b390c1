import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub, type RecordedRequest } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { invalidateOnEvent } from '../../realtime/invalidate-on-event';
import { ROLLOUT_PATCH_DELAY_MS } from '../../features/fleet/api/patch-rollout-rows';
import { RolloutRoute } from './rollout-route';

const A = 'main@sha1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'main@sha1:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const PATH = '/?kind=Kustomization&namespace=apps&name=web&group=env';

const summary = (over: Record<string, unknown> = {}) =>
  gqlData({
    fleetRolloutSummary: {
      objects: [{ kind: 'Kustomization', namespace: 'apps', name: 'web' }],
      objectsTruncated: false,
      clusters: 3,
      pending: 0,
      revisions: [
        { revision: B, clusters: 1, newest: true, firstSeenAt: new Date().toISOString() },
        {
          revision: A,
          clusters: 2,
          newest: false,
          firstSeenAt: new Date(Date.now() - 3_600_000).toISOString(),
        },
      ],
      groups: [
        { value: 'dev', clusters: 1, onNewest: 1, onOlder: 0, pending: 0 },
        { value: 'prod', clusters: 2, onNewest: 0, onOlder: 2, pending: 0 },
      ],
      groupsTruncated: false,
      ...over,
    },
  });
const row = (id: string, name: string, group: string | null, health: string, revision: string) => ({
  clusterId: id,
  clusterName: name,
  connectionState: 'CONNECTED',
  lastSeenAt: new Date().toISOString(),
  group,
  cells: [{ object: 0, health, revision }],
  pending: [] as { object: number; reason: string }[],
});
const page = (rows: unknown[]) =>
  gqlData({
    fleetRolloutClusters: {
      totalCount: rows.length,
      pageInfo: { hasNextPage: false, endCursor: null },
      rows,
    },
  });
const spread = gqlData({
  fleetRolloutSpread: [
    { revision: B, points: [{ at: new Date().toISOString(), clusters: 1 }] },
    { revision: A, points: [{ at: new Date(Date.now() - 3_600_000).toISOString(), clusters: 3 }] },
  ],
});
const calls = (hub: { requests: RecordedRequest[] }, name: string) =>
  hub.requests.filter((r) => r.operationName === name);

describe('RolloutRoute', () => {
  // happy-dom lays nothing out: give the matrix's scroll box the height of a screen so rows are in the window.
  const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  });
  afterAll(() => {
    if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
  });

  it('shows each cluster’s health in words and its short revision, grouped by the label with newest/older counts', async () => {
    const hub = mockHub({
      FleetRolloutSummary: () => summary(),
      FleetRolloutClusters: () =>
        page([
          row('c-3', 'charlie', 'dev', 'FAILING', B),
          row('c-1', 'alpha', 'prod', 'READY', A),
          row('c-2', 'bravo', 'prod', 'SUSPENDED', A),
        ]),
      FleetRolloutSpread: () => spread,
    });
    renderRoute(<RolloutRoute />, { path: PATH });
    const matrix = await screen.findByRole('table', { name: 'Rollout matrix' });
    expect(calls(hub, 'FleetRolloutClusters')[0]?.variables).toMatchObject({
      target: { kind: 'Kustomization', namespace: 'apps', name: 'web' },
      groupBy: 'env',
      first: 100,
    });
    const charlie = matrix.querySelector('tr[data-rollout-cluster="charlie"]') as HTMLElement;
    expect(charlie).toHaveTextContent('Failing');
    expect(charlie).toHaveTextContent('main@sha1:bbbbbbb');
    expect(charlie).not.toHaveTextContent('older');
    const alpha = matrix.querySelector('tr[data-rollout-cluster="alpha"]') as HTMLElement;
    expect(alpha).toHaveTextContent('Ready');
    expect(alpha).toHaveTextContent('older');
    expect(matrix.querySelector('tr[data-rollout-cluster="bravo"]')).toHaveTextContent('Suspended');
    const headings = within(matrix)
      .getAllByRole('rowheader')
      .filter((h) => h.getAttribute('scope') === 'rowgroup');
    expect(headings.map((h) => h.textContent)).toEqual([
      'env=dev · 1 cluster: 1 on the newest revision, 0 on older',
      'env=prod · 2 clusters: 0 on the newest revision, 2 on older',
    ]);
    expect(screen.getByText(/still on an older one/).closest('p')).toHaveTextContent(
      '1 of 3 clusters are on the newest revision (main@sha1:bbbbbbb); 2 still on an older one.',
    );
    const perGroup = screen.getByRole('table', { name: 'Newest revision by env' });
    expect(within(perGroup).getByRole('rowheader', { name: 'env=prod' }).closest('tr')).toHaveTextContent(
      '2020',
    );
    // The chart library loads apart from the page, so the figure comes a little later.
    const legend = await screen.findByRole(
      'figure',
      { name: 'How the newest revisions spread' },
      { timeout: 10_000 },
    );
    expect(legend.querySelector(`[data-spread="${A}"]`)).toHaveTextContent('3 clusters');
  });

  it('shows clusters the object is placed on and has not reported as Pending with the reason, and counts them apart', async () => {
    const pendingRow = (id: string, name: string, state: string, reason: string) => ({
      ...row(id, name, 'prod', 'READY', A),
      connectionState: state,
      lastSeenAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      cells: [],
      pending: [{ object: 0, reason }],
    });
    mockHub({
      FleetRolloutSummary: () =>
        summary({
          clusters: 4,
          pending: 2,
          revisions: [{ revision: A, clusters: 2, newest: true, firstSeenAt: new Date().toISOString() }],
          groups: [{ value: 'prod', clusters: 4, onNewest: 2, onOlder: 0, pending: 2 }],
        }),
      FleetRolloutClusters: () =>
        page([
          row('c-1', 'alpha', 'prod', 'READY', A),
          row('c-2', 'bravo', 'prod', 'READY', A),
          pendingRow('c-3', 'charlie', 'DISCONNECTED', 'DISCONNECTED'),
          pendingRow('c-4', 'delta', 'CONNECTED', 'NOT_ACKNOWLEDGED'),
        ]),
      FleetRolloutSpread: () => spread,
    });
    renderRoute(<RolloutRoute />, { path: PATH });
    const matrix = await screen.findByRole('table', { name: 'Rollout matrix' });
    const charlie = matrix.querySelector('tr[data-rollout-cluster="charlie"]') as HTMLElement;
    expect(charlie).toHaveTextContent('Pending (not reported) agent disconnected since 2 h ago');
    expect(charlie.querySelector('td[data-pending="DISCONNECTED"]')).not.toBeNull();
    expect(matrix.querySelector('tr[data-rollout-cluster="delta"]')).toHaveTextContent(
      'Pending (not reported) assignment not acknowledged yet',
    );
    expect(matrix.querySelector('tr[data-rollout-cluster="alpha"]')).not.toHaveTextContent('Pending');
    const heading = within(matrix)
      .getAllByRole('rowheader')
      .find((h) => h.getAttribute('scope') === 'rowgroup');
    expect(heading).toHaveTextContent(
      'env=prod · 4 clusters: 2 on the newest revision, 0 on older, 2 pending (not reported)',
    );
    expect(screen.getByText(/still on an older one/).closest('p')).toHaveTextContent(
      '2 of 4 clusters are on the newest revision (main@sha1:aaaaaaa); 0 still on an older one; 2 pending (placed, not reported yet).',
    );
    expect(
      screen.getByRole('list', { name: 'Clusters per revision' }).querySelector('[data-revision="pending"]'),
    ).toHaveTextContent('Pending (not reported)2 clusters');
    const perGroup = screen.getByRole('table', { name: 'Newest revision by env' });
    expect(within(perGroup).getByRole('columnheader', { name: 'Pending' })).toBeInTheDocument();
    expect(await screen.findByText(/have not reported them yet \(Pending\)/)).toHaveTextContent(
      '2 clusters the objects are placed on have not reported them yet (Pending).',
    );
  });

  it('regroups by another label through the URL, and refuses a key that is not a label key', async () => {
    const hub = mockHub({
      FleetRolloutSummary: () => summary({ groups: [] }),
      FleetRolloutClusters: () => page([row('c-1', 'alpha', 'eu', 'READY', A)]),
      FleetRolloutSpread: () => spread,
    });
    const { router } = renderRoute(<RolloutRoute />, { path: PATH });
    await screen.findByRole('table', { name: 'Rollout matrix' });
    const input = screen.getByLabelText('Group clusters by label');
    await userEvent.clear(input);
    await userEvent.type(input, 'bad key!');
    await userEvent.click(screen.getByRole('button', { name: 'Group' }));
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(router.state.location.search).toContain('group=env');
    await userEvent.clear(input);
    await userEvent.type(input, 'region');
    await userEvent.click(screen.getByRole('button', { name: 'Group' }));
    expect(router.state.location.search).toContain('group=region');
    await waitFor(() => expect(calls(hub, 'FleetRolloutClusters').at(-1)?.variables?.groupBy).toBe('region'));
  });

  it('patches only the row a live report concerns, fetched by id', async () => {
    let alphaRevision = A;
    const hub = mockHub({
      FleetRolloutSummary: () => summary(),
      FleetRolloutClusters: (req) =>
        req.variables?.ids
          ? page([row('c-1', 'alpha', 'prod', 'PROGRESSING', alphaRevision)])
          : page([row('c-1', 'alpha', 'prod', 'READY', A), row('c-2', 'bravo', 'prod', 'READY', A)]),
      FleetRolloutSpread: () => spread,
    });
    const { queryClient } = renderRoute(<RolloutRoute />, { path: PATH });
    const matrix = await screen.findByRole('table', { name: 'Rollout matrix' });
    const bravoBefore = matrix.querySelector('tr[data-rollout-cluster="bravo"]');
    alphaRevision = B;
    await invalidateOnEvent(queryClient, { name: 'fluxObjects.changed', payload: { clusterId: 'c-1' } });
    await waitFor(
      () => expect(matrix.querySelector('tr[data-rollout-cluster="alpha"]')).toHaveTextContent('Progressing'),
      { timeout: ROLLOUT_PATCH_DELAY_MS * 6 },
    );
    expect(matrix.querySelector('tr[data-rollout-cluster="alpha"]')).toHaveTextContent('main@sha1:bbbbbbb');
    expect(calls(hub, 'FleetRolloutClusters').at(-1)?.variables).toMatchObject({ ids: ['c-1'] });
    // The other row is the same element: nothing re-rendered it away.
    expect(matrix.querySelector('tr[data-rollout-cluster="bravo"]')).toBe(bravoBefore);
    // A report about a cluster not in the matrix fetches nothing.
    const before = calls(hub, 'FleetRolloutClusters').length;
    await invalidateOnEvent(queryClient, { name: 'fluxObjects.changed', payload: { clusterId: 'c-9' } });
    await new Promise((r) => setTimeout(r, ROLLOUT_PATCH_DELAY_MS * 2));
    expect(calls(hub, 'FleetRolloutClusters').length).toBe(before);
  });

  it('says what failed when the hub refuses, and asks for a target without one', async () => {
    mockHub({
      FleetRolloutSummary: () => gqlError('BAD_USER_INPUT', 'groupBy is not a label key', 'groupBy'),
      FleetRolloutClusters: () => gqlError('BAD_USER_INPUT', 'groupBy is not a label key', 'groupBy'),
      FleetRolloutSpread: () => spread,
    });
    renderRoute(<RolloutRoute />, { path: PATH });
    expect(await screen.findByText('Could not load the revisions')).toBeInTheDocument();
    mockHub({});
    renderRoute(<RolloutRoute />, { path: '/' });
    expect(await screen.findByText(/Open the rollout from a source/)).toBeInTheDocument();
  });
});
