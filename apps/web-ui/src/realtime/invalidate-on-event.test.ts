import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { clusterKeys } from '../features/clusters/api/cluster-keys';
import { invalidateOnEvent, toUiEvent } from './invalidate-on-event';

const filters = { selector: '', after: null, first: 25 };

function seeded() {
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  qc.setQueryData(clusterKeys.list(filters), { page: 1 });
  qc.setQueryData(clusterKeys.detail('c1'), { id: 'c1' });
  qc.setQueryData(clusterKeys.detail('c2'), { id: 'c2' });
  qc.setQueryData(['auth', 'viewer'], { id: 'u' });
  const stale = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated ?? false;
  return { qc, stale };
}

describe('invalidateOnEvent', () => {
  it('cluster.changed stales the lists and that cluster only', async () => {
    const { qc, stale } = seeded();
    await invalidateOnEvent(qc, { name: 'cluster.changed', payload: { clusterId: 'c1' } });
    expect(stale(clusterKeys.list(filters))).toBe(true);
    expect(stale(clusterKeys.detail('c1'))).toBe(true);
    expect(stale(clusterKeys.detail('c2'))).toBe(false);
    expect(stale(['auth', 'viewer'])).toBe(false);
  });

  it('cluster.deleted drops the detail and stales the lists', async () => {
    const { qc, stale } = seeded();
    await invalidateOnEvent(qc, { name: 'cluster.deleted', payload: { clusterId: 'c2' } });
    expect(qc.getQueryData(clusterKeys.detail('c2'))).toBeUndefined();
    expect(stale(clusterKeys.list(filters))).toBe(true);
    expect(stale(clusterKeys.detail('c1'))).toBe(false);
  });

  it('a reconnect stales every cluster query (events may have been missed)', async () => {
    const { qc, stale } = seeded();
    await invalidateOnEvent(qc, { name: 'reconnected' });
    expect(stale(clusterKeys.detail('c1'))).toBe(true);
    expect(stale(clusterKeys.detail('c2'))).toBe(true);
    expect(stale(['auth', 'viewer'])).toBe(false);
  });
});

describe('toUiEvent', () => {
  it('accepts well-formed events', () => {
    expect(toUiEvent('cluster.changed', { clusterId: 'c1' })).toEqual({
      name: 'cluster.changed',
      payload: { clusterId: 'c1' },
    });
  });
  it.each([
    ['cluster.changed', {}],
    ['cluster.changed', null],
    ['cluster.deleted', { clusterId: 7 }],
    ['something.else', { clusterId: 'c1' }],
  ])('ignores %s %j', (name, payload) => {
    expect(toUiEvent(name, payload)).toBeNull();
  });
});
