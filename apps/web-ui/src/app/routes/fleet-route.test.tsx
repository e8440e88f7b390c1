import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { quietFleet } from '../../../test/fleet-overview-handlers';
import { gqlData, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { FleetRoute } from './fleet-route';

const viewer = (role: string) => () =>
  gqlData({ viewer: { id: 'u1', username: 'ann', role, highestRole: role } });
const page = (nodes: unknown[], hasNextPage = false) =>
  gqlData({
    clusters: {
      totalCount: nodes.length,
      pageInfo: { hasNextPage, endCursor: hasNextPage ? 'cur-1' : null },
      edges: nodes.map((node, i) => ({ cursor: `c${i}`, node })),
    },
  });
const cluster = {
  id: 'c1',
  name: 'prod-eu-1',
  connectionState: 'CONNECTED',
  kubernetesVersion: 'v1.35.4',
  agentVersion: '0.1.0',
  nodeCount: 3,
  lastSeenAt: new Date(Date.now() - 20_000).toISOString(),
  createdAt: new Date().toISOString(),
  labels: [{ key: 'env', value: 'prod' }],
};

describe('FleetRoute', () => {
  it('empty fleet: operators get the call to action', async () => {
    mockHub({ ...quietFleet, Viewer: viewer('OPERATOR'), ListClusters: () => page([]) });
    renderRoute(<FleetRoute />);
    await screen.findByText('No clusters yet');
    expect(screen.getAllByRole('button', { name: 'Add cluster' })).toHaveLength(2);
  });

  it('viewers see no mutation buttons', async () => {
    mockHub({ ...quietFleet, Viewer: viewer('VIEWER'), ListClusters: () => page([]) });
    renderRoute(<FleetRoute />);
    await screen.findByText(/An operator or admin can add clusters/);
    expect(screen.queryByRole('button', { name: 'Add cluster' })).toBeNull();
  });

  it('renders a cluster row with state, versions, nodes, labels and last seen', async () => {
    mockHub({ ...quietFleet, Viewer: viewer('ADMIN'), ListClusters: () => page([cluster]) });
    renderRoute(<FleetRoute />);
    const row = (await screen.findByRole('link', { name: 'prod-eu-1' })).closest('tr');
    expect(row).toHaveTextContent('Connected');
    expect(row).toHaveTextContent('v1.35.4');
    expect(row).toHaveTextContent('0.1.0');
    expect(row).toHaveTextContent('env=prod');
    expect(row?.lastElementChild).toHaveTextContent(/^now$/); // Connected: heartbeats within the timeout
  });

  it('a cluster that is not connected shows when it was last seen, ticking', async () => {
    mockHub({
      ...quietFleet,
      Viewer: viewer('ADMIN'),
      ListClusters: () => page([{ ...cluster, connectionState: 'DISCONNECTED' }]),
    });
    renderRoute(<FleetRoute />);
    const row = (await screen.findByRole('link', { name: 'prod-eu-1' })).closest('tr');
    expect(row).toHaveTextContent('Disconnected');
    expect(row?.lastElementChild).toHaveTextContent(/^2\d s ago$/);
  });

  it('sends the selector from the URL and pages with the cursor', async () => {
    const hub = mockHub({
      ...quietFleet,
      Viewer: viewer('ADMIN'),
      ListClusters: () => page([cluster], true),
    });
    const { router } = renderRoute(<FleetRoute />, { path: '/?selector=env%3Dprod' });
    await screen.findByRole('link', { name: 'prod-eu-1' });
    const lists = () => hub.requests.filter((r) => r.operationName === 'ListClusters');
    expect(lists()[0]?.variables).toMatchObject({ selector: 'env=prod', after: null });
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() =>
      expect(lists().at(-1)?.variables).toMatchObject({ selector: 'env=prod', after: 'cur-1' }),
    );
    expect(router.state.location.search).toContain('page=cur-1');
  });

  it('an invalid selector is explained and not sent', async () => {
    const hub = mockHub({ ...quietFleet, Viewer: viewer('ADMIN'), ListClusters: () => page([]) });
    const user = userEvent.setup();
    const { router } = renderRoute(<FleetRoute />);
    await screen.findByText('No clusters yet');
    const input = screen.getByRole('searchbox', { name: 'Label selector' });
    await user.type(input, 'env in prod');
    expect(screen.getByText(/found 'prod' expected: '\('/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Filter' })).toBeDisabled();
    await user.clear(input);
    await user.type(input, 'env=prod{Enter}');
    await waitFor(() => expect(router.state.location.search).toBe('?selector=env%3Dprod'));
    await waitFor(() => expect(hub.requests.at(-1)?.variables).toMatchObject({ selector: 'env=prod' }));
    expect(hub.requests.some((r) => JSON.stringify(r.variables ?? {}).includes('env in prod'))).toBe(false);
  });

  it('"/" focuses the selector filter, but not while typing elsewhere', async () => {
    mockHub({ ...quietFleet, Viewer: viewer('ADMIN'), ListClusters: () => page([]) });
    const user = userEvent.setup();
    renderRoute(<FleetRoute />);
    await screen.findByText('No clusters yet');
    const input = screen.getByRole('searchbox', { name: 'Label selector' });
    expect(input).not.toHaveFocus();
    await user.keyboard('/');
    expect(input).toHaveFocus();
    expect(input).toHaveValue('');
  });

  it('clicking a label chip narrows the selector to that label', async () => {
    const hub = mockHub({ ...quietFleet, Viewer: viewer('VIEWER'), ListClusters: () => page([cluster]) });
    const { router } = renderRoute(<FleetRoute />, { path: '/?selector=tier%3Dweb' });
    await userEvent.click(await screen.findByRole('button', { name: 'Filter by env=prod' }));
    await waitFor(() =>
      expect(new URLSearchParams(router.state.location.search).get('selector')).toBe('env=prod,tier=web'),
    );
    await waitFor(() =>
      expect(hub.requests.at(-1)?.variables).toMatchObject({ selector: 'env=prod,tier=web' }),
    );
  });
});
