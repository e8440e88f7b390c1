import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import { FleetOverview } from './fleet-overview';

const summary = {
  fleetSummary: {
    clusters: { connected: 8, disconnected: 1, pending: 1, revoked: 0 },
    objects: { ready: 90, progressing: 4, failing: 3, stalled: 1, suspended: 2 },
  },
};
const attention = {
  fleetAttention: {
    totalCount: 2,
    items: [
      {
        type: 'DISCONNECTED',
        clusterId: 'c-2',
        clusterName: 'edge-2',
        kind: null,
        namespace: null,
        name: null,
        reason: null,
        message: null,
        since: new Date(Date.now() - 3_600_000).toISOString(),
      },
      {
        type: 'FAILING',
        clusterId: 'c-1',
        clusterName: 'prod-1',
        kind: 'Kustomization',
        namespace: 'apps',
        name: 'web',
        reason: 'HealthCheckFailed',
        message: 'Deployment/apps/web not ready',
        since: new Date(Date.now() - 120_000).toISOString(),
      },
    ],
  },
};
const event = (id: string, severity: 'INFO' | 'ERROR', message: string) => ({
  id,
  clusterId: 'c-1',
  clusterName: 'prod-1',
  kind: 'Kustomization',
  namespace: 'apps',
  name: 'web',
  severity,
  reason: 'Progressing',
  message,
  revision: null,
  occurredAt: new Date().toISOString(),
});
const activity = (items: unknown[]) =>
  gqlData({ fleetActivity: { pageInfo: { hasNextPage: false, endCursor: null }, items } });

describe('FleetOverview', () => {
  it('draws the counts and says every one in words', async () => {
    mockHub({
      FleetSummary: () => gqlData(summary),
      FleetAttention: () => gqlData(attention),
      FleetActivity: () => activity([]),
    });
    renderRoute(<FleetOverview />);
    // The chart library loads apart from the page, so the figure comes a little later.
    const clusters = await screen.findByRole('figure', { name: 'Clusters' }, { timeout: 10_000 });
    expect(clusters).toHaveTextContent('10 clusters');
    expect(within(clusters).getByText('Disconnected').closest('li')).toHaveTextContent('1 Disconnected');
    const objects = screen.getByRole('figure', { name: 'Flux objects' });
    expect(objects).toHaveTextContent('100 flux objects');
    for (const [label, n] of [
      ['Ready', 90],
      ['Progressing', 4],
      ['Failing', 3],
      ['Stalled', 1],
      ['Suspended', 2],
    ] as const) {
      expect(within(objects).getByText(label).closest('li')).toHaveTextContent(`${n} ${label}`);
    }
    // The drawing is there, hidden from assistive technology in favour of the legend.
    expect(objects.querySelector('[aria-hidden="true"] svg')).not.toBeNull();
    // Nothing in the hidden drawing takes focus (a focusable element under aria-hidden is an axe violation).
    expect(objects.querySelectorAll('[aria-hidden="true"] [tabindex]:not([tabindex="-1"])')).toHaveLength(0);
  });

  it('lists what needs attention, each one click from its detail', async () => {
    mockHub({
      FleetSummary: () => gqlData(summary),
      FleetAttention: () => gqlData(attention),
      FleetActivity: () => activity([]),
    });
    renderRoute(<FleetOverview />);
    const list = await screen.findByRole('list', { name: 'Needs attention' });
    expect(screen.getByRole('heading', { name: 'Needs attention (2)' })).toBeInTheDocument();
    const [gone, failing] = within(list).getAllByRole('listitem');
    expect(gone).toHaveTextContent('Disconnected');
    expect(gone).toHaveTextContent('last seen 1 h ago');
    expect(within(gone!).getByRole('link', { name: 'Cluster edge-2' })).toHaveAttribute(
      'href',
      '/clusters/c-2',
    );
    expect(failing).toHaveTextContent('HealthCheckFailed');
    expect(failing).toHaveTextContent('Deployment/apps/web not ready');
    expect(failing).toHaveTextContent('since 2 min ago');
    expect(within(failing!).getByRole('link', { name: 'Kustomization/apps/web' })).toHaveAttribute(
      'href',
      '/flux-objects?cluster=c-1&kind=Kustomization&q=web',
    );
  });

  it('says so when nothing needs attention, and shows a load error where it happened', async () => {
    mockHub({
      FleetSummary: () => gqlError('INTERNAL_SERVER_ERROR', 'database unavailable'),
      FleetAttention: () => gqlData({ fleetAttention: { totalCount: 0, items: [] } }),
      FleetActivity: () => activity([]),
    });
    renderRoute(<FleetOverview />);
    await screen.findByText(/Nothing needs attention/);
    expect(await screen.findByText("Could not load the fleet's health")).toBeInTheDocument();
    expect(screen.getByText('No events match.')).toBeInTheDocument();
  });

  it('filters the activity by severity, kind and labels, kept in the URL', async () => {
    const hub = mockHub({
      FleetSummary: () => gqlData(summary),
      FleetAttention: () => gqlData(attention),
      FleetActivity: (req) => {
        const f = req.variables?.filter as { severities: string[] | null } | undefined;
        return activity(
          f?.severities?.[0] === 'ERROR'
            ? [event('2', 'ERROR', 'apply failed')]
            : [event('1', 'INFO', 'applied'), event('2', 'ERROR', 'apply failed')],
        );
      },
    });
    const { router } = renderRoute(<FleetOverview />, { path: '/?eventKind=Kustomization' });
    const events = await screen.findByRole('list', { name: 'Events' });
    expect(within(events).getAllByRole('listitem')).toHaveLength(2);
    expect(events).toHaveTextContent('on prod-1');
    const calls = () => hub.requests.filter((r) => r.operationName === 'FleetActivity');
    expect(calls()[0]?.variables?.filter).toEqual({
      severities: null,
      kinds: ['Kustomization'],
      selector: null,
    });

    await userEvent.selectOptions(screen.getByLabelText('Severity'), 'error');
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Events' })).getAllByRole('listitem')).toHaveLength(1),
    );
    expect(router.state.location.search).toContain('eventSeverity=error');

    const labels = screen.getByLabelText('Cluster labels');
    await userEvent.type(labels, 'env in (prod{Enter}');
    expect(await screen.findByText(/expected/i)).toBeInTheDocument();
    expect(labels).toHaveAttribute('aria-invalid', 'true');
    await userEvent.clear(labels);
    await userEvent.type(labels, 'env=prod{Enter}');
    await waitFor(() =>
      expect(calls().at(-1)?.variables?.filter).toEqual({
        severities: ['ERROR'],
        kinds: ['Kustomization'],
        selector: 'env=prod',
      }),
    );
    expect(router.state.location.search).toContain('eventLabels=env%3Dprod');
  });
});
