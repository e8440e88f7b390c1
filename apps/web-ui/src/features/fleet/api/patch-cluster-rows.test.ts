import { describe, expect, it } from 'vitest';
import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import { waitFor } from '@testing-library/react';
import { gqlData, mockHub } from '../../../../test/mock-hub';
import { invalidateOnEvent } from '../../../realtime/invalidate-on-event';
import { fleetKeys, type ClusterTableFilters } from './fleet-keys';
import type { FleetClusterPage, FleetClusterRow } from './list-fleet-clusters';

const row = (id: string, ready: number): FleetClusterRow => ({
  id,
  name: id,
  labels: [],
  connectionState: 'CONNECTED',
  lastSeenAt: null,
  total: 3,
  ready,
  failing: 3 - ready,
  stalled: 0,
  progressing: 0,
  suspended: 0,
  worst: ready === 3 ? 'READY' : 'FAILING',
  worstReason: ready === 3 ? null : 'HealthCheckFailed',
  revisions: 1,
  behind: 0,
});
const filters: ClusterTableFilters = {
  selector: '',
  search: '',
  worst: [],
  reasons: [],
  states: [],
  behind: false,
  sort: 'NAME',
  descending: false,
};
const other: ClusterTableFilters = { ...filters, sort: 'WORST' };
const pageOf = (rows: FleetClusterRow[]): FleetClusterPage => ({
  totalCount: rows.length,
  pageInfo: { hasNextPage: false, endCursor: null },
  rows,
});

function loaded() {
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  const data: InfiniteData<FleetClusterPage, string | null> = {
    pages: [pageOf([row('a', 3), row('b', 3)]), pageOf([row('c', 3)])],
    pageParams: [null, 'p1'],
  };
  qc.setQueryData(fleetKeys.clusterTable(filters), data);
  qc.setQueryData(fleetKeys.clusterTable(other), { pages: [pageOf([row('b', 3)])], pageParams: [null] });
  const table = (f: ClusterTableFilters) =>
    qc.getQueryData<InfiniteData<FleetClusterPage, string | null>>(fleetKeys.clusterTable(f))!;
  return { qc, table };
}

describe('live cluster table rows', () => {
  it('events about loaded clusters are batched into one request by id, and only those rows change', async () => {
    const hub = mockHub({
      FleetClusters: (req) =>
        gqlData({
          fleetClusters: {
            totalCount: 2,
            pageInfo: { hasNextPage: false, endCursor: null },
            rows: (req.variables?.filter as { ids: string[] }).ids.map((id) => row(id, 1)),
          },
        }),
    });
    const { qc, table } = loaded();
    const before = table(filters);
    await invalidateOnEvent(qc, { name: 'fluxObjects.changed', payload: { clusterId: 'b' } });
    await invalidateOnEvent(qc, { name: 'cluster.changed', payload: { clusterId: 'c' } });
    await invalidateOnEvent(qc, { name: 'fluxObjects.changed', payload: { clusterId: 'b' } });
    await waitFor(() => expect(table(filters).pages[1]!.rows[0]!.ready).toBe(1));
    const requests = hub.requests.filter((r) => r.operationName === 'FleetClusters');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.variables).toMatchObject({ filter: { ids: ['b', 'c'] }, first: 2 });
    const after = table(filters);
    // Untouched rows keep their identity (their React rows do not re-render); the order stays.
    expect(after.pages[0]!.rows[0]).toBe(before.pages[0]!.rows[0]);
    expect(after.pages[0]!.rows.map((r) => [r.id, r.ready])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    // Every loaded table holding the cluster is patched, and none is refetched.
    expect(table(other).pages[0]!.rows[0]!.worstReason).toBe('HealthCheckFailed');
    expect(qc.getQueryState(fleetKeys.clusterTable(filters))?.isInvalidated).toBe(false);
  });

  it('an event about a cluster no table has loaded asks the hub nothing', async () => {
    const hub = mockHub({});
    const { qc, table } = loaded();
    await invalidateOnEvent(qc, { name: 'fluxObjects.changed', payload: { clusterId: 'zzz' } });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(hub.requests).toHaveLength(0);
    expect(table(filters).pages[0]!.rows[1]!.ready).toBe(3);
  });

  it('a failed refresh leaves the rows as they were, and a reconnect refetches the whole table', async () => {
    const hub = mockHub({ FleetClusters: () => ({ status: 500, body: { errors: [{ message: 'down' }] } }) });
    const { qc, table } = loaded();
    await invalidateOnEvent(qc, { name: 'fluxObjects.changed', payload: { clusterId: 'a' } });
    await waitFor(() => expect(hub.requests).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(table(filters).pages[0]!.rows[0]!.ready).toBe(3);
    await invalidateOnEvent(qc, { name: 'reconnected' });
    expect(qc.getQueryState(fleetKeys.clusterTable(filters))?.isInvalidated).toBe(true);
  });
});
