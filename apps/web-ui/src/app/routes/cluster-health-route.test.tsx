import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub, type RecordedRequest } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { ClusterHealthRoute } from './cluster-health-route';

const row = (i: number, over: Record<string, unknown> = {}) => ({
  id: `c-${i}`,
  name: `edge-${String(i).padStart(5, '0')}`,
  labels: [{ key: 'env', value: 'prod' }],
  connectionState: 'CONNECTED',
  lastSeenAt: new Date().toISOString(),
  total: 10,
  ready: 10,
  failing: 0,
  stalled: 0,
  progressing: 0,
  suspended: 0,
  worst: 'READY',
  worstReason: null,
  revisions: 1,
  behind: 0,
  ...over,
});
const page = (rows: unknown[], totalCount = rows.length, endCursor: string | null = null) =>
  gqlData({
    fleetClusters: { totalCount, pageInfo: { hasNextPage: endCursor !== null, endCursor }, rows },
  });
const calls = (hub: { requests: RecordedRequest[] }) =>
  hub.requests.filter((r) => r.operationName === 'FleetClusters');

describe('ClusterHealthRoute', () => {
  // happy-dom lays nothing out, so every box is 0 px high and a virtualizer would show no row: give the table's
  // scroll box the height of a screen.
  const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  });
  afterAll(() => {
    if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
  });

  it('shows each cluster’s Ready share, failing count, worst health with its reason and revision spread', async () => {
    mockHub({
      FleetClusters: () =>
        page([
          row(1, {
            ready: 7,
            failing: 2,
            stalled: 1,
            worst: 'STALLED',
            worstReason: 'InvalidPath',
            revisions: 2,
            behind: 3,
          }),
          row(2, {
            total: 0,
            ready: 0,
            worst: null,
            revisions: 0,
            connectionState: 'PENDING',
            lastSeenAt: null,
          }),
        ]),
    });
    renderRoute(<ClusterHealthRoute />);
    const tableEl = await screen.findByRole('table', { name: 'Cluster health' });
    expect(tableEl).toHaveAttribute('aria-rowcount', '3');
    const first = tableEl.querySelector('tr[data-health-cluster="edge-00001"]') as HTMLElement;
    expect(first).toHaveTextContent('7/10');
    expect(within(first).getByTitle('7 of 10 Flux objects Ready')).toBeInTheDocument();
    expect(first).toHaveTextContent('Stalled');
    expect(first).toHaveTextContent('InvalidPath');
    expect(first).toHaveTextContent('2 revisions');
    expect(first).toHaveTextContent('3 behind');
    expect(within(first).getByRole('link', { name: 'edge-00001' })).toHaveAttribute('href', '/clusters/c-1');
    const second = tableEl.querySelector('tr[data-health-cluster="edge-00002"]') as HTMLElement;
    expect(second).toHaveTextContent('No Flux objects');
    expect(second).toHaveTextContent('Pending');
    expect(screen.getByText('2 clusters')).toBeInTheDocument();
  });

  it('sends the filter and order from the URL, and a header click changes the order in the URL', async () => {
    const hub = mockHub({ FleetClusters: () => page([row(1)]) });
    const { router } = renderRoute(<ClusterHealthRoute />, {
      path: '/?selector=env%3Dprod&q=edge&worst=FAILING&state=CONNECTED&sort=worst',
    });
    await screen.findByRole('table', { name: 'Cluster health' });
    expect(calls(hub)[0]?.variables).toMatchObject({
      filter: {
        selector: 'env=prod',
        search: 'edge',
        worst: ['FAILING'],
        connectionStates: ['CONNECTED'],
        behind: null,
      },
      sort: { field: 'WORST', descending: false },
      first: 100,
      after: null,
    });
    const worst = screen.getByRole('columnheader', { name: /Worst/ });
    expect(worst).toHaveAttribute('aria-sort', 'ascending');
    await userEvent.click(within(worst).getByRole('button'));
    expect(router.state.location.search).toContain('desc=1');
    await userEvent.click(within(screen.getByRole('columnheader', { name: /Failing/ })).getByRole('button'));
    expect(router.state.location.search).toContain('sort=failing');
    await waitFor(() =>
      expect(calls(hub).at(-1)?.variables?.sort).toEqual({ field: 'FAILING', descending: true }),
    );
    expect(screen.getByRole('columnheader', { name: /Failing/ })).toHaveAttribute('aria-sort', 'descending');
  });

  it('filters by worst health, state, name and a clicked label, each kept in the URL', async () => {
    const hub = mockHub({ FleetClusters: () => page([row(1)]) });
    const { router } = renderRoute(<ClusterHealthRoute />);
    await screen.findByRole('table', { name: 'Cluster health' });
    await userEvent.click(screen.getByRole('button', { name: 'Failing', pressed: false }));
    expect(screen.getByRole('button', { name: 'Failing', pressed: true })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Disconnected' }));
    await userEvent.type(screen.getByLabelText('Cluster name contains'), 'edge{Enter}');
    await userEvent.click(screen.getByRole('button', { name: 'Behind a revision', pressed: false }));
    await userEvent.click(await screen.findByRole('button', { name: 'Filter by env=prod' }));
    const search = new URLSearchParams(router.state.location.search);
    expect(Object.fromEntries(search)).toEqual({
      worst: 'FAILING',
      state: 'DISCONNECTED',
      q: 'edge',
      behind: '1',
      selector: 'env=prod',
    });
    await waitFor(() =>
      expect(calls(hub).at(-1)?.variables?.filter).toEqual({
        selector: 'env=prod',
        search: 'edge',
        worst: ['FAILING'],
        worstReasons: null,
        connectionStates: ['DISCONNECTED'],
        behind: true,
      }),
    );
  });

  it('a click on a worst reason filters by it; its chip removes it again', async () => {
    const hub = mockHub({
      FleetClusters: () =>
        page([row(1, { worst: 'FAILING', failing: 1, ready: 9, worstReason: 'HealthCheckFailed' })]),
    });
    const { router } = renderRoute(<ClusterHealthRoute />);
    await screen.findByRole('table', { name: 'Cluster health' });
    await userEvent.click(screen.getByRole('button', { name: 'HealthCheckFailed' }));
    expect(new URLSearchParams(router.state.location.search).get('reason')).toBe('HealthCheckFailed');
    await waitFor(() =>
      expect(calls(hub).at(-1)?.variables?.filter).toMatchObject({ worstReasons: ['HealthCheckFailed'] }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'HealthCheckFailed: remove this reason from the filter' }),
    );
    expect(router.state.location.search).toBe('');
    expect(screen.queryByRole('group', { name: 'Worst reason' })).not.toBeInTheDocument();
  });

  it('puts only a window of a large page in the DOM and asks for the next page before the end', async () => {
    const hub = mockHub({
      FleetClusters: (req) =>
        req.variables?.after === null
          ? page(
              Array.from({ length: 100 }, (_, i) => row(i)),
              10_000,
              'next-1',
            )
          : page(
              Array.from({ length: 100 }, (_, i) => row(100 + i)),
              10_000,
              'next-2',
            ),
    });
    renderRoute(<ClusterHealthRoute />);
    const tableEl = await screen.findByRole('table', { name: 'Cluster health' });
    expect(tableEl).toHaveAttribute('aria-rowcount', '10001');
    const rendered = tableEl.querySelectorAll('tr[data-health-cluster]').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(50);
    // Scrolling to the end of what is loaded fetches the next page with the cursor.
    const scroller = tableEl.parentElement as HTMLElement;
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 100 * 44 - 600 });
    scroller.dispatchEvent(new Event('scroll'));
    await waitFor(() => expect(calls(hub).map((c) => c.variables?.after)).toContain('next-1'));
  });

  it('explains an invalid selector without asking the hub, and shows a load error where the table was', async () => {
    const hub = mockHub({ FleetClusters: () => gqlError('INTERNAL_SERVER_ERROR', 'database unavailable') });
    renderRoute(<ClusterHealthRoute />, { path: '/?selector=env%20in%20(' });
    expect(await screen.findByText('Fix the selector to see clusters')).toBeInTheDocument();
    expect(calls(hub)).toHaveLength(0);
    await userEvent.clear(screen.getByLabelText('Label selector'));
    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(await screen.findByText('Could not load the clusters')).toBeInTheDocument();
  });

  it('an empty filter result offers to clear the filters', async () => {
    mockHub({
      FleetClusters: (req) => page((req.variables?.filter as { worst: unknown }).worst ? [] : [row(1)]),
    });
    const { router } = renderRoute(<ClusterHealthRoute />, { path: '/?worst=STALLED' });
    await userEvent.click(await screen.findByRole('button', { name: 'Clear filters' }));
    expect(router.state.location.search).toBe('');
    expect(await screen.findByRole('table', { name: 'Cluster health' })).toBeInTheDocument();
  });
});
